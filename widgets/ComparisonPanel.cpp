#include "ComparisonPanel.h"

#include "ComparisonModel.h"
#include "DeltaText.h"
#include "MovedTasksModel.h"
#include "TimeAxis.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

namespace lookahead {

namespace {

    QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
    {
        auto* table = new QTableView(parent);
        table->setModel(model);
        table->verticalHeader()->hide();
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setWordWrap(false); // one line a row: a wrapped name showed only its first word
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->horizontalHeader()->setStretchLastSection(true);
        table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
        return table;
    }

} // namespace

ComparisonPanel::ComparisonPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new ComparisonModel(this))
    , m_moved(new MovedTasksModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline = new QLabel(this);
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::RichText);
    layout->addWidget(m_headline);
    m_totalsView = makeTable(m_model, this);
    m_totalsView->setObjectName(QStringLiteral("ComparisonTable"));
    layout->addWidget(m_totalsView, 3);
    layout->addWidget(new QLabel(tr("Tasks that moved most (double-click to select)"), this));
    m_movedView = makeTable(m_moved, this);
    m_movedView->setObjectName(QStringLiteral("MovedTasksTable"));
    // Recorded task names run to a thousand characters (C++ kernel signatures): the name takes the
    // room the deltas leave and is elided in the middle (the id of a repeated name stays in view).
    m_movedView->horizontalHeader()->setStretchLastSection(false);
    m_movedView->horizontalHeader()->setSectionResizeMode(MovedTasksModel::Task, QHeaderView::Stretch);
    m_movedView->setTextElideMode(Qt::ElideMiddle);
    layout->addWidget(m_movedView, 2);
    connect(m_movedView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString id = m_moved->taskId(index.row());
        if (!id.isEmpty())
            emit taskActivated(id);
    });
}

void ComparisonPanel::setComparison(
    const ScheduleComparison* comparison, const QString& labelA, const QString& labelB, const ComparisonClocks& clocks)
{
    m_model->setComparison(comparison, clocks);
    m_moved->setComparison(comparison, clocks);
    if (!comparison) {
        m_headline->clear();
        return;
    }
    m_headline->setText(
        tr("<b>A</b> %1 (top) · <b>B</b> %2 (bottom)<br/>%3")
            .arg(labelA.toHtmlEscaped(), labelB.toHtmlEscaped(), headline(*comparison, clocks).toHtmlEscaped()));
}

QString ComparisonPanel::makespanDelta(const ScheduleComparison& c, const ComparisonClocks& clocks)
{
    if (clocks.timesOnly)
        return timeDeltaText(clocks.microsecondsA(c.makespanA), clocks.microsecondsB(c.makespanB));
    return signedDeltaText(double(c.makespanA), double(c.makespanB), tr("cycles"));
}

QString ComparisonPanel::headline(const ScheduleComparison& c, const ComparisonClocks& clocks)
{
    const QString makespanA = clocks.timesOnly ? TimeAxis::timeText(double(c.makespanA), clocks.clockMhzA)
                                               : QLocale().toString(qlonglong(c.makespanA));
    const QString makespanB = clocks.timesOnly ? TimeAxis::timeText(double(c.makespanB), clocks.clockMhzB)
                                               : QLocale().toString(qlonglong(c.makespanB));
    return tr("Makespan B − A: %1, %2 → %3; %4 tasks changed, %5 only in A, %6 only in B")
        .arg(makespanDelta(c, clocks), makespanA, makespanB)
        .arg(c.changed)
        .arg(c.onlyInA)
        .arg(c.onlyInB);
}

} // namespace lookahead
