#pragma once

#include <cstddef>
#include <stop_token>
#include <thread>
#include <vector>

namespace lookahead::json {

/// How many of something (events, tasks, bytes of ids) the whole text holds when the part read
/// so far holds `count` and the whole is `growth` times that part, with a tenth more: the size a
/// table about to be filled is faulted in to.
inline std::size_t projectedCount(std::size_t count, double growth)
{
    return static_cast<std::size_t>(double(count) * growth * 1.1);
}

/// Faults a fresh buffer in on another core while this one fills it front to back (a file's
/// read, an inflate, the trace reader's event table, the recording builder's tasks). The kernel
/// zeroes every page a process touches first; on the VM we measure on that was a third of an
/// import's time, and the writer need not wait for it (BENCHMARKS.md, "Faulting the input in on
/// the other core"). MADV_POPULATE_WRITE faults pages in without writing to them, so it is safe
/// beside the writer; kernels before 5.14 refuse it, and then the writer faults as before. Only
/// for memory about to be filled (every page it faults in is memory the process holds): a valid
/// gzip file's trailer never overstates its size, and the tables are estimated.
class PrefaultAhead {
public:
    struct Room {
        const char* data;
        std::size_t size;
    };

    PrefaultAhead(const char* data, std::size_t size);
    /// Several buffers filled side by side (a loader's tables), faulted in a slice of each in turn.
    explicit PrefaultAhead(std::vector<Room> rooms);

private:
    static void populate(const std::stop_token& stop, const std::vector<Room>& rooms);
    std::jthread m_thread; ///< Stopped and joined when the writer is done.
};

} // namespace lookahead::json
