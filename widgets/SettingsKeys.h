#pragma once

// Every QSettings key the explorer uses, in one place (so a rename cannot miss a reader).

#include <QString>

namespace lookahead::SettingsKeys {

/// Bumped whenever docks or toolbars change, so a stale saved layout is ignored, not half-applied.
inline constexpr int kWindowStateVersion = 4;

inline QString windowGeometry() { return QStringLiteral("window/geometry"); }
inline QString windowState() { return QStringLiteral("window/state"); }
inline QString windowStateVersion() { return QStringLiteral("window/stateVersion"); }
inline QString recentFiles() { return QStringLiteral("files/recent"); }
inline QString lastDirectory() { return QStringLiteral("files/lastDirectory"); }
inline QString presetsGroup() { return QStringLiteral("presets"); }
inline QString specCosts() { return QStringLiteral("run/specCosts"); }
inline constexpr int kMaxRecentFiles = 10;

} // namespace lookahead::SettingsKeys
