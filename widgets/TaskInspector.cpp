#include "TaskInspector.h"

#include "PropertyTreeModel.h"
#include "RangeStatsModel.h"
#include "SourceEventReader.h"
#include "TaskDetails.h"
#include "TaskSearchModel.h"
#include "TimeAxis.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace lookahead {

namespace {
    QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
    {
        auto* proxy = new QSortFilterProxyModel(parent);
        proxy->setSourceModel(model);
        proxy->setSortRole(Qt::EditRole);
        auto* table = new QTableView(parent);
        table->setModel(proxy);
        table->setSortingEnabled(true);
        table->sortByColumn(-1, Qt::AscendingOrder); // the model's order until a header is clicked
        table->verticalHeader()->setVisible(false);
        table->verticalHeader()->setDefaultSectionSize(20);
        // Numbers as wide as they need. With few of them the name takes what they leave; with many
        // it is as wide as its longest up to 45 % of the view and the rest scrolls. Long names keep
        // both ends (a recording's lane: process, thread, depth); the tooltip has all of it.
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->setTextElideMode(Qt::ElideMiddle);
        if (model->columnCount() <= 4) {
            table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        } else {
            table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
            table->horizontalHeader()->setStretchLastSection(true);
            QObject::connect(proxy, &QAbstractItemModel::modelReset, table, [table] {
                table->resizeColumnToContents(0);
                const int cap = std::max(120, table->viewport()->width() * 45 / 100);
                table->setColumnWidth(0, std::min(table->columnWidth(0), cap));
            });
        }
        table->setWordWrap(false);
        table->setAlternatingRowColors(true);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        return table;
    }
} // namespace

TaskInspector::TaskInspector(GanttViewState* state, QWidget* parent)
    : QTabWidget(parent)
    , m_state(state)
    , m_details(new PropertyTreeModel(this))
    , m_rangeStats(new RangeStatsModel(this))
    , m_lanes(new LaneUtilisationModel(this))
    , m_search(new TaskSearchModel(this))
    , m_sourceEvents(new SourceEventReader(this))
{
    m_detailsView = new QTreeView(this);
    m_detailsView->setModel(m_details);
    m_detailsView->setAlternatingRowColors(true);
    m_detailsView->setUniformRowHeights(true);
    // Sized to its contents up to a cap (updateDetails): a recording's long task names as
    // predecessor labels would otherwise push the values out of view.
    m_detailsView->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_detailsView->setWordWrap(false);
    // Long values (a decision's sentence, a path) keep both ends; the tooltip has the whole value.
    m_detailsView->setTextElideMode(Qt::ElideMiddle);
    connect(m_detailsView, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const QString id = index.data(PropertyTreeModel::TaskIdRole).toString();
        if (!id.isEmpty())
            emit goToTask(id);
    });
    addTab(m_detailsView, tr("Task"));

    auto* range = new QWidget(this);
    auto* rangeLayout = new QVBoxLayout(range);
    rangeLayout->setContentsMargins(2, 4, 2, 2);
    m_rangeLabel = new QLabel(tr("Shift+drag (or right-drag) on the timeline to select a range."), range);
    m_rangeLabel->setWordWrap(true);
    rangeLayout->addWidget(m_rangeLabel);
    auto* split = new QSplitter(Qt::Vertical, range);
    split->addWidget(makeTable(m_rangeStats, split));
    split->addWidget(makeTable(m_lanes, split));
    rangeLayout->addWidget(split, 1);
    addTab(range, tr("Range"));

    auto* search = new QWidget(this);
    auto* searchLayout = new QVBoxLayout(search);
    searchLayout->setContentsMargins(2, 4, 2, 2);
    m_searchEdit = new QLineEdit(search);
    m_searchEdit->setPlaceholderText(tr("Task name, id or kernel…"));
    m_searchEdit->setClearButtonEnabled(true);
    searchLayout->addWidget(m_searchEdit);
    m_searchCount = new QLabel(search);
    searchLayout->addWidget(m_searchCount);
    auto* list = new QListView(search);
    list->setModel(m_search);
    list->setUniformItemSizes(true);
    searchLayout->addWidget(list, 1);
    addTab(search, tr("Search"));
    connect(m_searchEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_state->setFilterText(text);
        m_search->search(m_snapshot, text);
        m_searchCount->setText(text.trimmed().isEmpty()
                ? QString()
                : tr("%n matching task(s); others are faded on the timeline", nullptr, int(m_search->totalMatches())));
    });
    connect(list, &QListView::activated, this,
        [this](const QModelIndex& index) { emit goToTask(index.data(TaskSearchModel::TaskIdRole).toString()); });
    connect(list, &QListView::clicked, this, [this](const QModelIndex& index) {
        m_state->setSelectedTaskId(index.data(TaskSearchModel::TaskIdRole).toString());
    });

    connect(m_state, &GanttViewState::selectionChanged, this, &TaskInspector::updateDetails);
    connect(m_sourceEvents, &SourceEventReader::eventRead, this, [this](const QString& path, const QString& pointer) {
        // Refresh only when the event is the selected task's (the reader also fills its cache).
        if (!m_snapshot || !m_snapshot->recording || m_snapshot->recording->path != path)
            return;
        const TaskIndex task = m_snapshot->graph->findTask(m_state->selectedTaskId().toStdString());
        if (task == kNoTask || m_snapshot->graph->tasks[task].source == kNoSymbol)
            return;
        if (toQString(m_snapshot->graph->strings.view(m_snapshot->graph->tasks[task].source)) == pointer)
            updateDetails();
    });
    connect(m_state, &GanttViewState::rangeSelectionChanged, this, &TaskInspector::updateRange);
}

void TaskInspector::showSearch()
{
    setCurrentIndex(2);
    m_searchEdit->setFocus();
    m_searchEdit->selectAll();
}

QString TaskInspector::rangeText() const { return m_rangeLabel->text(); }

void TaskInspector::setSnapshot(std::shared_ptr<const ScheduleSnapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    updateDetails();
    updateRange();
    m_search->search(m_snapshot, m_searchEdit->text());
}

void TaskInspector::updateDetails()
{
    if (!m_snapshot || m_state->selectedTaskId().isEmpty()) {
        m_details->setSections({});
        return;
    }
    const TaskIndex task = m_snapshot->graph->findTask(m_state->selectedTaskId().toStdString());
    if (task == kNoTask) {
        m_details->setSections({ { tr("Task %1 is not in this schedule").arg(m_state->selectedTaskId()), {} } });
        return;
    }
    std::vector<PropertyTreeModel::Section> sections = describeTask(*m_snapshot, task);
    if (m_snapshot->graph->tasks[task].source != kNoSymbol) // beside the task's own fields
        sections.insert(sections.begin() + 1, recordedEvent(m_snapshot->graph->tasks[task]));
    m_details->setSections(std::move(sections));
    m_detailsView->expandAll();
    // Section titles ("Recorded event /traceEvents/95") span both columns, never elided.
    for (int row = 0; row < m_details->rowCount(); ++row)
        m_detailsView->setFirstColumnSpanned(row, {}, true);
    m_detailsView->resizeColumnToContents(0);
    const int cap = std::max(120, m_detailsView->viewport()->width() * 2 / 5);
    if (m_detailsView->columnWidth(0) > cap)
        m_detailsView->setColumnWidth(0, cap);
    if (currentIndex() != 0 && !m_state->rangeSelection())
        setCurrentIndex(0);
}

PropertyTreeModel::Section TaskInspector::recordedEvent(const Task& task)
{
    const QString pointer = toQString(m_snapshot->graph->strings.view(task.source));
    const RecordingOrigin* recording = m_snapshot->recording.get();
    if (!recording || recording->path.isEmpty())
        return { tr("Recorded event %1").arg(pointer),
            { { tr("event"),
                recording ? tr("not available: the recording was dropped as data, not opened from a file")
                          : tr("not available: this graph was not imported in this session (open the recording)"),
                {}, {} } } };
    if (auto outcome = m_sourceEvents->cached(recording->path, pointer)) {
        if (!outcome->error.isEmpty())
            return { tr("Recorded event %1").arg(pointer), { { tr("event"), outcome->error, {}, {} } } };
        return describeSourceEvent(outcome->event, pointer);
    }
    m_sourceEvents->request(recording->path, pointer);
    return { tr("Recorded event %1").arg(pointer),
        { { tr("event"), tr("reading %1…").arg(recording->path.section(QLatin1Char('/'), -1)), {}, {} } } };
}

void TaskInspector::updateRange()
{
    if (!m_snapshot || !m_state->rangeSelection()) {
        m_rangeStats->clear();
        m_lanes->clear();
        m_rangeLabel->setText(tr("Shift+drag (or right-drag) on the timeline to select a range."));
        return;
    }
    const auto [from, to] = *m_state->rangeSelection();
    m_rangeStats->compute(m_snapshot.get(), from, to);
    m_lanes->compute(m_snapshot.get(), from, to);
    const double clock = m_snapshot->graph->platform.clockMhz;
    if (m_snapshot->clockAssumed()) // a recording without a clock: its cycles are made up
        m_rangeLabel->setText(tr("Range %1 – %2 (%3 long)")
                                  .arg(TimeAxis::timeText(double(from), clock), TimeAxis::timeText(double(to), clock),
                                      TimeAxis::timeText(double(to - from), clock)));
    else
        m_rangeLabel->setText(tr("Range %1 – %2 cycles (%3 µs long)")
                                  .arg(TimeAxis::cycleLabel(double(from)), TimeAxis::cycleLabel(double(to)))
                                  .arg(TimeAxis::cyclesToMicroseconds(double(to - from), clock), 0, 'f', 2));
    setCurrentIndex(1);
}

} // namespace lookahead
