#pragma once

/// \file The pass interface.
///
/// A pass is a class with its options and statistics as members:
///
/// \code
/// class MyPass final : public Pass {
/// public:
///     std::string_view name() const override { return "my-pass"; }
///     std::string_view summary() const override { return "..."; }
///     Status run(PassContext& context) override;
/// private:
///     IntegerOption distance { this, "distance", 1, 0, 3, "", "iterations ahead" };
///     Statistic numRewritten { this, "rewritten", "tasks rewritten" };
/// };
/// \endcode
///
/// Passes are created fresh for every pipeline run (PassRegistry::create), so they may keep state
/// in members during run().

#include "lookahead/CostModel.h"
#include "lookahead/PassOption.h"
#include "lookahead/Result.h"
#include "lookahead/Schedule.h"
#include "lookahead/Simulator.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

/// What a pass may use while it runs. Owned by the pipeline runner.
class PassContext {
public:
    PassContext(TaskGraph& graph, const CostModel& costModel, const SimulationOptions& simulation)
        : graph(graph)
        , costModel(costModel)
        , simulation(simulation)
    {
    }

    TaskGraph& graph;
    const CostModel& costModel;
    const SimulationOptions& simulation;

    /// Simulates the graph as it is now, with the run's cost settings.
    Result<std::shared_ptr<const Schedule>> simulate() const
    {
        return lookahead::simulate(graph, costModel, simulation);
    }
    /// The schedule of the graph as the pass received it: the one the runner was given
    /// (PipelineRunOptions::inputSchedule, first pass only) or a simulation. Call it before the
    /// pass changes the graph; it saves the GUI's live rerun a second simulation of its input.
    Result<std::shared_ptr<const Schedule>> inputSchedule() const
    {
        if (givenInputSchedule)
            return givenInputSchedule;
        return simulate();
    }
    /// Set by the runner: a schedule of `graph` as it is before the pass, with these cost settings.
    std::shared_ptr<const Schedule> givenInputSchedule;
    bool cancelled() const { return simulation.cancel && simulation.cancel->load(std::memory_order_relaxed); }

    /// Records why the pass did (or did not do) something: shown in the report, provenance and GUI.
    /// By convention an object with `"action"` (`"inserted"`, `"skipped"`, ...), `"reason"` and facts.
    void explain(nlohmann::json decision) { decisions.push_back(std::move(decision)); }
    /// A problem that did not stop the pass (e.g. an insertion skipped because it would deadlock).
    void warn(std::string message) { warnings.push_back(std::move(message)); }

    nlohmann::json decisions = nlohmann::json::array();
    std::vector<std::string> warnings;
};

class Pass {
public:
    virtual ~Pass() = default;
    Pass() = default;
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

    /// The name used in pipelines (`sw-kernel-prefetch`).
    virtual std::string_view name() const = 0;
    /// One line for `batch passes` and the GUI.
    virtual std::string_view summary() const = 0;
    /// Transforms context.graph. An Error means the pass could not run (e.g. an option that does
    /// not fit the graph); the graph is then discarded by the runner.
    virtual Status run(PassContext& context) = 0;

    const std::vector<OptionBase*>& options() const { return m_options; }
    const std::vector<Statistic*>& statistics() const { return m_statistics; }
    OptionBase* findOption(std::string_view name) const;
    /// `name{opt=value,...}` with the options that are set, in declaration order (canonical form).
    std::string print() const;
    /// The set options as a JSON object (for provenance).
    nlohmann::json setOptionsJson() const;

private:
    friend class OptionBase;
    friend class Statistic;
    std::vector<OptionBase*> m_options;
    std::vector<Statistic*> m_statistics;
};

} // namespace lookahead
