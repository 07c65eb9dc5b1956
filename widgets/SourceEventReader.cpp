#include "SourceEventReader.h"

#include "lookahead/InputOpener.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

#include <string>
#include <vector>

namespace lookahead {

SourceEventReader::SourceEventReader(QObject* parent)
    : QObject(parent)
{
}

SourceEventReader::~SourceEventReader() = default;

std::optional<SourceEventReader::Outcome> SourceEventReader::cached(const QString& path, const QString& pointer) const
{
    const auto it = m_cache.constFind(key(path, pointer));
    if (it == m_cache.constEnd())
        return std::nullopt;
    return *it;
}

void SourceEventReader::request(const QString& path, const QString& pointer)
{
    const QString k = key(path, pointer);
    if (m_cache.contains(k) || m_pending.contains(k))
        return;
    m_pending.insert(k);
    m_queued[path].append(pointer);
    startNext();
}

void SourceEventReader::startNext()
{
    if (m_reading || m_queued.isEmpty())
        return;
    const QString path = m_queued.constBegin().key();
    const QStringList pointers = m_queued.take(path);
    m_reading = true;
    QPointer<SourceEventReader> guard(this);
    QThreadPool::globalInstance()->start([guard, path, pointers] {
        std::vector<std::string> wanted;
        wanted.reserve(std::size_t(pointers.size()));
        for (const QString& pointer : pointers)
            wanted.push_back(pointer.toStdString());
        std::vector<Outcome> outcomes(wanted.size());
        Result<std::vector<nlohmann::json>> events = readSourceEvents(path.toStdString(), wanted);
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            if (!events.ok())
                outcomes[i].error = QString::fromStdString(events.error().toString());
            else if (events.value()[i].is_null())
                outcomes[i].error = QCoreApplication::translate("SourceEventReader", "no event at %1 in the recording")
                                        .arg(pointers[qsizetype(i)]);
            else
                outcomes[i].event = std::move(events.value()[i]);
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, path, pointers, outcomes = std::move(outcomes)] {
                if (guard)
                    guard->deliver(path, pointers, outcomes);
            },
            Qt::QueuedConnection);
    });
}

void SourceEventReader::deliver(const QString& path, const QStringList& pointers, const std::vector<Outcome>& outcomes)
{
    m_reading = false;
    if (m_cache.size() + pointers.size() > kMaxCached)
        m_cache.clear();
    for (qsizetype i = 0; i < pointers.size(); ++i) {
        const QString k = key(path, pointers[i]);
        m_pending.remove(k);
        m_cache.insert(k, outcomes[std::size_t(i)]);
    }
    QPointer<SourceEventReader> alive(this); // a slot may delete the reader
    for (const QString& pointer : pointers) {
        emit eventRead(path, pointer);
        if (!alive)
            return;
    }
    startNext();
}

} // namespace lookahead
