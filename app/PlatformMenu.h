#pragma once

// Platform > ...: re-import the open recording, or re-run the open graph, on another platform
// preset or a platform file (PlatformPresets.h). "As Recorded" keeps what the file or the
// importer's own choice says. The menu only reports the choice; the main window reloads.

#include <QMenu>

class QActionGroup;

namespace lookahead {

class PlatformMenu : public QMenu {
    Q_OBJECT
public:
    explicit PlatformMenu(QWidget* parent);

    /// The chosen preset name or platform file path; empty for "As Recorded".
    QString current() const { return m_current; }
    /// Checks the entry of `nameOrFile` (a file gets its own checked entry) without emitting.
    void setCurrent(const QString& nameOrFile);

signals:
    void platformChosen(const QString& nameOrFile);

private:
    void choose(const QString& nameOrFile);
    void chooseFile();
    void describe();

    QActionGroup* m_group;
    QAction* m_fileEntry; ///< Shows the chosen platform file, hidden when none.
    QString m_current;
};

} // namespace lookahead
