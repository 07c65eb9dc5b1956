#pragma once

// The recently opened files (QSettings, newest first, at most SettingsKeys::kMaxRecentFiles), shown
// in File > Open Recent and on the start page.

#include <QObject>
#include <QStringList>

class QMenu;

namespace lookahead {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    explicit RecentFiles(QObject* parent = nullptr);

    QStringList files() const;
    /// Moves `path` (made absolute) to the front.
    void add(const QString& path);
    void clear();
    /// Keeps `menu` listing the files (tooltips: the full path) and a Clear List entry.
    void attachMenu(QMenu* menu);

signals:
    void changed();
    /// A file was chosen in the menu.
    void openRequested(const QString& path);

private:
    void fillMenu(QMenu* menu);
};

} // namespace lookahead
