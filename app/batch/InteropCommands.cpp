#include "InteropCommands.h"

#include "BatchCommand.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/GraphWriter.h"
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

    struct InteropUsageError {
        std::string message;
    };

    struct Parsed {
        std::vector<std::string> positional;
        std::map<std::string, std::vector<std::string>> values;
        std::map<std::string, bool> flags;
        std::optional<std::string> value(const std::string& name) const
        {
            auto it = values.find(name);
            return it == values.end() || it->second.empty() ? std::nullopt : std::optional(it->second.back());
        }
    };

    /// The same conventions as the other batch commands: `--name value`, `--name=value`, `-o`.
    Parsed parse(const std::string& command, const std::vector<std::string>& args, const std::map<std::string, bool>& known)
    {
        Parsed parsed;
        for (std::size_t i = 1; i < args.size(); ++i) {
            std::string arg = args[i];
            if (arg == "-o")
                arg = "--output";
            if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
                std::string name = arg, inlineValue;
                bool hasInline = false;
                if (auto eq = arg.find('='); eq != std::string::npos) {
                    name = arg.substr(0, eq);
                    inlineValue = arg.substr(eq + 1);
                    hasInline = true;
                }
                auto it = known.find(name);
                if (it == known.end())
                    throw InteropUsageError { "batch " + command + ": unknown option " + name };
                if (!it->second) {
                    if (hasInline)
                        throw InteropUsageError { "batch " + command + ": option " + name + " takes no value" };
                    parsed.flags[name] = true;
                    continue;
                }
                if (!hasInline) {
                    if (i + 1 >= args.size())
                        throw InteropUsageError { "batch " + command + ": option " + name + " needs a value" };
                    inlineValue = args[++i];
                }
                parsed.values[name].push_back(inlineValue);
            } else {
                parsed.positional.push_back(arg);
            }
        }
        return parsed;
    }

    TraceImportOptions traceOptions(const Parsed& args)
    {
        TraceImportOptions options;
        if (auto clock = args.value("--clock-mhz")) {
            char* end = nullptr;
            const double mhz = std::strtod(clock->c_str(), &end);
            if (clock->empty() || *end != '\0' || !std::isfinite(mhz) || mhz <= 0)
                throw InteropUsageError { "--clock-mhz: expected a number > 0, got \"" + *clock + "\"" };
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
                throw InteropUsageError { "--lane-deps: expected auto, always or never, got \"" + *lane + "\"" };
        }
        return options;
    }

    bool sameFile(const std::string& a, const std::string& b)
    {
        std::error_code ec;
        return b != "-" && std::filesystem::exists(b, ec) && std::filesystem::equivalent(a, b, ec);
    }

    struct Output {
        std::string option, path, content;
    };

    /// Writes every output whole (stdout for '-'), after checking none is an input.
    int writeAll(const std::vector<std::string>& inputs, const std::vector<Output>& outputs, std::ostream& out,
        std::ostream& err)
    {
        for (const Output& output : outputs)
            for (const std::string& input : inputs)
                if (sameFile(input, output.path))
                    throw InteropUsageError { output.option + " " + output.path + ": refusing to overwrite the input file" };
        for (const Output& output : outputs) {
            if (output.path == "-") {
                out << output.content;
                continue;
            }
            if (Status written = writeFileAtomically(output.path, output.content); !written.ok()) {
                err << "lookahead: " << output.option << ": " << written.error().toString() << "\n";
                return ExitBadInput;
            }
        }
        return ExitOk;
    }

    int importCommand(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Parsed args = parse("import", argv,
            { { "--output", true }, { "--clock-mhz", true }, { "--lane-deps", true }, { "--summary", true } });
        if (args.positional.size() != 1)
            throw InteropUsageError { "batch import: expects exactly one TRACE, got " + std::to_string(args.positional.size()) };
        const std::string& trace = args.positional.front();
        const auto output = args.value("--output");
        if (!output)
            throw InteropUsageError { "batch import: -o GRAPH is required" };
        const TraceImportOptions options = traceOptions(args);
        Result<ImportedTrace> imported = importChromeTraceFile(trace, options);
        if (!imported.ok()) {
            err << "lookahead: " << imported.error().toString() << "\n";
            return ExitBadInput;
        }
        std::vector<Output> outputs { { "--output", *output, writeTaskGraph(imported.value().graph) } };
        if (auto summary = args.value("--summary"))
            outputs.push_back({ "--summary", *summary, imported.value().summary.toJson().dump(1) + "\n" });
        const int status = writeAll({ trace }, outputs, out, err);
        if (status == ExitOk && args.value("--summary") != "-")
            (*output == "-" ? err : out) << imported.value().summary.toText();
        return status;
    }

    int diffCommand(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Parsed args = parse("diff", argv,
            { { "--spec-costs", false }, { "--disable-cost", true }, { "--clock-mhz", true }, { "--lane-deps", true },
                { "--top", true }, { "--json", true }, { "--csv", true } });
        if (args.positional.size() != 2)
            throw InteropUsageError { "batch diff: expects two files A B, got " + std::to_string(args.positional.size()) };
        SimulationOptions simulation;
        simulation.specCosts = args.flags.count("--spec-costs") > 0;
        if (auto it = args.values.find("--disable-cost"); it != args.values.end()) {
            for (const std::string& name : it->second) {
                if (!CostModel::standard().find(name))
                    throw InteropUsageError { "--disable-cost: unknown cost term \"" + name
                        + "\" (`lookahead batch costs` lists them)" };
                simulation.disabledTerms.push_back(name);
            }
        }
        std::size_t top = 20;
        if (auto text = args.value("--top")) {
            auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), top);
            if (ec != std::errc() || ptr != text->data() + text->size())
                throw InteropUsageError { "--top: expected a count, got \"" + *text + "\"" };
        }
        const TraceImportOptions options = traceOptions(args);

        struct Side {
            TaskGraph graph;
            std::shared_ptr<const Schedule> schedule;
        };
        std::vector<Side> sides;
        for (const std::string& path : args.positional) {
            Result<TaskGraph> graph = loadTaskGraphOrTrace(path, options);
            if (!graph.ok()) {
                err << "lookahead: " << graph.error().toString() << "\n";
                return ExitBadInput;
            }
            auto schedule = simulate(graph.value(), CostModel::standard(), simulation);
            if (!schedule.ok()) {
                err << "lookahead: " << path << ": " << schedule.error().toString() << "\n";
                return ExitBadInput;
            }
            sides.push_back({ std::move(graph).value(), schedule.value() });
        }
        const ScheduleComparison comparison
            = compareSchedules(sides[0].graph, *sides[0].schedule, sides[1].graph, *sides[1].schedule);
        std::vector<Output> outputs;
        if (auto json = args.value("--json"))
            outputs.push_back({ "--json", *json, comparisonToJson(comparison).dump(1) + "\n" });
        if (auto csv = args.value("--csv"))
            outputs.push_back({ "--csv", *csv, comparisonTasksCsv(comparison) });
        const bool machineOnStdout = args.value("--json") == "-" || args.value("--csv") == "-";
        if (!machineOnStdout)
            outputs.insert(outputs.begin(),
                { "text", "-", comparisonToText(comparison, args.positional[0], args.positional[1], top) });
        return writeAll(args.positional, outputs, out, err);
    }

    int guarded(int (*command)(const std::vector<std::string>&, std::ostream&, std::ostream&),
        const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
    {
        try {
            return command(args, out, err);
        } catch (const InteropUsageError& usage) {
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
