#pragma once

/// \file The buffer part of the hazard check (Verifier::findHazards): which accesses of one buffer
/// race, i.e. touch it with at least one write while neither task is ordered before the other by
/// barriers, `after` or the queue order of single-engine queues (shared/spec/passes.md, Verifier).
///
/// The answer is every racing pair, which can itself be quadratic (a buffer written by thousands
/// of unordered tasks); what must not be quadratic is the work on pairs that do not race. So the
/// check runs as a race detector does: accesses in a topological order, each compared with the
/// last write that is ordered before it and with what that write did not order (see the .cpp).

#include "lookahead/TaskGraph.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace lookahead {

/// One access of a task to a buffer. A task that reads and writes a buffer writes it.
struct BufferAccess {
    TaskIndex task = kNoTask;
    bool writes = false;
};

/// Every access to one buffer, in file order (tasks in file order; per task its `writes`, then its
/// `reads`, each in the order listed; a buffer listed twice is two accesses).
struct BufferAccesses {
    std::string_view buffer;
    std::span<const BufferAccess> accesses;
};

/// A racing pair: positions in BufferAccesses::accesses, `first` < `second`.
struct AccessPair {
    std::uint32_t first = 0;
    std::uint32_t second = 0;
    friend bool operator==(const AccessPair&, const AccessPair&) = default;
    friend bool operator<(const AccessPair& a, const AccessPair& b)
    {
        return a.first != b.first ? a.first < b.first : a.second < b.second;
    }
};

/// How racingPairs answers "is one task ordered before another" (the defaults suit every graph;
/// tests change them to exercise each way of answering).
struct HazardSearch {
    std::size_t maxChains = 256; ///< Vector clocks over at most this many chains (0: none).
    bool clocksUpFront = false;  ///< Build the clocks at once rather than when searches get costly.
};

/// The racing pairs of every buffer of `buffers` (same order), each buffer's pairs sorted. Near
/// linear in the accesses and the dependencies when little races: O((A + E + H) log V) for A
/// accesses, E dependencies and H racing pairs on typical graphs (see the .cpp for the bound).
/// Falls back to racingPairsByPairs when the dependencies form a cycle.
std::vector<std::vector<AccessPair>> racingPairs(
    const TaskGraph& graph, const std::vector<BufferAccesses>& buffers, const HazardSearch& tuning = {});

/// The same answer by checking every pair of accesses of a buffer (quadratic): the definition,
/// kept for graphs with a cycle (where "ordered before" is not a partial order) and for the tests.
std::vector<std::vector<AccessPair>> racingPairsByPairs(
    const TaskGraph& graph, const std::vector<BufferAccesses>& buffers);

} // namespace lookahead
