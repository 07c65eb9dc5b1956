#pragma once

// The text the loader's windowed walk reads (LoaderWindows.cpp): all of it in memory, or a file
// read a few megabytes ahead of the walk, the bytes behind it dropped. The walk copies what it
// keeps (a window for On-Demand, a run into a batch, a root key's text), so a large file is never
// whole in memory on this path: its text was the largest fresh memory of a load, and on the VM we
// measure on, fresh memory costs more than reading the page cache.

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string_view>

namespace lookahead::graphformat {

class WalkText {
public:
    /// A text in memory.
    explicit WalkText(std::string_view whole);
    /// `file` from its start, whose size is `size`; read `chunk` bytes ahead at a time.
    WalkText(std::FILE* file, std::size_t size, std::size_t chunk = std::size_t(4) << 20);

    std::size_t size() const { return m_size; }
    /// Bytes [from, to), `to` clamped to size(); valid until the next call that reads. The walk only
    /// goes forward: `from` is at or after the last release(). Shorter when the file was.
    std::string_view view(std::size_t from, std::size_t to);
    /// Byte `at` (< size()), or 0 when the file ended early.
    char operator[](std::size_t at)
    {
        const std::string_view byte = view(at, at + 1);
        return byte.empty() ? '\0' : byte[0];
    }
    /// The first byte at or after `at` that is not JSON whitespace, or size().
    std::size_t skipSpace(std::size_t at);
    /// The walk needs no byte before `before` again.
    void release(std::size_t before);
    /// False when the file could not be read, was shorter than its size said, or longer.
    bool complete();

private:
    void fetch(std::size_t to);

    std::string_view m_whole; ///< The text in memory, or empty when reading a file.
    std::FILE* m_file = nullptr;
    std::size_t m_size = 0;
    std::size_t m_chunk = 0;
    std::unique_ptr<char[]> m_buffer; ///< Bytes [m_base, m_base + m_held) of the file.
    std::size_t m_capacity = 0;
    std::size_t m_base = 0;
    std::size_t m_held = 0;
    std::size_t m_released = 0;
    bool m_failed = false;
};

} // namespace lookahead::graphformat
