#pragma once

// The main window's commands: the File, Edit, View, Run and Help menus and the toolbar, with their
// shortcuts (Help > Keyboard and Mouse lists them from the menus). Every action calls the window's
// public operations; the window enables and checks the few that follow its state (diff, sweep,
// close comparison) through the pointers here.

#include <QObject>

class QAction;
class QMenu;

namespace lookahead {

class MainWindow;
class PlatformMenu;

class MainActions : public QObject {
    Q_OBJECT
public:
    /// Builds the menus and the toolbar of `window`, whose docks must exist (View lists them).
    explicit MainActions(MainWindow* window);

    QAction* open = nullptr;
    QAction* importTrace = nullptr;
    QAction* reload = nullptr;
    QAction* closeComparison = nullptr;
    QAction* exportGraph = nullptr;
    QAction* undo = nullptr;
    QAction* redo = nullptr;
    QAction* diff = nullptr;
    QAction* criticalPath = nullptr;
    QAction* cancel = nullptr;
    QAction* sweep = nullptr;
    QAction* shortcuts = nullptr;
    QMenu* view = nullptr;
    PlatformMenu* platform = nullptr;

private:
    void createFileMenu();
    void createEditAndViewMenus();
    void createRunAndHelpMenus();
    void createToolbar();
    /// Asks where to write and calls `exporter` with the path (File > Export).
    void exportWithDialog(const QString& title, const QString& filter, const QString& suffix,
        bool (MainWindow::*exporter)(const QString&));

    MainWindow* m_window;
};

} // namespace lookahead
