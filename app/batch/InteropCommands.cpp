#include "InteropCommands.h"

#include "BatchArguments.h"
#include "BatchCommand.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/InputOpener.h"
#include "lookahead/ScheduleComparison.h"
#include "lookahead/Simulator.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>

namespace lookahead {

namespace {

    using namespace batch;

    TraceImportOptions traceOptions(const Arguments& args)
    {
        TraceImportOptions options;
        if (auto clock = args.value("--clock-mhz")) {
            char* end = nullptr;
            const double mhz = std::strtod(clock->c_str(), &end);
            if (clock->empty() || *end != '\0' || !std::isfinite(mhz) || mhz < kMinClockMhz)
                throw UsageError { "--clock-mhz: expected a number of MHz at least 1, got \"" + *clock + "\"" };
            options.clockMhz = mhz;
        }
        if (auto lane = args.value("--lane-deps")) {
            if (*lane == "auto")
                options.laneDependencies = TraceImportOptions::LaneDependencies::Auto;
            else if (*lane == "always")
                options.laneDependencies = TraceImportOptions::LaneDependencies::Always;
            else if (*lane == "never")
                options.laneDependencies = TraceImportOptions::LaneDependencies::Never;
            else
                throw UsageError { "--lane-deps: expected auto, always or never, got \"" + *lane + "\"" };
        }
        return options;
    }

    int importCommand(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("import", argv, 1,
            { { "--output", true }, { "--clock-mhz", true }, { "--lane-deps", true }, { "--summary", true },
                { "--op-summary", true }, platformOption });
        if (args.positional.size() != 1)
            throw UsageError { "batch import: expects exactly one TRACE, got "
                + std::to_string(args.positional.size()) };
        const std::string& trace = args.positional.front();
        const auto output = args.value("--output");
        if (!output)
            throw UsageError { "batch import: -o GRAPH is required" };
        TraceImportOptions options = traceOptions(args);
        (void)platformArgument(args); // checks the name early (a usage error); the import applies it
        options.platform = args.value("--platform").value_or("");
        options.opSummary = args.value("--op-summary").value_or("");
        // The import applies the platform itself, then makes the replay exact on it.
        Result<ImportedTrace> imported = importChromeTraceFile(trace, options);
        if (!imported.ok()) {
            err << "lookahead: " << imported.error().toString() << "\n";
            return ExitBadInput;
        }
        std::vector<PendingOutput> outputs { { .option = "--output", .path = *output, .stream = [&](TextSink& sink) {
                                                  writeTaskGraph(imported.value().graph, {}, sink);
                                              } } };
        if (auto summary = args.value("--summary"))
            outputs.push_back({ "--summary", *summary, imported.value().summary.toJson().dump(1) + "\n" });
        const int status = writeOutputs({ trace }, outputs, out, err);
        if (status == ExitOk && args.value("--summary") != "-")
            (*output == "-" ? err : out) << imported.value().summary.toText();
        return status;
    }

    int diffCommand(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("diff", argv, 1,
            { { "--spec-costs", false }, { "--disable-cost", true }, { "--clock-mhz", true }, { "--lane-deps", true },
                { "--top", true }, { "--json", true }, { "--csv", true }, platformOption });
        if (args.positional.size() != 2)
            throw UsageError { "batch diff: expects two files A B, got " + std::to_string(args.positional.size()) };
        const SimulationOptions simulation = simulationOptions(args);
        std::size_t top = 20;
        if (auto text = args.value("--top")) {
            auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), top);
            if (ec != std::errc() || ptr != text->data() + text->size())
                throw UsageError { "--top: expected a count, got \"" + *text + "\"" };
        }
        TraceImportOptions options = traceOptions(args);
        options.platform = args.value("--platform").value_or("");
        const std::optional<PlatformPreset> platform = platformArgument(args);

        struct Side {
            TaskGraph graph;
            std::shared_ptr<const Schedule> schedule;
        };
        std::vector<Side> sides;
        for (const std::string& path : args.positional) {
            Result<OpenedInput> opened = openInputFile(path, options);
            if (!opened.ok()) {
                err << "lookahead: " << opened.error().toString() << "\n";
                return ExitBadInput;
            }
            Result<TaskGraph> graph = std::move(opened.value().graph);
            // A recording got the platform during its import (which keeps its replay exact).
            if (!opened.value().summary && !applyPlatformArgument(platform, graph.value(), path, err))
                return ExitBadInput;
            SimulationOptions sideSimulation = simulation;
            if (opened.value().summary) // a recording's baseline is the recording itself
                for (const std::string& term : opened.value().summary->costTermsOff)
                    sideSimulation.disabledTerms.push_back(term);
            auto schedule = simulate(graph.value(), CostModel::standard(), sideSimulation);
            if (!schedule.ok()) {
                err << "lookahead: " << path << ": " << schedule.error().toString() << "\n";
                return ExitBadInput;
            }
            sides.push_back({ std::move(graph).value(), schedule.value() });
        }
        const ScheduleComparison comparison
            = compareSchedules(sides[0].graph, *sides[0].schedule, sides[1].graph, *sides[1].schedule);
        std::vector<PendingOutput> outputs;
        if (auto json = args.value("--json"))
            outputs.push_back({ "--json", *json, comparisonToJson(comparison).dump(1) + "\n" });
        if (auto csv = args.value("--csv"))
            outputs.push_back({ "--csv", *csv, comparisonTasksCsv(comparison) });
        const bool machineOnStdout = args.value("--json") == "-" || args.value("--csv") == "-";
        if (!machineOnStdout)
            outputs.insert(outputs.begin(),
                { "text", "-", comparisonToText(comparison, args.positional[0], args.positional[1], top) });
        return writeOutputs(args.positional, outputs, out, err);
    }

    int guarded(int (*command)(const std::vector<std::string>&, std::ostream&, std::ostream&),
        const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
    {
        try {
            return command(args, out, err);
        } catch (const UsageError& usage) {
            err << "lookahead: " << usage.message << "\n";
            return ExitBadInput;
        }
    }

} // namespace

int runBatchImport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    return guarded(importCommand, args, out, err);
}

int runBatchDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    return guarded(diffCommand, args, out, err);
}

} // namespace lookahead
