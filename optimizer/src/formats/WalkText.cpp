#include "formats/WalkText.h"

#include "formats/JsonInput.h"

#include <algorithm>
#include <cstring>

namespace lookahead::graphformat {

WalkText::WalkText(std::string_view whole)
    : m_whole(whole)
    , m_size(whole.size())
{
}

WalkText::WalkText(std::FILE* file, std::size_t size, std::size_t chunk)
    : m_file(file)
    , m_size(size)
    , m_chunk(std::max<std::size_t>(chunk, 1))
{
}

std::string_view WalkText::view(std::size_t from, std::size_t to)
{
    to = std::min(to, m_size);
    if (from >= to)
        return {};
    if (!m_file)
        return m_whole.substr(from, to - from);
    if (from < m_base) { // the walk went back before what it released: a bug, read as a failure
        m_failed = true;
        return {};
    }
    if (to > m_base + m_held)
        fetch(to);
    if (from >= m_base + m_held)
        return {};
    return { m_buffer.get() + (from - m_base), std::min(to, m_base + m_held) - from };
}

std::size_t WalkText::skipSpace(std::size_t at)
{
    while (at < m_size) {
        const std::string_view piece = view(at, at + 4096);
        if (piece.empty())
            return m_size;
        for (char c : piece) {
            if (!json::isSpace(c))
                return at;
            ++at;
        }
    }
    return at;
}

void WalkText::release(std::size_t before) { m_released = std::max(m_released, before); }

/// Reads until byte `to` is held, a chunk or more at a time, after moving the bytes still needed
/// to the buffer's front (at most a window: the buffer stays a few chunks long).
void WalkText::fetch(std::size_t to)
{
    if (m_failed)
        return;
    const std::size_t drop = std::min(m_released, m_base + m_held) - std::min(m_released, m_base);
    if (drop > 0) {
        std::memmove(m_buffer.get(), m_buffer.get() + drop, m_held - drop);
        m_base += drop;
        m_held -= drop;
    }
    const std::size_t want = std::min(m_size, std::max(to, m_base + m_held + m_chunk)) - m_base;
    if (want > m_capacity) {
        const std::size_t capacity = std::max(want, 2 * m_capacity);
        auto grown = std::make_unique_for_overwrite<char[]>(capacity);
        if (m_held > 0) // (no buffer yet before the first read)
            std::memcpy(grown.get(), m_buffer.get(), m_held);
        m_buffer = std::move(grown);
        m_capacity = capacity;
    }
    while (m_held < want) {
        const std::size_t got = std::fread(m_buffer.get() + m_held, 1, want - m_held, m_file);
        if (got == 0) {
            m_failed = true; // an error, or the file is shorter than it was
            return;
        }
        m_held += got;
    }
}

bool WalkText::complete()
{
    if (!m_file)
        return true;
    return !m_failed && m_base + m_held == m_size && std::fgetc(m_file) == EOF && !std::ferror(m_file);
}

} // namespace lookahead::graphformat
