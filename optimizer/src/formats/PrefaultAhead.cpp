#include "formats/PrefaultAhead.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <system_error>

namespace lookahead::json {

PrefaultAhead::PrefaultAhead(const char* data, std::size_t size)
{
    if (size < (std::size_t(4) << 20))
        return;
    try {
        m_thread = std::jthread(populate, data, size);
    } catch (const std::system_error&) {
        // No thread to spare (a process limit): the writer faults the pages in itself.
    }
}

void PrefaultAhead::populate(const std::stop_token& stop, const char* data, std::size_t size)
{
    constexpr std::size_t kChunk = std::size_t(4) << 20;
    // madvise() takes whole pages: from the first page boundary in the buffer to the last.
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const std::size_t skip = (page - reinterpret_cast<std::uintptr_t>(data) % page) % page;
    const std::size_t whole = size > skip ? (size - skip) / page * page : 0;
    char* const first = const_cast<char*>(data) + skip; // madvise() does not write it
    for (std::size_t at = 0; at < whole && !stop.stop_requested(); at += kChunk)
        if (madvise(first + at, std::min(kChunk, whole - at), MADV_POPULATE_WRITE) != 0)
            return;
}

} // namespace lookahead::json
