#pragma once

/// \file Pipelines: parsing and printing the text of `shared/spec/cli.md`, and running passes.
///
/// Grammar (whitespace around tokens is ignored):
///   pipeline := ε | pass (',' pass)*
///   pass     := NAME ('{' option (',' option)* '}')?
///   option   := NAME '=' value
///   value    := WORD | '{' (WORD (',' WORD)*)? '}'
/// NAME and WORD are runs of letters, digits and `_ - + . :`.

#include "lookahead/Pass.h"
#include "lookahead/PassRegistry.h"
#include "lookahead/Verifier.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lookahead {

class Pipeline {
public:
    /// Parses `text`; errors name the pass, the option (`PASS.OPTION`) or the column.
    static Result<Pipeline> parse(std::string_view text, const PassRegistry& registry = PassRegistry::global());
    /// The canonical text: every pass, each with the options that were set, in declaration order.
    std::string print() const;
    bool empty() const { return passes.empty(); }
    /// One note per option given in a deprecated spelling (`sk-early-start.mode=2 is deprecated: ...`),
    /// for callers to show as warnings; the pipeline itself already holds the new spelling.
    std::vector<std::string> deprecations() const;

    std::vector<std::unique_ptr<Pass>> passes;
};

/// What one pass did, kept after the run for reports, provenance and the GUI.
struct PassRecord {
    std::string name;
    std::string text;       ///< The pass as canonical pipeline text.
    nlohmann::json options; ///< Set options (provenance form).
    std::vector<std::pair<std::string, std::int64_t>> statistics;
    nlohmann::json decisions = nlohmann::json::array();
    std::vector<std::string> warnings;
    VerificationReport verification;
    double seconds = 0;
    std::size_t tasksAfter = 0;
};

struct PipelineHooks {
    /// Before pass `index` of `count` starts (progress).
    std::function<void(std::size_t index, std::size_t count, const Pass& pass)> beforePass;
    /// After it ran and was verified.
    std::function<void(std::size_t index, const PassRecord& record, const TaskGraph& graph)> afterPass;
};

struct PipelineRunOptions {
    const CostModel* costModel = &CostModel::standard();
    SimulationOptions simulation;
    PipelineHooks hooks;
    bool verify = true; ///< Run the verifier after every pass.
    /// The verifier may read each pass's input on a thread of its own (Verifier::verify's
    /// `inputAside`): off where every core already runs a pipeline (a parallel sweep).
    bool verifyInputAside = true;
    /// Optional: the schedule of the graph as given, simulated with `costModel` and `simulation`
    /// (a caller that already has it, e.g. the GUI's baseline); the first pass gets it as
    /// PassContext::inputSchedule() instead of simulating the graph again.
    std::shared_ptr<const Schedule> inputSchedule;
    /// Optional: a graph equal to the one given to runPipeline, alive during the run (rerun()'s
    /// input, of which `graph` is a copy): the first pass is verified against it, not a new copy.
    const TaskGraph* inputGraph = nullptr;
};

/// Applies `pipeline` to `graph` in place. Stops at the first pass that fails; a pass that leaves a
/// deadlock is a failure. Hazards and lost dependencies are recorded, not fatal: callers decide.
Result<std::vector<PassRecord>> runPipeline(
    Pipeline& pipeline, TaskGraph& graph, const PipelineRunOptions& options = {});

} // namespace lookahead
