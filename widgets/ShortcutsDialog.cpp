#include "ShortcutsDialog.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lookahead {

namespace {

    void addRow(QTableWidget* table, const QString& keys, const QString& what)
    {
        const int row = table->rowCount();
        table->insertRow(row);
        auto* keyItem = new QTableWidgetItem(keys);
        QFont bold = keyItem->font();
        bold.setBold(true);
        keyItem->setFont(bold);
        table->setItem(row, 0, keyItem);
        table->setItem(row, 1, new QTableWidgetItem(what));
    }

    void addMenu(QTableWidget* table, const QMenu* menu, const QString& path)
    {
        for (QAction* action : menu->actions()) {
            if (action->menu()) {
                addMenu(table, action->menu(),
                    path + action->menu()->title().remove(QLatin1Char('&')) + QStringLiteral(" > "));
                continue;
            }
            if (action->shortcut().isEmpty() || action->isSeparator())
                continue;
            addRow(table, action->shortcut().toString(QKeySequence::NativeText),
                path + action->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")));
        }
    }

} // namespace

ShortcutsDialog::ShortcutsDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("ShortcutsDialog"));
    setWindowTitle(tr("Keyboard and Mouse"));
    auto* layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, 2, this);
    m_table->setHorizontalHeaderLabels({ tr("Keys"), tr("Does") });
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    layout->addWidget(m_table);
    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    layout->addWidget(close, 0, Qt::AlignRight);
    resize(620, 640);
    setMenus(nullptr);
}

void ShortcutsDialog::setMenus(const QMenuBar* menus)
{
    m_table->setRowCount(0);
    const std::pair<const char*, const char*> navigation[] = {
        { QT_TR_NOOP("W / S"), QT_TR_NOOP("zoom in / out") },
        { QT_TR_NOOP("A / D"), QT_TR_NOOP("pan left / right") },
        { QT_TR_NOOP("Wheel"), QT_TR_NOOP("zoom at the cursor (Shift: pan)") },
        { QT_TR_NOOP("Drag"), QT_TR_NOOP("pan") },
        { QT_TR_NOOP("Shift+drag, right-drag"), QT_TR_NOOP("select a time range (statistics in the inspector)") },
        { QT_TR_NOOP("Click"), QT_TR_NOOP("select a task (details, dependency arrows)") },
        { QT_TR_NOOP("F / 0"), QT_TR_NOOP("fit the selection / fit all") },
        { QT_TR_NOOP(". / ,"), QT_TR_NOOP("next / previous task on the lane") },
        { QT_TR_NOOP("Esc"), QT_TR_NOOP("clear the selection") },
        { QT_TR_NOOP("?"), QT_TR_NOOP("this list") },
    };
    for (const auto& [keys, what] : navigation)
        addRow(m_table, tr(keys), tr(what));
    if (!menus)
        return;
    for (QAction* action : menus->actions())
        if (action->menu())
            addMenu(m_table, action->menu(), action->menu()->title().remove(QLatin1Char('&')) + QStringLiteral(" > "));
}

} // namespace lookahead
