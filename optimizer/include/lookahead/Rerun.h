#pragma once

/// \file The rerun use case: input graph, pipeline and cost options → the optimized graph, its
/// schedule, what every pass did. The GUI's live rerun (RunController), `batch run` and every point
/// of a sweep go through rerun(), so the three cannot drift apart (same copy, same verifier, same
/// cost model, same simulation options).

#include "lookahead/CostModel.h"
#include "lookahead/Pipeline.h"
#include "lookahead/Result.h"
#include "lookahead/Schedule.h"
#include "lookahead/Simulator.h"
#include "lookahead/TaskGraph.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lookahead {

/// `where` of the error when the pipeline ran but its output does not simulate (a deadlock the
/// verifier did not see, or cancellation during the simulation): batch exits "internal" on it.
inline constexpr std::string_view kAfterThePipeline = "after the pipeline";

struct RerunOptions {
    /// The cost terms to simulate with; `simulation` switches them off (spec costs, disabled terms).
    const CostModel* costModel = &CostModel::standard();
    /// Spec costs, disabled terms, and the cancellation flag (polled by every pass and the simulator).
    SimulationOptions simulation;
    /// Before/after each pass (progress, per-pass timing); called on the rerunning thread.
    PipelineHooks hooks;
    bool verify = true;           ///< Run the verifier after every pass.
    bool verifyInputAside = true; ///< PipelineRunOptions::verifyInputAside.
    /// Optional: the schedule of `input` under these cost options (PipelineRunOptions::inputSchedule).
    std::shared_ptr<const Schedule> inputSchedule;
};

/// What a rerun produced. Immutable once returned; the pointers may be shared across threads.
struct RerunOutcome {
    std::shared_ptr<const TaskGraph> graph;   ///< The input after the pipeline.
    std::shared_ptr<const Schedule> schedule; ///< Its simulation.
    std::vector<PassRecord> records;          ///< One per pass, in pipeline order.
    std::string pipelineText;                 ///< The canonical text of the pipeline run.
    /// Tasks after the pipeline minus tasks before (what the passes inserted, net).
    std::int64_t insertedTasks = 0;

    /// Every statistic of every pass as `PASS.NAME`, in pipeline then declaration order.
    std::vector<std::pair<std::string, std::int64_t>> statistics() const;
};

/// Runs `pipeline` on a copy of `input`, then simulates the result with `options.costModel`.
/// Errors: the first failing pass (as runPipeline reports it; "cancelled" when cancelled), or,
/// when the result does not simulate, `where` = kAfterThePipeline with the simulator's message.
Result<RerunOutcome> rerun(const TaskGraph& input, Pipeline& pipeline, const RerunOptions& options = {});
/// The same for a shared input: an empty pipeline's outcome is `input` itself (no copy) and its
/// schedule is `options.inputSchedule` when given (no second simulation). What `batch run` calls.
Result<RerunOutcome> rerun(
    std::shared_ptr<const TaskGraph> input, Pipeline& pipeline, const RerunOptions& options = {});

} // namespace lookahead
