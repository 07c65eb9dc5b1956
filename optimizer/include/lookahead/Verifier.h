#pragma once

/// \file The verifier of `shared/spec/passes.md`: dependencies kept, no deadlock, no hazard.
///
/// The generic checks live here; each pass family adds the hazards of its own model as a
/// HazardRule (registered in BuiltinRegistry.cpp), so the verifier never includes a family's files.

#include "lookahead/TaskGraph.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lookahead {

/// Two tasks touching one buffer, at least one writing, with neither ordered before the other.
struct Hazard {
    TaskIndex first = kNoTask; ///< Earlier in file order.
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

/// A pass family's hazard rule: appends the hazards its model defines (e.g. SuperKernel sync
/// ranges too narrow for a data dependency). Stateless; called on every verification.
struct HazardRule {
    std::string name; ///< The family, e.g. `superkernel` (for messages and tests).
    std::function<void(const TaskGraph& graph, std::vector<Hazard>& hazards)> append;
};

/// The hazard rules of the pass families. Thread-safe to read once built.
class HazardRules {
public:
    /// Every built-in family's rules (BuiltinRegistry.cpp).
    static const HazardRules& standard();

    void add(HazardRule rule) { m_rules.push_back(std::move(rule)); }
    const std::vector<HazardRule>& rules() const { return m_rules; }

private:
    std::vector<HazardRule> m_rules;
};

/// The first hazards of a graph and how many there are in all (Verifier::scanHazards).
struct HazardScan {
    std::vector<Hazard> first; ///< The first `limit`, in the order findHazards gives.
    std::size_t total = 0;
};

class Verifier {
public:
    /// Hazards of `graph`: the families' rules (in registration order), then buffer accesses.
    /// Orderings are barriers, `after`, and queue order on single-engine queues (on multi-engine
    /// queues, queue order only orders starts, so it does not separate accesses).
    static std::vector<Hazard> findHazards(const TaskGraph& graph, const HazardRules& rules = HazardRules::standard());
    /// findHazards when only the first `limit` are shown: the others are counted, not described.
    /// A buffer written by thousands of unordered tasks races in millions of pairs (every pair is
    /// a hazard), and their sentences would cost more than everything else `batch run` does.
    static HazardScan scanHazards(
        const TaskGraph& graph, std::size_t limit, const HazardRules& rules = HazardRules::standard());
    /// Checks `after` (a pass's output) against `before` (its input): every direct dependency
    /// between tasks of the input still holds (directly or transitively), no cycle, no hazard that
    /// the input did not already have. `inputAside`: the input's side (its direct predecessors and
    /// hazards) is read on a thread of its own while this one reads the output's (a live rerun's
    /// latency, on a core that is otherwise idle); the report is the same either way.
    static VerificationReport verify(const TaskGraph& before, const TaskGraph& after,
        const HazardRules& rules = HazardRules::standard(), bool inputAside = false);
};

} // namespace lookahead
