#pragma once

// The original events of a recording, for the inspector to show beside an imported task (its
// `source` pointer). Reading one means parsing the whole recording again (readSourceEvents), so it
// never happens on the GUI thread: request() queues the pointer, one worker at a time reads every
// queued pointer of a file in one parse, and eventRead() announces each result, which stays cached.
// Clicking through tasks faster than a file parses therefore costs one parse per batch, not per click.

#include <nlohmann/json.hpp>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <optional>

namespace lookahead {

class SourceEventReader : public QObject {
    Q_OBJECT
public:
    explicit SourceEventReader(QObject* parent = nullptr);
    ~SourceEventReader() override;

    /// What a read gave: the event, or why there is none.
    struct Outcome {          // NOLINT(bugprone-exception-escape): nlohmann::json's constructors are not noexcept
        nlohmann::json event; ///< Null when `error` is set.
        QString error;
    };
    /// The outcome for `pointer` of the recording at `path` if it was read; nothing otherwise.
    std::optional<Outcome> cached(const QString& path, const QString& pointer) const;
    /// Reads the event off the GUI thread unless it is cached or already queued; eventRead() follows.
    void request(const QString& path, const QString& pointer);
    /// A read is in flight (tests).
    bool busy() const { return m_reading; }

signals:
    void eventRead(const QString& path, const QString& pointer);

private:
    void startNext();
    void deliver(const QString& path, const QStringList& pointers, const std::vector<Outcome>& outcomes);
    static QString key(const QString& path, const QString& pointer) { return path + QChar(0) + pointer; }

    /// Bounded: a recording has as many events as tasks; the inspector only ever asks for a few.
    static constexpr int kMaxCached = 4096;
    QHash<QString, Outcome> m_cache;
    QHash<QString, QStringList> m_queued; ///< By file; pointers not yet read.
    QSet<QString> m_pending;              ///< Keys queued or being read.
    bool m_reading = false;
};

} // namespace lookahead
