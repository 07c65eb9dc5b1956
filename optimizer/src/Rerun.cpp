#include "lookahead/Rerun.h"

namespace lookahead {

std::vector<std::pair<std::string, std::int64_t>> RerunOutcome::statistics() const
{
    std::vector<std::pair<std::string, std::int64_t>> flat;
    for (const PassRecord& record : records)
        for (const auto& [name, count] : record.statistics)
            flat.emplace_back(record.name + "." + name, count);
    return flat;
}

Result<RerunOutcome> rerun(const TaskGraph& input, Pipeline& pipeline, const RerunOptions& options)
{
    PipelineRunOptions runOptions;
    runOptions.costModel = options.costModel;
    runOptions.simulation = options.simulation;
    runOptions.hooks = options.hooks;
    runOptions.verify = options.verify;
    runOptions.verifyInputAside = options.verifyInputAside;
    runOptions.inputSchedule = options.inputSchedule;
    runOptions.inputGraph = &input; // `graph` below starts as its copy

    auto graph = std::make_shared<TaskGraph>(input);
    Result<std::vector<PassRecord>> records = runPipeline(pipeline, *graph, runOptions);
    if (!records.ok())
        return records.error();
    auto schedule = simulate(*graph, *options.costModel, options.simulation);
    if (!schedule.ok())
        return Error { "", std::string(kAfterThePipeline), schedule.error().toString() };

    RerunOutcome outcome;
    outcome.insertedTasks
        = static_cast<std::int64_t>(graph->tasks.size()) - static_cast<std::int64_t>(input.tasks.size());
    outcome.graph = std::move(graph);
    outcome.schedule = std::move(schedule).value();
    outcome.records = std::move(records).value();
    outcome.pipelineText = pipeline.print();
    return outcome;
}

Result<RerunOutcome> rerun(std::shared_ptr<const TaskGraph> input, Pipeline& pipeline, const RerunOptions& options)
{
    if (!pipeline.empty())
        return rerun(*input, pipeline, options);
    // Nothing to run: the outcome is the input itself, shared rather than copied (a large graph's
    // copy and its destruction cost more than its simulation), with the input's schedule when the
    // caller has it (the same graph under the same options simulates the same).
    std::shared_ptr<const Schedule> schedule = options.inputSchedule;
    if (!schedule) {
        auto simulated = simulate(*input, *options.costModel, options.simulation);
        if (!simulated.ok())
            return Error { "", std::string(kAfterThePipeline), simulated.error().toString() };
        schedule = std::move(simulated).value();
    }
    RerunOutcome outcome;
    outcome.graph = std::move(input);
    outcome.schedule = std::move(schedule);
    outcome.pipelineText = pipeline.print();
    return outcome;
}

} // namespace lookahead
