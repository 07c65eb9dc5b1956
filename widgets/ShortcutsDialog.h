#pragma once

// Help > Keyboard and Mouse (and `?`): the timeline's keys and mouse gestures, then every menu
// command that has a shortcut, read from the window's menus so the list cannot go stale.

#include <QDialog>

class QMenuBar;
class QTableWidget;

namespace lookahead {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget* parent = nullptr);
    /// Lists the navigation keys and the shortcuts of `menus`' commands.
    void setMenus(const QMenuBar* menus);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

} // namespace lookahead
