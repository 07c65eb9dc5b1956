#include "DecisionsPanel.h"

#include "DecisionsModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace lookahead {

namespace {

    /// Text in any column, and one action.
    class DecisionsFilter : public QSortFilterProxyModel {
    public:
        using QSortFilterProxyModel::QSortFilterProxyModel;
        void setAction(const QString& action)
        {
            m_action = action;
            invalidateFilter();
        }

    protected:
        bool filterAcceptsRow(int row, const QModelIndex& parent) const override
        {
            if (!m_action.isEmpty()
                && sourceModel()->index(row, DecisionsModel::Action, parent).data().toString() != m_action)
                return false;
            return QSortFilterProxyModel::filterAcceptsRow(row, parent);
        }

    private:
        QString m_action;
    };

} // namespace

DecisionsPanel::DecisionsPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new DecisionsModel(this))
    , m_proxy(new DecisionsFilter(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(DecisionsModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("DecisionActionFilter"));
    m_action->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bar->addWidget(m_action);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: kernel, task, reason…"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    m_count = new QLabel(this);
    // The counts may be long (a SuperKernel run has many actions): they must not widen the window.
    m_count->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_count, 1);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("DecisionsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // pipeline order until a header is clicked
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DecisionsModel::Why, QHeaderView::Stretch);
    layout->addWidget(m_table, 1);
    m_sentence = new QLabel(this);
    m_sentence->setObjectName(QStringLiteral("DecisionSentence"));
    m_sentence->setWordWrap(true);
    m_sentence->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sentence->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_sentence);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::textChanged, this, &DecisionsPanel::updateCount);
    connect(m_action, &QComboBox::currentIndexChanged, this,
        [this] { setActionFilter(m_action->currentData().toString()); });
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            m_sentence->setText(
                current.isValid() ? current.siblingAtColumn(DecisionsModel::Why).data().toString() : QString());
            if (!current.isValid() || m_showingTask)
                return;
            const QStringList tasks = current.data(DecisionsModel::TaskIdsRole).toStringList();
            if (!tasks.isEmpty())
                emit tasksChosen(tasks);
        });
    updateActions();
}

void DecisionsPanel::setRecords(const std::vector<PassRecord>& passes)
{
    m_model->setRecords(passes);
    m_sentence->clear();
    updateActions();
    updateCount();
}

void DecisionsPanel::showTask(const QString& taskId)
{
    // The task selected elsewhere (the timeline): its own decision, without framing it again.
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, DecisionsModel::Task);
        if (index.data().toString() != taskId)
            continue;
        m_showingTask = true;
        m_table->setCurrentIndex(index);
        m_table->scrollTo(index);
        m_showingTask = false;
        return;
    }
}

void DecisionsPanel::setActionFilter(const QString& action)
{
    static_cast<DecisionsFilter*>(m_proxy)->setAction(action);
    const int index = m_action->findData(action);
    if (index >= 0 && index != m_action->currentIndex())
        m_action->setCurrentIndex(index);
    updateCount();
}

void DecisionsPanel::updateActions()
{
    const QString current = m_action->currentData().toString();
    const QSignalBlocker blocker(m_action);
    m_action->clear();
    m_action->addItem(tr("All actions"), QString());
    for (const QString& action : m_model->actions())
        m_action->addItem(action, action);
    // A filter on an action the new run does not have would hide everything without saying why.
    const int index = m_action->findData(current);
    m_action->setCurrentIndex(index >= 0 ? index : 0);
    static_cast<DecisionsFilter*>(m_proxy)->setAction(index >= 0 ? current : QString());
}

void DecisionsPanel::updateCount()
{
    if (m_model->rowCount() == 0) {
        m_count->setText(tr("no decisions: the pipeline is empty or its passes explain nothing"));
        return;
    }
    const QString counts = m_model->countsText();
    m_count->setText(m_proxy->rowCount() == m_model->rowCount()
            ? counts
            : tr("%1 of %2 shown (%3)").arg(m_proxy->rowCount()).arg(m_model->rowCount()).arg(counts));
}

} // namespace lookahead
