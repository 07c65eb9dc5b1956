#include "RecentFiles.h"

#include "SettingsKeys.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace lookahead {

RecentFiles::RecentFiles(QObject* parent)
    : QObject(parent)
{
}

QStringList RecentFiles::files() const { return QSettings().value(SettingsKeys::recentFiles()).toStringList(); }

void RecentFiles::add(const QString& path)
{
    QStringList recent = files();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > SettingsKeys::kMaxRecentFiles)
        recent.removeLast();
    QSettings().setValue(SettingsKeys::recentFiles(), recent);
    emit changed();
}

void RecentFiles::clear()
{
    QSettings().remove(SettingsKeys::recentFiles());
    emit changed();
}

void RecentFiles::attachMenu(QMenu* menu)
{
    fillMenu(menu);
    // Queued: Clear List changes the list from inside the menu's own action, which a refill deletes.
    connect(
        this, &RecentFiles::changed, menu, [this, menu] { fillMenu(menu); }, Qt::QueuedConnection);
}

void RecentFiles::fillMenu(QMenu* menu)
{
    menu->clear();
    const QStringList recent = files();
    for (const QString& path : recent)
        menu->addAction(QFileInfo(path).fileName(), this, [this, path] { emit openRequested(path); })->setToolTip(path);
    if (recent.isEmpty()) {
        menu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    menu->addSeparator();
    menu->addAction(tr("Clear List"), this, &RecentFiles::clear);
}

} // namespace lookahead
