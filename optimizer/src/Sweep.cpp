#include "lookahead/Sweep.h"

#include "lookahead/Csv.h"

#include <charconv>
#include <sstream>

namespace lookahead {

namespace {

    Error varyError(std::string message) { return Error { "", "--vary", std::move(message) }; }


    /// The last occurrence of `passName` in `pipeline` (the one that is varied), or nullptr.
    Pass* variedPass(Pipeline& pipeline, const std::string& passName)
    {
        Pass* target = nullptr;
        for (const auto& pass : pipeline.passes)
            if (pass->name() == passName)
                target = pass.get();
        return target;
    }

    /// Parses `pipelineText` and sets the varied option to `value`.
    Result<Pipeline> pipelineFor(const std::string& pipelineText, const SweepVariation& variation, const std::string& value)
    {
        Result<Pipeline> pipeline = Pipeline::parse(pipelineText);
        if (!pipeline.ok())
            return pipeline.error();
        Pass* target = variedPass(pipeline.value(), variation.pass);
        if (!target)
            return varyError("unknown pass \"" + variation.pass + "\"");
        OptionBase* option = target->findOption(variation.option);
        if (!option)
            return varyError("pass \"" + variation.pass + "\" has no option \"" + variation.option + "\"");
        OptionText text;
        text.word = value;
        if (Status set = option->parse(text); !set.ok())
            return varyError(set.error().toString());
        return pipeline;
    }

} // namespace

Result<std::vector<std::string>> integerSweepValues(std::int64_t from, std::int64_t to, std::int64_t step)
{
    const std::string range = std::to_string(from) + ":" + std::to_string(to) + ":" + std::to_string(step);
    if (step <= 0 || to < from)
        return varyError("expected FROM:TO:STEP with FROM ≤ TO and STEP > 0, got \"" + range + "\"");
    if ((to - from) / step >= 10000)
        return varyError("more than 10000 values in \"" + range + "\"");
    std::vector<std::string> values;
    for (std::int64_t x = from; x <= to; x += step) {
        values.push_back(std::to_string(x));
        if (to - x < step)
            break; // no overflow past INT64_MAX
    }
    return values;
}

Result<SweepVariation> parseSweepVariation(std::string_view specView)
{
    const std::string spec(specView);
    const auto dot = spec.find('.');
    const auto eq = spec.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot > eq)
        return varyError("expected PASS.OPTION=FROM:TO:STEP or PASS.OPTION={a,b,c}, got \"" + spec + "\"");
    SweepVariation v { spec.substr(0, dot), spec.substr(dot + 1, eq - dot - 1), {} };
    const std::string range = spec.substr(eq + 1);
    if (range.size() >= 2 && range.front() == '{' && range.back() == '}') {
        std::stringstream items(range.substr(1, range.size() - 2));
        for (std::string item; std::getline(items, item, ',');)
            if (!item.empty())
                v.values.push_back(item);
    } else {
        std::int64_t bounds[3] = {};
        std::stringstream parts(range);
        std::string part;
        int count = 0;
        while (std::getline(parts, part, ':')) {
            if (count == 3)
                break;
            auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), bounds[count]);
            if (ec != std::errc() || ptr != part.data() + part.size())
                return varyError("\"" + part + "\" is not an integer in \"" + spec + "\"");
            ++count;
        }
        if (count != 3 || bounds[2] <= 0 || bounds[1] < bounds[0])
            return varyError("expected FROM:TO:STEP with FROM ≤ TO and STEP > 0, got \"" + range + "\"");
        Result<std::vector<std::string>> values = integerSweepValues(bounds[0], bounds[1], bounds[2]);
        if (!values.ok())
            return values.error();
        v.values = std::move(values).value();
    }
    if (v.values.empty())
        return varyError("no values in \"" + spec + "\"");
    return v;
}

Result<std::string> checkSweep(const SweepVariation& variation, const std::string& pipeline)
{
    Result<Pipeline> probe = Pipeline::parse(pipeline);
    if (!probe.ok())
        return probe.error();
    std::string text = pipeline;
    if (!variedPass(probe.value(), variation.pass)) {
        if (!PassRegistry::global().create(variation.pass))
            return varyError("unknown pass \"" + variation.pass + "\"");
        text += (text.empty() ? "" : ",") + variation.pass;
    }
    if (variation.values.empty())
        return varyError("no values");
    for (const std::string& value : variation.values) {
        Result<Pipeline> checked = pipelineFor(text, variation, value);
        if (!checked.ok())
            return checked.error();
    }
    return text;
}

Result<SweepResult> runSweep(const TaskGraph& input, const SweepVariation& variation, const SweepOptions& options)
{
    Result<std::string> pipelineText = checkSweep(variation, options.pipeline);
    if (!pipelineText.ok())
        return pipelineText.error();
    SweepResult result;
    result.variation = variation;
    result.pipeline = pipelineText.value();

    auto baseline = simulate(input, CostModel::standard(), options.simulation);
    if (!baseline.ok())
        return baseline.error();
    result.baselineMakespan = baseline.value()->makespan;
    result.baselineStall = baseline.value()->totalStall;

    PipelineRunOptions runOptions;
    runOptions.simulation = options.simulation;
    for (std::size_t i = 0; i < variation.values.size(); ++i) {
        const std::string& value = variation.values[i];
        if (options.simulation.cancel && options.simulation.cancel->load(std::memory_order_relaxed))
            return Error { "", "", "cancelled" };
        Result<Pipeline> pipeline = pipelineFor(result.pipeline, variation, value);
        if (!pipeline.ok())
            return pipeline.error();
        TaskGraph graph = input;
        Result<std::vector<PassRecord>> records = runPipeline(pipeline.value(), graph, runOptions);
        if (!records.ok()) {
            Error error = records.error();
            error.message += " (at " + variation.pass + "." + variation.option + "=" + value + ")";
            return error;
        }
        auto scheduled = simulate(graph, CostModel::standard(), options.simulation);
        if (!scheduled.ok())
            return Error { "", "after the pipeline", scheduled.error().toString() };
        SweepPoint point;
        point.value = value;
        point.makespan = scheduled.value()->makespan;
        point.totalStall = scheduled.value()->totalStall;
        point.insertedTasks = static_cast<std::int64_t>(graph.tasks.size()) - static_cast<std::int64_t>(input.tasks.size());
        for (const PassRecord& record : records.value())
            for (const auto& [name, count] : record.statistics)
                point.statistics.emplace_back(record.name + "." + name, count);
        result.points.push_back(std::move(point));
        if (options.progress)
            options.progress(i + 1, variation.values.size(), result.points.back());
    }
    return result;
}

std::string SweepResult::toCsv() const
{
    std::string csv = csvField(variation.pass + "." + variation.option) + ",makespan,makespan_delta,total_stall,inserted_tasks";
    if (!points.empty())
        for (const auto& [column, count] : points.front().statistics)
            csv += "," + csvField(column);
    csv += "\n";
    for (const SweepPoint& point : points) {
        csv += csvField(point.value) + "," + std::to_string(point.makespan) + ","
            + std::to_string(point.makespan - baselineMakespan) + "," + std::to_string(point.totalStall) + ","
            + std::to_string(point.insertedTasks);
        for (const auto& [column, count] : point.statistics)
            csv += "," + std::to_string(count);
        csv += "\n";
    }
    return csv;
}

} // namespace lookahead
