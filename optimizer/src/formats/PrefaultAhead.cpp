#include "formats/PrefaultAhead.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <system_error>

namespace lookahead::json {

PrefaultAhead::PrefaultAhead(const char* data, std::size_t size)
    : PrefaultAhead(std::vector<Room> { { data, size } })
{
}

PrefaultAhead::PrefaultAhead(std::vector<Room> rooms)
{
    std::size_t total = 0;
    for (const Room& room : rooms)
        total += room.size;
    if (total < (std::size_t(4) << 20))
        return;
    try {
        m_thread = std::jthread(populate, std::move(rooms));
    } catch (const std::system_error&) {
        // No thread to spare (a process limit): the writer faults the pages in itself.
    }
}

void PrefaultAhead::populate(const std::stop_token& stop, const std::vector<Room>& rooms)
{
    // Each room is filled from its front as the others are, so a slice of each in turn keeps
    // ahead of all of them.
    constexpr std::size_t kSlice = std::size_t(4) << 20;
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    for (std::size_t at = 0; !stop.stop_requested(); at += kSlice) {
        bool more = false;
        for (const Room& room : rooms) {
            // madvise() takes whole pages: from the first page boundary in the room to the last.
            const std::size_t skip = (page - reinterpret_cast<std::uintptr_t>(room.data) % page) % page;
            const std::size_t whole = room.size > skip ? (room.size - skip) / page * page : 0;
            if (at >= whole)
                continue;
            char* const first = const_cast<char*>(room.data) + skip; // madvise() does not write it
            if (madvise(first + at, std::min(kSlice, whole - at), MADV_POPULATE_WRITE) != 0)
                return;
            more = true;
        }
        if (!more)
            return;
    }
}

} // namespace lookahead::json
