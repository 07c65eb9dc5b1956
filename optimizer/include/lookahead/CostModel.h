#pragma once

/// \file Cost terms beyond the normative simulation semantics (format section 5).
///
/// The simulator implements sections 5.1 and 5.2 exactly. Everything else that makes a schedule
/// realistic (fabric contention between instruction fetches, launch overhead, sync cost, L2
/// contention, early-start overlap) is a named CostTerm with documented parameters. A parameter's
/// value comes from `platform.costs.NAME` when present, else from its default, so a file without
/// `costs` still simulates. `--spec-costs` (SimulationOptions::specCosts) switches every term off.

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lookahead {

/// A numeric parameter of a cost term, read from `platform.costs`.
struct CostParameter {
    std::string name;        ///< Key in `platform.costs`, e.g. `fabric_bytes_per_cycle`.
    double defaultValue = 0; ///< Used when the file does not set it.
    double minimum = 0;      ///< The loader refuses smaller values.
    std::string help;
};

/// What the simulator knows when a task starts; handed to every enabled term.
struct TaskStartEvent {
    TaskIndex task = kNoTask;
    std::int64_t start = 0;
    std::uint32_t globalEngine = 0; ///< Dense over all engines of the platform.
    std::int64_t icacheStall = 0;   ///< Section 5.2 stall of this look-up.
    bool icacheMiss = false;        ///< The look-up went to memory (not L1, not L2).
    std::int64_t fetchBytes = 0;    ///< Bytes fetched from memory on a miss, else 0.
};

/// The state of one term during one simulation (terms may remember earlier tasks).
class CostTerm {
public:
    virtual ~CostTerm() = default;
    /// Extra cycles `event.task` runs for, on top of `cycles` and its instruction-cache stall.
    virtual std::int64_t extraCycles(const TaskStartEvent& event) = 0;
};

/// A term's declaration: name, documentation, parameters, and how to make its per-run state.
struct CostTermInfo {
    std::string name;    ///< e.g. `fabric-contention`; used by `--disable-cost` and reports.
    std::string summary; ///< One line.
    std::string formula; ///< The documented formula, shown by `batch costs` and in the GUI.
    std::vector<CostParameter> parameters;
    /// Creates the per-simulation state; `values` holds one value per parameter, in order.
    std::function<std::unique_ptr<CostTerm>(const TaskGraph& graph, const std::vector<double>& values)> create;
};

/// The registry of cost terms. Thread-safe to read once built.
class CostModel {
public:
    /// All built-in terms (see BuiltinRegistry.cpp).
    static const CostModel& standard();

    void add(CostTermInfo info);
    const std::vector<CostTermInfo>& terms() const { return m_terms; }
    const CostTermInfo* find(std::string_view name) const;
    /// Every parameter's value for `graph`, in declaration order of `term`.
    std::vector<double> parameterValues(const CostTermInfo& term, const TaskGraph& graph) const;
    /// Checks `platform.costs` of a file: known keys must be numbers ≥ their minimum.
    /// `costs` is the JSON object; errors are reported under `/platform/costs/KEY`.
    Status validate(const nlohmann::json& costs) const;

private:
    std::vector<CostTermInfo> m_terms;
};

} // namespace lookahead
