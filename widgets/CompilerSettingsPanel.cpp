#include "CompilerSettingsPanel.h"

#include "PassPanel.h"
#include "RunController.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFontDatabase>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace lookahead {

namespace {
    QLabel* greyLabel(const QString& text, QWidget* parent)
    {
        auto* label = new QLabel(text, parent);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setStyleSheet(QStringLiteral("color: #7a8088;"));
        return label;
    }
} // namespace

CompilerSettingsPanel::CompilerSettingsPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    m_header = new QLabel(this);
    m_header->setWordWrap(true);
    outer->addWidget(m_header);
    m_showDefaults = new QCheckBox(tr("Show values at the toolchain's default"), this);
    m_showDefaults->setToolTip(tr("Also list values equal to a toolchain's default or hard-coded value (--all)"));
    outer->addWidget(m_showDefaults);
    connect(m_showDefaults, &QCheckBox::toggled, this, &CompilerSettingsPanel::setShowDefaults);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b11b1b;"));
    m_error->setVisible(false);
    outer->addWidget(m_error);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_content = new QWidget(scroll);
    m_contentLayout = new QVBoxLayout(m_content);
    m_contentLayout->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(m_content);
    outer->addWidget(scroll, 1);
    rebuild();
}

void CompilerSettingsPanel::follow(PassPanel* passes, RunController* controller)
{
    connect(passes, &PassPanel::pipelineChanged, this, &CompilerSettingsPanel::setPipeline);
    connect(controller, &RunController::graphLoaded, this, [this](const std::shared_ptr<const LoadedGraph>& loaded) {
        if (loaded && loaded->baseline && loaded->baseline->graph)
            setPlatform(loaded->baseline->graph->platform);
    });
    if (auto loaded = controller->loaded(); loaded && loaded->baseline && loaded->baseline->graph)
        m_platform = loaded->baseline->graph->platform;
    setPipeline(passes->pipelineText());
}

void CompilerSettingsPanel::setPipeline(const QString& pipeline)
{
    m_pipelineText = pipeline;
    rebuild();
}

void CompilerSettingsPanel::setPlatform(const Platform& platform)
{
    m_platform = platform;
    rebuild();
}

void CompilerSettingsPanel::setShowDefaults(bool all)
{
    if (m_showDefaults->isChecked() != all)
        m_showDefaults->setChecked(all); // toggled() comes back here
    if (m_all == all)
        return;
    m_all = all;
    rebuild();
}

QToolButton* CompilerSettingsPanel::copyButton(const QString& toolchain) const
{
    auto it = m_copyButtons.find(toolchain);
    return it == m_copyButtons.end() ? nullptr : it->second;
}

QPlainTextEdit* CompilerSettingsPanel::linesView(const QString& toolchain) const
{
    auto it = m_linesViews.find(toolchain);
    return it == m_linesViews.end() ? nullptr : it->second;
}

QStringList CompilerSettingsPanel::unsupportedLines(const QString& toolchain) const
{
    auto it = m_unsupported.find(toolchain);
    return it == m_unsupported.end() ? QStringList() : it->second;
}

void CompilerSettingsPanel::rebuild()
{
    Result<Pipeline> pipeline = Pipeline::parse(m_pipelineText.toStdString());
    m_error->setVisible(!pipeline.ok());
    if (!pipeline.ok()) {
        m_error->setText(QString::fromStdString(pipeline.error().toString()));
        emit updated();
        return;
    }
    m_report = compilerOptions(pipeline.value(), m_platform.value_or(Platform {}), { .all = m_all });

    // The blocks are few and small: rebuilding them whole keeps the code obvious.
    m_copyButtons.clear();
    m_linesViews.clear();
    m_unsupported.clear();
    while (QLayoutItem* item = m_contentLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QString platform = QString::fromStdString(m_report.platform);
    m_header->setText(
        tr("Platform: %1%2")
            .arg(platform.isEmpty() ? tr("(unnamed)") : platform,
                m_report.chip ? tr(" — NPU chip %1").arg(QString::fromStdString(*m_report.chip)) : QString()));
    if (m_report.toolchains.empty())
        m_contentLayout->addWidget(
            greyLabel(tr("No toolchain setting: no pass of the pipeline has a toolchain counterpart on this platform."),
                m_content));
    for (const ToolchainSettings& block : m_report.toolchains)
        m_contentLayout->addWidget(toolchainBlock(block, m_content));
    m_contentLayout->addStretch(1);
    emit updated();
}

QWidget* CompilerSettingsPanel::toolchainBlock(const ToolchainSettings& block, QWidget* parent)
{
    const QString id = QString::fromStdString(block.id);
    auto* box = new QGroupBox(id, parent);
    box->setObjectName(id);
    box->setToolTip(QString::fromStdString(block.title));
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(greyLabel(QString::fromStdString(block.title), box));
    if (block.lines.empty()) {
        auto* nothing = new QLabel(tr("Nothing to change: every value it can express is at its default."), box);
        nothing->setWordWrap(true); // unwrapped, its line set the panel's width: a sideways scroll in a narrow dock
        layout->addWidget(nothing);
    } else {
        auto* row = new QHBoxLayout;
        auto* lines = new QPlainTextEdit(QString::fromStdString(block.pasteText()).chopped(1), box);
        lines->setReadOnly(true);
        lines->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        lines->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        lines->setMaximumHeight(lines->fontMetrics().lineSpacing() * 5 + 12);
        row->addWidget(lines, 1);
        auto* copy = new QToolButton(box);
        copy->setObjectName(QStringLiteral("copy-") + id);
        copy->setText(tr("Copy"));
        copy->setToolTip(tr("Put these lines on the clipboard"));
        const QString text = QString::fromStdString(block.pasteText());
        connect(copy, &QToolButton::clicked, this, [text] { QGuiApplication::clipboard()->setText(text); });
        row->addWidget(copy, 0, Qt::AlignTop);
        layout->addLayout(row);
        m_copyButtons[id] = copy;
        m_linesViews[id] = lines;
    }
    for (const CompilerSetting& setting : block.settings)
        if (!setting.note.empty())
            layout->addWidget(greyLabel(
                tr("Note, %1: %2").arg(QString::fromStdString(setting.key), QString::fromStdString(setting.note)),
                box));
    for (const CompilerRemark& need : block.needs) {
        QLabel* label = greyLabel(
            QString::fromStdString(need.pass + "." + need.option + "=" + need.value + ": " + need.text), box);
        label->setToolTip(QString::fromStdString(need.source));
        layout->addWidget(label);
    }
    if (!block.unsupported.empty())
        layout->addWidget(greyLabel(tr("Not expressible:"), box));
    QStringList& unsupported = m_unsupported[id];
    for (const CompilerRemark& remark : block.unsupported) {
        const QString text
            = QString::fromStdString(remark.pass + "." + remark.option + "=" + remark.value + ": " + remark.text)
            + (remark.matchesHardCoded ? tr(" (same value)") : QString());
        unsupported << text;
        QLabel* label = greyLabel(QStringLiteral("• ") + text, box);
        label->setToolTip(QString::fromStdString(remark.source));
        layout->addWidget(label);
    }
    return box;
}

} // namespace lookahead
