#include "MetricsPanel.h"

#include "MetricsModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace lookahead {

MetricsPanel::MetricsPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new MetricsModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline = new QLabel(this);
    m_headline->setTextFormat(Qt::RichText);
    // Wraps rather than holding the left docks as wide as its line (the timeline's room on a
    // small screen).
    m_headline->setWordWrap(true);
    layout->addWidget(m_headline);
    m_recordingNote = new QLabel(this);
    m_recordingNote->setObjectName(QStringLiteral("recordingNote"));
    m_recordingNote->setWordWrap(true);
    m_recordingNote->setTextFormat(Qt::PlainText);
    m_recordingNote->setVisible(false);
    layout->addWidget(m_recordingNote);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);
}

void MetricsPanel::setSnapshots(
    const std::shared_ptr<const ScheduleSnapshot>& baseline, const std::shared_ptr<const ScheduleSnapshot>& optimized)
{
    m_model->setSnapshots(baseline.get(), optimized.get());
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_headline->setText(headline());
    const QString note = baseline ? recordingNote(*baseline) : QString();
    m_recordingNote->setText(note);
    m_recordingNote->setVisible(!note.isEmpty());
}

QString MetricsPanel::recordingNote(const ScheduleSnapshot& baseline)
{
    if (!baseline.recording || !baseline.recording->summary)
        return {};
    const ImportSummary& summary = *baseline.recording->summary;
    QStringList lines;
    if (summary.clockAssumed())
        lines << tr("No clock in the recording: 1 cycle = 1 ns assumed; times are shown in µs.");
    if (!summary.costTermsOff.empty()) {
        QStringList terms;
        for (const std::string& term : summary.costTermsOff)
            terms << QString::fromStdString(term);
        lines << tr("Cost terms off for this recording: %1 (%2).")
                     .arg(terms.join(QStringLiteral(", ")), QString::fromStdString(summary.costTermsNote));
    }
    return lines.join(QLatin1Char('\n'));
}

QString MetricsPanel::headline() const
{
    if (m_model->rows().empty())
        return tr("No schedule");
    const auto& makespan = m_model->rows().front(); // in µs for a recording without a clock
    const double delta = makespan.optimized - makespan.baseline;
    const double percent = makespan.baseline != 0 ? delta / makespan.baseline * 100 : 0;
    const QString colour = delta < 0 ? QStringLiteral("#1b7837")
        : delta > 0                  ? QStringLiteral("#b11b1b")
                                     : QStringLiteral("#404850");
    auto value = [this](double v) {
        return m_model->clockAssumed() ? QLocale().toString(v, 'f', 3) : QLocale().toString(qlonglong(v));
    };
    return tr("<span style='font-size:13pt'>Makespan <b>%1</b> → <b>%2</b> %6 "
              "<span style='color:%3'><b>%4%5 %</b></span></span>")
        .arg(value(makespan.baseline), value(makespan.optimized), colour, delta > 0 ? QStringLiteral("+") : QString())
        .arg(percent, 0, 'f', 2)
        .arg(m_model->clockAssumed() ? tr("µs") : tr("cycles"));
}

} // namespace lookahead
