#include "ComparisonPanel.h"

#include "ComparisonModel.h"
#include "DeltaText.h"
#include "MovedTasksModel.h"

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
    layout->addWidget(m_movedView, 2);
    connect(m_movedView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString id = m_moved->taskId(index.row());
        if (!id.isEmpty())
            emit taskActivated(id);
    });
}

void ComparisonPanel::setComparison(const ScheduleComparison* comparison, const QString& labelA, const QString& labelB)
{
    m_model->setComparison(comparison);
    m_moved->setComparison(comparison);
    if (!comparison) {
        m_headline->clear();
        return;
    }
    m_headline->setText(
        tr("<b>A</b> %1 (top) · <b>B</b> %2 (bottom)<br/>%3")
            .arg(labelA.toHtmlEscaped(), labelB.toHtmlEscaped(), headline(*comparison).toHtmlEscaped()));
}

QString ComparisonPanel::headline(const ScheduleComparison& c)
{
    return tr("Makespan B − A: %1, %2 → %3; %4 tasks changed, %5 only in A, %6 only in B")
        .arg(signedDeltaText(double(c.makespanA), double(c.makespanB), tr("cycles")))
        .arg(QLocale().toString(qlonglong(c.makespanA)))
        .arg(QLocale().toString(qlonglong(c.makespanB)))
        .arg(c.changed)
        .arg(c.onlyInA)
        .arg(c.onlyInB);
}

} // namespace lookahead
