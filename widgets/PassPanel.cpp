#include "PassPanel.h"

#include "PassFamilies.h"
#include "PassFamilySection.h"
#include "SettingsKeys.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lookahead {

struct PassPanel::PassEntry {
    std::unique_ptr<Pass> pass;
    bool enabled = false;
    QGroupBox* box = nullptr;
    QLabel* statistics = nullptr;
    std::map<std::string, QWidget*> editors;
};

/// One change of the panel: the whole pipeline text before and after. Consecutive edits of the same
/// option (a spin box being dragged) merge into one step.
class PipelineTextCommand : public QUndoCommand {
public:
    PipelineTextCommand(PassPanel* panel, QString before, QString after, int mergeId)
        : m_panel(panel)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_mergeId(mergeId)
    {
        setText(QObject::tr("change pipeline to %1").arg(m_after.isEmpty() ? QObject::tr("(none)") : m_after));
    }
    void redo() override { m_panel->applyText(m_after); }
    void undo() override { m_panel->applyText(m_before); }
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand* other) override
    {
        if (other->id() != m_mergeId || m_mergeId < 0)
            return false;
        m_after = static_cast<const PipelineTextCommand*>(other)->m_after;
        setText(other->text());
        return true;
    }

private:
    PassPanel* m_panel;
    QString m_before, m_after;
    int m_mergeId;
};

namespace {
    QString optionToolTip(const OptionBase& option)
    {
        QString tip = QStringLiteral("<b>%1</b> — %2<br/>type: %3<br/>default: %4")
                          .arg(QString::fromStdString(option.name()).toHtmlEscaped(),
                              QString::fromStdString(option.help()).toHtmlEscaped(),
                              QString::fromStdString(option.typeText()).toHtmlEscaped(),
                              QString::fromStdString(option.defaultText()).toHtmlEscaped());
        // What the toolchains call it (the same declarations the Compiler Settings dock prints from).
        for (const std::string& line : describeToolchainNames(option))
            tip += QStringLiteral("<br/>in ") + QString::fromStdString(line).toHtmlEscaped();
        return tip;
    }

    QStringList toStringList(const std::vector<std::string>& words)
    {
        QStringList list;
        for (const auto& w : words)
            list << QString::fromStdString(w);
        return list;
    }
} // namespace

PassPanel::PassPanel(const PassRegistry& registry, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_undoStack(undoStack)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);

    auto* pipelineLabel = new QLabel(tr("Pipeline"), this);
    pipelineLabel->setStyleSheet(QStringLiteral("font-weight: 600;"));
    outer->addWidget(pipelineLabel);
    m_pipelineEdit = new QLineEdit(this);
    m_pipelineEdit->setPlaceholderText(tr("no passes: the unoptimized schedule"));
    m_pipelineEdit->setToolTip(tr("The pipeline as `lookahead batch run --pipeline` takes it. Edit and press Enter."));
    m_pipelineEdit->setClearButtonEnabled(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_pipelineEdit->setFont(mono);
    outer->addWidget(m_pipelineEdit);
    connect(m_pipelineEdit, &QLineEdit::returnPressed, this, [this] {
        const QString error = setPipelineText(m_pipelineEdit->text());
        showError(error);
    });
    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b11b1b;"));
    m_errorLabel->setVisible(false);
    outer->addWidget(m_errorLabel);

    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(new QLabel(tr("Preset"), this));
    m_presets = new QComboBox(this);
    m_presets->setToolTip(tr("Saved pipelines"));
    presetRow->addWidget(m_presets, 1);
    auto* save = new QToolButton(this);
    save->setText(tr("Save…"));
    save->setToolTip(tr("Save the current pipeline as a preset"));
    presetRow->addWidget(save);
    auto* remove = new QToolButton(this);
    remove->setText(tr("Delete"));
    presetRow->addWidget(remove);
    outer->addLayout(presetRow);
    connect(save, &QToolButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Save preset"), tr("Preset name:"), QLineEdit::Normal, m_presets->currentText(), &ok);
        if (ok && !name.trimmed().isEmpty())
            savePreset(name.trimmed());
    });
    connect(remove, &QToolButton::clicked, this, [this] {
        if (m_presets->currentIndex() > 0)
            deletePreset(m_presets->currentText());
    });
    connect(m_presets, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            loadPreset(m_presets->itemText(index));
    });

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 4, 0, 0);
    m_familiesLayout = new QVBoxLayout;
    m_familiesLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_familiesLayout);
    buildFamilies(content);
    if (m_entries.empty()) {
        auto* none = new QLabel(
            tr("No passes are registered in this build. The schedule shown is the unoptimized one."), content);
        none->setWordWrap(true);
        none->setStyleSheet(QStringLiteral("color: #606870;"));
        layout->addWidget(none);
    }
    layout->addStretch(1);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);
    refreshPresets();
    applyText(QString());
}

PassPanel::~PassPanel() = default;

void PassPanel::buildFamilies(QWidget* content)
{
    std::vector<FamilyApplicability> families = passFamiliesForPanel(nullptr, m_registry);
    // A pass no family claims still gets its box, under "Other passes".
    FamilyApplicability other { "other", tr("Other passes").toStdString(), true, {}, {} };
    for (const std::string& name : m_registry.names()) {
        const bool claimed = std::any_of(families.begin(), families.end(), [&](const FamilyApplicability& f) {
            return std::find(f.passes.begin(), f.passes.end(), name) != f.passes.end();
        });
        if (!claimed)
            other.passes.push_back(name);
    }
    if (!other.passes.empty())
        families.push_back(std::move(other));
    for (const FamilyApplicability& family : families) {
        auto* section
            = new PassFamilySection(QString::fromStdString(family.id), QString::fromStdString(family.title), content);
        for (const std::string& name : family.passes) {
            auto entry = std::make_unique<PassEntry>();
            entry->pass = m_registry.create(name);
            if (!entry->pass)
                continue;
            buildPass(*entry, section->body());
            m_entries.push_back(std::move(entry));
        }
        m_familiesLayout->addWidget(section);
        m_sections.push_back(section);
    }
}

void PassPanel::setGraph(const TaskGraph* graph)
{
    const std::vector<FamilyApplicability> families = passFamiliesForPanel(graph, m_registry);
    // Applicable families first and open, in the core's order; the others closed with their reason.
    std::vector<PassFamilySection*> ordered;
    for (const FamilyApplicability& family : families) {
        for (PassFamilySection* section : m_sections) {
            if (section->id() != QString::fromStdString(family.id))
                continue;
            section->setApplicability(family.applies, QString::fromStdString(family.reason));
            ordered.push_back(section);
        }
    }
    for (PassFamilySection* section : m_sections)
        if (std::find(ordered.begin(), ordered.end(), section) == ordered.end())
            ordered.push_back(section); // "other": always open
    std::stable_partition(ordered.begin(), ordered.end(), [](PassFamilySection* s) { return s->applies(); });
    for (PassFamilySection* section : ordered)
        m_familiesLayout->removeWidget(section);
    for (PassFamilySection* section : ordered)
        m_familiesLayout->addWidget(section);
    m_sections = std::move(ordered);
}

QWidget* PassPanel::createEditor(PassEntry& entry, OptionBase* option, QWidget* parent)
{
    QWidget* editor = nullptr;
    PassEntry* entryPtr = &entry;
    switch (option->kind()) {
    case OptionKind::Integer: {
        auto* integer = static_cast<IntegerOption*>(option);
        // QSpinBox is 32-bit; a double spin box with no decimals is exact up to 2^53, the format's limit.
        auto* spin = new QDoubleSpinBox(parent);
        spin->setDecimals(0);
        spin->setRange(double(integer->minimum()), double(integer->maximum()));
        spin->setGroupSeparatorShown(true);
        const double magnitude = std::pow(
            10.0, std::floor(std::log10(std::max<double>(10, double(std::get<std::int64_t>(integer->value()))))));
        spin->setSingleStep(std::max(1.0, magnitude / 10));
        if (!integer->unit().empty())
            spin->setSuffix(QLatin1Char(' ') + QString::fromStdString(integer->unit()));
        spin->setKeyboardTracking(false);
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, entryPtr, option](double value) {
            optionEdited(*entryPtr, *option, OptionValue(std::int64_t(std::llround(value))));
        });
        editor = spin;
        break;
    }
    case OptionKind::Bool: {
        auto* check = new QCheckBox(parent);
        connect(check, &QCheckBox::toggled, this,
            [this, entryPtr, option](bool on) { optionEdited(*entryPtr, *option, OptionValue(on)); });
        editor = check;
        break;
    }
    case OptionKind::Enum: {
        auto* combo = new QComboBox(parent);
        for (const auto& choice : static_cast<EnumOption*>(option)->choices())
            combo->addItem(QString::fromStdString(choice));
        connect(combo, &QComboBox::activated, this, [this, entryPtr, option, combo](int) {
            optionEdited(*entryPtr, *option, OptionValue(combo->currentText().toStdString()));
        });
        editor = combo;
        break;
    }
    case OptionKind::Word: {
        auto* line = new QLineEdit(parent);
        line->setPlaceholderText(QString::fromStdString(option->defaultText()));
        connect(line, &QLineEdit::editingFinished, this, [this, entryPtr, option, line] {
            optionEdited(*entryPtr, *option, OptionValue(line->text().trimmed().toStdString()));
        });
        editor = line;
        break;
    }
    case OptionKind::List: {
        auto* line = new QLineEdit(parent);
        line->setPlaceholderText(QString::fromStdString(option->defaultText()));
        connect(line, &QLineEdit::editingFinished, this, [this, entryPtr, option, line] {
            std::vector<std::string> words;
            for (const QString& word : line->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
                if (!word.trimmed().isEmpty())
                    words.push_back(word.trimmed().toStdString());
            optionEdited(*entryPtr, *option, OptionValue(words));
        });
        editor = line;
        break;
    }
    }
    return editor;
}

void PassPanel::buildPass(PassEntry& entry, QVBoxLayout* layout)
{
    Pass& pass = *entry.pass;
    const QString passName = QString::fromUtf8(pass.name().data(), qsizetype(pass.name().size()));
    auto* box = new QGroupBox(passName, layout->parentWidget());
    box->setObjectName(passName);
    box->setCheckable(true);
    box->setChecked(false);
    box->setToolTip(QString::fromUtf8(pass.summary().data(), qsizetype(pass.summary().size())));
    entry.box = box;
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight);
    auto* summary = new QLabel(box->toolTip(), box);
    summary->setWordWrap(true);
    summary->setStyleSheet(QStringLiteral("color: #606870;"));
    form->addRow(summary);

    PassEntry* entryPtr = &entry;
    connect(box, &QGroupBox::toggled, this, [this, entryPtr](bool on) {
        if (m_applying)
            return;
        entryPtr->enabled = on;
        const std::string name(entryPtr->pass->name());
        if (on && std::find(m_order.begin(), m_order.end(), name) == m_order.end())
            m_order.push_back(name);
        const QString newText = composeText();
        entryPtr->enabled = !on; // the command applies it, so undo sees the old state
        pushChange(newText, -1);
    });

    for (OptionBase* option : pass.options()) {
        const QString optionName = QString::fromStdString(option->name());
        QWidget* editor = createEditor(entry, option, box);
        editor->setObjectName(passName + QLatin1Char('.') + optionName);
        editor->setToolTip(optionToolTip(*option));
        auto* label = new QLabel(optionName, box);
        label->setToolTip(editor->toolTip());
        form->addRow(label, editor);
        entry.editors[option->name()] = editor;
    }
    entry.statistics = new QLabel(box);
    entry.statistics->setWordWrap(true);
    entry.statistics->setStyleSheet(QStringLiteral("color: #2f5f8f;"));
    entry.statistics->setVisible(false);
    form->addRow(entry.statistics);
    layout->addWidget(box);
}

QString PassPanel::setOption(const QString& pass, const QString& option, const QString& value)
{
    for (auto& entry : m_entries) {
        if (QString::fromUtf8(entry->pass->name().data(), qsizetype(entry->pass->name().size())) != pass)
            continue;
        OptionBase* target = entry->pass->findOption(option.toStdString());
        if (!target)
            return tr("pass %1 has no option %2").arg(pass, option);
        // Parse on a scratch pass (as the sweep does: the value is a word of pipeline text).
        auto scratch = m_registry.create(entry->pass->name());
        OptionText text;
        text.word = value.toStdString();
        Status parsed = scratch->findOption(target->name())->parse(text);
        if (!parsed.ok())
            return QString::fromStdString(parsed.error().toString());
        optionEdited(*entry, *target, scratch->findOption(target->name())->value(), false);
        return {};
    }
    return tr("unknown pass %1").arg(pass);
}

void PassPanel::optionEdited(PassEntry& entry, OptionBase& option, const OptionValue& value, bool mergeable)
{
    if (m_applying)
        return;
    // Compose the text the edit leads to on a scratch copy of the pass, so the panel's state changes
    // only through the undo command.
    auto scratch = m_registry.create(entry.pass->name());
    for (OptionBase* o : entry.pass->options())
        if (o->isSet())
            (void)scratch->findOption(o->name())->setValue(o->value());
    Status status = scratch->findOption(option.name())->setValue(value);
    if (!status.ok()) {
        showError(QString::fromStdString(status.error().toString()));
        refreshEditors();
        return;
    }
    showError({});
    // Editing an option of a disabled pass enables it: the edit would be pointless otherwise.
    const std::string name(entry.pass->name());
    const bool wasEnabled = entry.enabled;
    std::swap(entry.pass, scratch);
    entry.enabled = true;
    if (std::find(m_order.begin(), m_order.end(), name) == m_order.end())
        m_order.push_back(name);
    const QString newText = composeText();
    std::swap(entry.pass, scratch);
    entry.enabled = wasEnabled;
    const int mergeId = mergeable ? int(qHash(QString::fromStdString(name + "." + option.name())) & 0x7fffffff) : -1;
    pushChange(newText, mergeId);
}

void PassPanel::pushChange(const QString& newText, int mergeId)
{
    if (newText == m_text) {
        refreshEditors();
        return;
    }
    if (m_undoStack)
        m_undoStack->push(new PipelineTextCommand(this, m_text, newText, mergeId));
    else
        applyText(newText);
}

QString PassPanel::setPipelineText(const QString& text)
{
    auto parsed = Pipeline::parse(text.trimmed().toStdString(), m_registry);
    if (!parsed.ok())
        return QString::fromStdString(parsed.error().toString());
    std::vector<std::string> seen;
    for (const auto& pass : parsed.value().passes) {
        const std::string name(pass->name());
        if (std::find(seen.begin(), seen.end(), name) != seen.end())
            return tr("pass %1 appears twice; the panel holds each pass once").arg(QString::fromStdString(name));
        seen.push_back(name);
    }
    pushChange(QString::fromStdString(parsed.value().print()), -1);
    return {};
}

void PassPanel::applyText(const QString& text)
{
    auto parsed = Pipeline::parse(text.toStdString(), m_registry);
    if (!parsed.ok())
        return; // only canonical texts reach here
    m_order.clear();
    for (auto& entry : m_entries) {
        entry->enabled = false;
        for (OptionBase* option : entry->pass->options())
            option->reset();
    }
    for (const auto& pass : parsed.value().passes) {
        const std::string name(pass->name());
        for (auto& entry : m_entries) {
            if (entry->pass->name() != name)
                continue;
            entry->enabled = true;
            m_order.push_back(name);
            for (OptionBase* option : pass->options())
                if (option->isSet())
                    (void)entry->pass->findOption(option->name())->setValue(option->value());
        }
    }
    m_text = composeText();
    refreshEditors();
    emit pipelineChanged(m_text);
}

QString PassPanel::composeText() const
{
    QStringList parts;
    for (const std::string& name : m_order)
        for (const auto& entry : m_entries)
            if (entry->pass->name() == name && entry->enabled)
                parts << QString::fromStdString(entry->pass->print());
    return parts.join(QLatin1Char(','));
}

void PassPanel::refreshEditors()
{
    m_applying = true;
    for (auto& entry : m_entries) {
        entry->box->setChecked(entry->enabled);
        for (OptionBase* option : entry->pass->options()) {
            QWidget* editor = entry->editors[option->name()];
            const QSignalBlocker blocker(editor);
            const QFont font = [&] {
                QFont f = editor->font();
                f.setBold(option->isSet()); // set options stand out from defaults
                return f;
            }();
            editor->setFont(font);
            const OptionValue value = option->value();
            switch (option->kind()) {
            case OptionKind::Integer:
                static_cast<QDoubleSpinBox*>(editor)->setValue(double(std::get<std::int64_t>(value)));
                break;
            case OptionKind::Bool:
                static_cast<QCheckBox*>(editor)->setChecked(std::get<bool>(value));
                break;
            case OptionKind::Enum:
                static_cast<QComboBox*>(editor)->setCurrentText(QString::fromStdString(std::get<std::string>(value)));
                break;
            case OptionKind::Word:
                static_cast<QLineEdit*>(editor)->setText(QString::fromStdString(std::get<std::string>(value)));
                break;
            case OptionKind::List:
                static_cast<QLineEdit*>(editor)->setText(
                    toStringList(std::get<std::vector<std::string>>(value)).join(QStringLiteral(", ")));
                break;
            }
        }
    }
    if (m_pipelineEdit->text() != m_text)
        m_pipelineEdit->setText(m_text);
    m_applying = false;
}

QWidget* PassPanel::editor(const QString& pass, const QString& option) const
{
    for (const auto& entry : m_entries)
        if (QString::fromUtf8(entry->pass->name().data(), qsizetype(entry->pass->name().size())) == pass) {
            auto it = entry->editors.find(option.toStdString());
            return it == entry->editors.end() ? nullptr : it->second;
        }
    return nullptr;
}

QGroupBox* PassPanel::passBox(const QString& pass) const
{
    for (const auto& entry : m_entries)
        if (entry->box->objectName() == pass)
            return entry->box;
    return nullptr;
}

void PassPanel::showRecords(const std::vector<PassRecord>& records)
{
    for (auto& entry : m_entries) {
        QStringList lines;
        for (const PassRecord& record : records) {
            if (record.name != entry->pass->name())
                continue;
            QStringList stats;
            for (const auto& [name, value] : record.statistics)
                stats << QStringLiteral("%1 %2").arg(QString::fromStdString(name)).arg(value);
            lines << QStringLiteral("%1 · %2 ms")
                         .arg(stats.isEmpty() ? tr("ran") : stats.join(QStringLiteral(", ")))
                         .arg(record.seconds * 1000, 0, 'f', 1);
            for (const auto& warning : record.warnings)
                lines << QStringLiteral("⚠ %1").arg(QString::fromStdString(warning));
        }
        entry->statistics->setText(lines.join(QLatin1Char('\n')));
        entry->statistics->setVisible(!lines.isEmpty());
    }
}

void PassPanel::showError(const QString& message)
{
    m_errorLabel->setText(message);
    m_errorLabel->setVisible(!message.isEmpty());
}

QStringList PassPanel::presetNames() const
{
    QSettings settings;
    settings.beginGroup(SettingsKeys::presetsGroup());
    QStringList names = settings.childKeys();
    names.sort();
    return names;
}

void PassPanel::savePreset(const QString& name)
{
    QSettings settings;
    settings.beginGroup(SettingsKeys::presetsGroup());
    settings.setValue(name, m_text);
    settings.endGroup();
    refreshPresets();
    m_presets->setCurrentText(name);
}

bool PassPanel::loadPreset(const QString& name)
{
    QSettings settings;
    settings.beginGroup(SettingsKeys::presetsGroup());
    if (!settings.contains(name))
        return false;
    const QString error = setPipelineText(settings.value(name).toString());
    showError(error.isEmpty() ? QString() : tr("preset %1: %2").arg(name, error));
    return error.isEmpty();
}

void PassPanel::deletePreset(const QString& name)
{
    QSettings settings;
    settings.beginGroup(SettingsKeys::presetsGroup());
    settings.remove(name);
    settings.endGroup();
    refreshPresets();
}

void PassPanel::refreshPresets()
{
    const QSignalBlocker blocker(m_presets);
    m_presets->clear();
    m_presets->addItem(tr("(choose a preset)"));
    m_presets->addItems(presetNames());
}

} // namespace lookahead
