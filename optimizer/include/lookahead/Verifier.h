#pragma once

/// \file The verifier of `shared/spec/passes.md`: dependencies kept, no deadlock, no hazard.

#include "lookahead/TaskGraph.h"

#include <optional>
#include <string>
#include <vector>

namespace lookahead {

/// Two tasks touching one buffer, at least one writing, with neither ordered before the other.
struct Hazard {
    TaskIndex first = kNoTask;  ///< Earlier in file order.
    TaskIndex second = kNoTask;
    std::string buffer;
    std::string kind;        ///< `write-after-write`, `read-after-write` or `write-after-read` in file order.
    std::string explanation; ///< Full sentence naming both tasks, the buffer and why they race.
};

struct VerificationReport {
    std::vector<std::string> lostDependencies; ///< "P -> T" orderings of the input that no longer hold.
    std::optional<std::string> deadlock;       ///< A cycle, as text, when there is one.
    std::vector<Hazard> hazards;
    bool clean() const { return lostDependencies.empty() && !deadlock && hazards.empty(); }
};

class Verifier {
public:
    /// Hazards of `graph`. Orderings are barriers, `after`, and queue order on single-engine queues
    /// (on multi-engine queues, queue order only orders starts, so it does not separate accesses).
    static std::vector<Hazard> findHazards(const TaskGraph& graph);
    /// Checks `after` (a pass's output) against `before` (its input): every direct dependency
    /// between tasks of the input still holds (directly or transitively), no cycle, no hazard that
    /// the input did not already have.
    static VerificationReport verify(const TaskGraph& before, const TaskGraph& after);
};

} // namespace lookahead
