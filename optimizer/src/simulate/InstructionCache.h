#pragma once

// The instruction caches of format section 5.2, beside the simulator that consults them: one L1
// per engine of an executor kind with an icache domain, one L2 per domain, each a whole-kernel
// LRU. The simulator asks once per task start, in start order (which is the look-up order rule 1
// of 5.2 demands), and adds the returned stall to the task.

#include "lookahead/TaskGraph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace lookahead {

/// A whole-kernel LRU cache (spec 5.2): entries ordered least to most recently used. Kernel
/// counts are small (tens), so a vector beats any node-based structure here.
class KernelLru {
public:
    struct Entry {
        KernelIndex kernel;
        std::int64_t bytes;
        std::int64_t filledAt; ///< L2 only: the cycle its fill completes.
    };

    explicit KernelLru(std::int64_t capacity = 0)
        : m_capacity(capacity)
    {
    }

    Entry* find(KernelIndex kernel);
    /// Makes `kernel` the most recently used entry, inserting it (evicting as needed) when new.
    /// A kernel larger than the cache never resides in it.
    void touch(KernelIndex kernel, std::int64_t bytes, std::int64_t filledAt);

private:
    std::int64_t m_capacity;
    std::int64_t m_used = 0;
    std::vector<Entry> m_entries;
};

class InstructionCache {
public:
    /// Where a look-up was served from.
    enum class Level { L1, L2, Memory };
    struct Lookup {
        Level level = Level::L1;
        std::int64_t stall = 0;      ///< Cycles the task waits for its code.
        std::int64_t fetchBytes = 0; ///< Bytes fetched from memory (Level::Memory), else 0.
    };

    /// `engineBaseOfExec[e]`: the first global engine of executor kind e (dense in executor, unit,
    /// engine order).
    InstructionCache(const Platform& platform, std::span<const std::uint32_t> engineBaseOfExec);

    /// The look-up of kernel `code` (footprint `bytes` in `domain`) by `globalEngine`, starting at
    /// `start`: an L1 hit costs nothing; an L2 hit waits for a fill still in flight, then the L2
    /// latency and transfer; a miss the memory latency and transfer, and fills the L2 at its end.
    Lookup lookUp(int domain, KernelIndex code, std::int64_t bytes, std::uint32_t globalEngine, std::int64_t start);

private:
    const Platform& m_platform;
    std::vector<KernelLru> m_l1; ///< Per global engine.
    std::vector<KernelLru> m_l2; ///< Per icache domain.
};

} // namespace lookahead
