#include "SweepDialog.h"

#include "lookahead/PassRegistry.h"
#include "lookahead/Pipeline.h"

#include <qcustomplot.h>

#include <QCloseEvent>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThreadPool>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lookahead {

namespace {
    QString qs(const std::string& text) { return QString::fromStdString(text); }

    /// Options a sweep can vary: integers over a range, enumerations and booleans over their values.
    bool sweepable(const OptionBase& option)
    {
        return option.kind() == OptionKind::Integer || option.kind() == OptionKind::Enum
            || option.kind() == OptionKind::Bool;
    }

    int clampToInt(qint64 value)
    {
        return static_cast<int>(
            std::clamp<qint64>(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
    }
} // namespace

SweepDialog::SweepDialog(QWidget* parent)
    : QDialog(parent)
    , m_pass(new QComboBox(this))
    , m_option(new QComboBox(this))
    , m_from(new QSpinBox(this))
    , m_to(new QSpinBox(this))
    , m_step(new QSpinBox(this))
    , m_values(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_run(new QPushButton(tr("Run sweep"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_plot(new QCustomPlot(this))
{
    setWindowTitle(tr("Sweep an option"));
    auto* form = new QFormLayout;
    form->addRow(tr("Pass"), m_pass);
    form->addRow(tr("Option"), m_option);
    auto* range = new QHBoxLayout;
    for (QSpinBox* box : { m_from, m_to, m_step }) {
        box->setRange(0, std::numeric_limits<int>::max());
        box->setGroupSeparatorShown(true);
        range->addWidget(box);
    }
    m_step->setMinimum(1);
    form->addRow(tr("From, to, step"), range);
    m_values->setPlaceholderText(tr("comma-separated values"));
    form->addRow(tr("Values"), m_values);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancelButton);
    m_cancelButton->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);

    buildPlot();

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    m_status->setWordWrap(true);
    m_status->setText(tr("Pick an option and a range, then run. Click a point to apply its value."));

    connect(m_pass, &QComboBox::currentIndexChanged, this, &SweepDialog::passChanged);
    connect(m_option, &QComboBox::currentIndexChanged, this, &SweepDialog::optionChanged);
    connect(m_run, &QPushButton::clicked, this, &SweepDialog::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &SweepDialog::cancel);
    fillPasses();
}

void SweepDialog::buildPlot()
{
    m_plot->setMinimumSize(520, 420);
    m_plot->setLocale(QLocale(QLocale::English)); // cycles with group separators: 6,781,242
    m_plot->setInteractions(QCP::iSelectPlottables);
    // One strip per series over a shared x axis: makespan, stall and inserted tasks differ by orders
    // of magnitude, and a makespan gain of 0.2 % vanishes on an axis that starts at zero.
    auto* margins = new QCPMarginGroup(m_plot);
    QCPAxisRect* strips[3] = { m_plot->axisRect(0), new QCPAxisRect(m_plot), new QCPAxisRect(m_plot) };
    m_plot->plotLayout()->addElement(1, 0, strips[1]);
    m_plot->plotLayout()->addElement(2, 0, strips[2]);
    const struct {
        QString name;
        QColor color;
    } series[] = { { tr("makespan (cycles)"), QColor(31, 119, 180) },
        { tr("total stall (cycles)"), QColor(214, 39, 40) }, { tr("inserted tasks"), QColor(44, 160, 44) } };
    for (int i = 0; i < 3; ++i) {
        const auto& s = series[i];
        QCPAxisRect* strip = strips[i];
        strip->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        strip->axis(QCPAxis::atLeft)->setLabel(s.name);
        strip->axis(QCPAxis::atLeft)->setLabelColor(s.color);
        strip->axis(QCPAxis::atLeft)->setNumberFormat(QStringLiteral("f"));
        strip->axis(QCPAxis::atLeft)->setNumberPrecision(0);
        strip->axis(QCPAxis::atBottom)->setTickLabels(i == 2);
        if (i == 2) {
            // Task counts are whole: ticks at multiples of 1, 2, 5, 10 ... never at 2.5.
            QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed);
            whole->setTickStep(1);
            whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            strip->axis(QCPAxis::atLeft)->setTicker(whole);
        }
        if (i > 0)
            connect(strips[0]->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
                strip->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
        QCPGraph* graph = m_plot->addGraph(strip->axis(QCPAxis::atBottom), strip->axis(QCPAxis::atLeft));
        graph->setName(s.name);
        graph->setPen(QPen(s.color, 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, s.color, Qt::white, 7));
        graph->setSelectable(QCP::stSingleData);
    }
    // A click on any series' point applies that value.
    // QCustomPlot keeps data sorted by key, so a click's data index is mapped back through the key.
    connect(m_plot, &QCustomPlot::plottableClick, this,
        [this](QCPAbstractPlottable* plottable, int dataIndex, QMouseEvent*) {
            auto* graph = qobject_cast<QCPGraph*>(plottable);
            if (!graph || dataIndex < 0 || dataIndex >= graph->dataCount())
                return;
            const double key = graph->data()->at(dataIndex)->key;
            for (int i = 0; i < static_cast<int>(m_pointKeys.size()); ++i)
                if (m_pointKeys[static_cast<std::size_t>(i)] == key)
                    return choosePoint(i);
        });
}

SweepDialog::~SweepDialog() { cancel(); }

void SweepDialog::fillPasses()
{
    const PassRegistry& registry = PassRegistry::global();
    for (const std::string& name : registry.names()) {
        auto pass = registry.create(name);
        bool any = false;
        for (const OptionBase* option : pass->options())
            any = any || sweepable(*option);
        if (any)
            m_pass->addItem(qs(name));
    }
    passChanged();
}

void SweepDialog::passChanged()
{
    QSignalBlocker block(m_option);
    m_option->clear();
    auto pass = PassRegistry::global().create(m_pass->currentText().toStdString());
    if (pass)
        for (const OptionBase* option : pass->options())
            if (sweepable(*option))
                m_option->addItem(qs(option->name()));
    optionChanged();
}

void SweepDialog::optionChanged()
{
    auto pass = PassRegistry::global().create(m_pass->currentText().toStdString());
    const OptionBase* option = pass ? pass->findOption(m_option->currentText().toStdString()) : nullptr;
    const bool integer = option && option->kind() == OptionKind::Integer;
    for (QSpinBox* box : { m_from, m_to, m_step })
        box->setEnabled(integer);
    m_values->setEnabled(option && !integer);
    if (!option)
        return;
    m_option->setToolTip(qs(option->help()));
    if (integer) {
        const auto* typed = static_cast<const IntegerOption*>(option);
        for (QSpinBox* box : { m_from, m_to })
            box->setRange(clampToInt(typed->minimum()), clampToInt(typed->maximum()));
        // A first guess: from the minimum to twice the default in 20 steps.
        const qint64 top = std::max<qint64>((*typed)() * 2, typed->minimum() + 20);
        m_from->setValue(clampToInt(typed->minimum()));
        m_to->setValue(clampToInt(std::min<qint64>(top, typed->maximum())));
        m_step->setValue(std::max(1, clampToInt((m_to->value() - m_from->value()) / 20)));
    } else if (option->kind() == OptionKind::Enum) {
        const auto& choices = static_cast<const EnumOption*>(option)->choices();
        QStringList words;
        for (const std::string& choice : choices)
            words << qs(choice);
        m_values->setText(words.join(QLatin1Char(',')));
    } else {
        m_values->setText(QStringLiteral("false,true"));
    }
}

void SweepDialog::setInput(
    std::shared_ptr<const TaskGraph> graph, const QString& pipeline, const SimulationOptions& simulation)
{
    cancel();
    m_graph = std::move(graph);
    m_pipeline = pipeline;
    m_simulation = simulation;
    m_simulation.cancel = nullptr; // each job brings its own flag
    m_result.reset();
    m_partial.clear();
    showResult();
}

bool SweepDialog::setFirstVariation(const QString& pipeline)
{
    auto parsed = Pipeline::parse(pipeline.toStdString(), PassRegistry::global());
    if (!parsed.ok() || parsed.value().passes.empty())
        return false;
    const Pass& first = *parsed.value().passes.front();
    for (const OptionBase* option : first.options())
        if (setVariation(QString::fromUtf8(first.name().data(), qsizetype(first.name().size())),
                QString::fromStdString(option->name())))
            return true;
    return false;
}

bool SweepDialog::setVariation(const QString& pass, const QString& option, qint64 from, qint64 to, qint64 step)
{
    const int passIndex = m_pass->findText(pass);
    if (passIndex < 0)
        return false;
    auto created = PassRegistry::global().create(pass.toStdString());
    const OptionBase* found = created->findOption(option.toStdString());
    if (!found || !sweepable(*found))
        return false;
    m_pass->setCurrentIndex(passIndex);
    m_option->setCurrentIndex(m_option->findText(option));
    if (found->kind() == OptionKind::Integer && step > 0) {
        m_from->setValue(clampToInt(from));
        m_to->setValue(clampToInt(to));
        m_step->setValue(clampToInt(step));
    }
    return true;
}

Result<SweepVariation> SweepDialog::currentVariation() const
{
    SweepVariation variation;
    variation.pass = m_pass->currentText().toStdString();
    variation.option = m_option->currentText().toStdString();
    if (variation.pass.empty() || variation.option.empty())
        return Error { "", "", "no pass option to sweep" };
    if (m_from->isEnabled()) {
        Result<std::vector<std::string>> values = integerSweepValues(m_from->value(), m_to->value(), m_step->value());
        if (!values.ok())
            return values.error();
        variation.values = std::move(values).value();
    } else {
        for (const QString& word : m_values->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            variation.values.push_back(word.trimmed().toStdString());
        if (variation.values.empty())
            return Error { "", "", "no values to sweep" };
    }
    return variation;
}

void SweepDialog::start()
{
    if (!m_graph)
        return;
    cancel();
    Result<SweepVariation> variation = currentVariation();
    if (!variation.ok()) {
        m_status->setText(qs(variation.error().toString()));
        emit sweepFinished(false, qs(variation.error().toString()));
        return;
    }
    const std::uint64_t generation = ++m_generation;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_running = true;
    m_runningVariation = variation.value();
    m_partial.clear();
    m_result.reset();
    showResult();
    m_progress->setRange(0, static_cast<int>(variation.value().values.size()));
    m_progress->setValue(0);
    m_run->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_status->setText(
        tr("Sweeping %1.%2 over %n value(s)...", nullptr, static_cast<int>(variation.value().values.size()))
            .arg(qs(variation.value().pass), qs(variation.value().option)));

    SweepOptions options;
    options.pipeline = m_pipeline.toStdString();
    options.simulation = m_simulation;
    options.simulation.cancel = m_cancel.get();
    QPointer<SweepDialog> guard(this);
    options.progress = [guard, generation](std::size_t done, std::size_t total, const SweepPoint& point) {
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, generation, done, total, point] {
                if (guard)
                    guard->pointProgress(generation, static_cast<int>(done), static_cast<int>(total), point);
            },
            Qt::QueuedConnection);
    };
    // The job owns what it reads: the graph (shared, const), the options and the cancel flag.
    auto graph = m_graph;
    auto cancelFlag = m_cancel;
    auto job = [guard, generation, graph, cancelFlag, variation = variation.value(), options]() {
        Result<SweepResult> swept = runSweep(*graph, variation, options);
        std::optional<SweepResult> result;
        QString error;
        if (swept.ok())
            result = std::move(swept).value();
        else
            error = qs(swept.error().toString());
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, generation, result = std::move(result), error]() mutable {
                if (guard)
                    guard->finish(generation, std::move(result), error);
            },
            Qt::QueuedConnection);
        (void)cancelFlag;
    };
    QThreadPool::globalInstance()->start(std::move(job));
}

void SweepDialog::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
    if (m_running) {
        ++m_generation; // whatever the old job still posts is stale now
        m_running = false;
        m_run->setEnabled(true);
        m_cancelButton->setEnabled(false);
        m_status->setText(tr("Cancelled."));
    }
}

void SweepDialog::pointProgress(std::uint64_t generation, int done, int total, const SweepPoint& point)
{
    if (generation != m_generation)
        return;
    m_partial.push_back(point);
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    emit progressChanged(done, total);
    showResult();
}

void SweepDialog::finish(std::uint64_t generation, std::optional<SweepResult> result, const QString& error)
{
    if (generation != m_generation)
        return;
    m_running = false;
    m_cancel.reset();
    m_run->setEnabled(true);
    m_cancelButton->setEnabled(false);
    if (!result) {
        m_status->setText(error);
        emit sweepFinished(false, error);
        return;
    }
    m_result = std::move(result);
    m_partial = m_result->points;
    showResult();
    // Name the best value: the smallest makespan, the first one on ties.
    std::size_t best = 0;
    for (std::size_t i = 1; i < m_result->points.size(); ++i)
        if (m_result->points[i].makespan < m_result->points[best].makespan)
            best = i;
    if (!m_result->points.empty()) {
        const SweepPoint& p = m_result->points[best];
        const QLocale locale;
        m_status->setText(tr("Baseline %1 cycles; best %2 = %3: %4 cycles (%5). Click a point to apply its value.")
                              .arg(locale.toString(qlonglong(m_result->baselineMakespan)))
                              .arg(qs(m_result->variation.pass + "." + m_result->variation.option), qs(p.value))
                              .arg(locale.toString(qlonglong(p.makespan)))
                              .arg(locale.toString(qlonglong(p.makespan - m_result->baselineMakespan))));
    }
    emit sweepFinished(true, QString());
}

void SweepDialog::showResult()
{
    const SweepVariation& variation = m_result ? m_result->variation : m_runningVariation;
    // Integer options plot against their value; other options against their index, labelled.
    bool numeric = true;
    for (const SweepPoint& p : m_partial) {
        bool ok = false;
        QString::fromStdString(p.value).toDouble(&ok);
        numeric = numeric && ok;
    }
    m_pointKeys.clear();
    QVector<double> x, makespan, stall, inserted;
    QSharedPointer<QCPAxisTickerText> labels(new QCPAxisTickerText);
    for (int i = 0; i < static_cast<int>(m_partial.size()); ++i) {
        const SweepPoint& p = m_partial[static_cast<std::size_t>(i)];
        const double at = numeric ? QString::fromStdString(p.value).toDouble() : i;
        x << at;
        m_pointKeys.push_back(at);
        makespan << double(p.makespan);
        stall << double(p.totalStall);
        inserted << double(p.insertedTasks);
        labels->addTick(at, qs(p.value));
    }
    m_plot->graph(0)->setData(x, makespan);
    m_plot->graph(1)->setData(x, stall);
    m_plot->graph(2)->setData(x, inserted);
    const QSharedPointer<QCPAxisTicker> ticker
        = numeric ? QSharedPointer<QCPAxisTicker>(new QCPAxisTicker) : QSharedPointer<QCPAxisTicker>(labels);
    for (int i = 0; i < 3; ++i) {
        QCPGraph* graph = m_plot->graph(i);
        graph->keyAxis()->setTicker(ticker);
        graph->keyAxis()->setLabel(
            i == 2 && !variation.pass.empty() ? qs(variation.pass + "." + variation.option) : QString());
        graph->rescaleAxes();
        graph->keyAxis()->scaleRange(1.1, graph->keyAxis()->range().center());
        // A tight value range with some air, so that small differences show; a flat series sits mid-strip.
        const QCPRange values = graph->valueAxis()->range();
        const double air = std::max({ 1.0, values.size() * 0.15, std::abs(values.center()) * 0.002 });
        graph->valueAxis()->setRange(values.lower - air, values.upper + air);
    }
    m_plot->replot();
}

void SweepDialog::choosePoint(int index)
{
    if (!m_result || index < 0 || index >= static_cast<int>(m_result->points.size()))
        return;
    const SweepVariation& v = m_result->variation;
    emit valueChosen(qs(v.pass), qs(v.option), qs(m_result->points[static_cast<std::size_t>(index)].value));
}

void SweepDialog::closeEvent(QCloseEvent* event)
{
    cancel();
    QDialog::closeEvent(event);
}

} // namespace lookahead
