#include "BatchCommand.h"
#include "InteropCommands.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/NpuDecodeSample.h"
#include "lookahead/MoeSuperKernelSample.h"
#include "lookahead/LoopSamples.h"
#include "lookahead/Pipeline.h"
#include "lookahead/RunReport.h"
#include "lookahead/Simulator.h"
#include "lookahead/Sweep.h"
#include "lookahead/SyntheticGraph.h"
#include "lookahead/Verifier.h"

#include <charconv>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

namespace lookahead {

namespace {

    const char* kUsage = R"(usage: lookahead batch COMMAND ...

  validate FILE                       check FILE against the format; print nothing on success
  run FILE [options]                  optimize and simulate; write results
      --pipeline P                    passes to apply, e.g. "sw-kernel-prefetch{mode=start}"
      --spec-costs                    simulate exactly as format section 5 says (no extra cost terms)
      --disable-cost NAME             switch one cost term off (repeatable; `batch costs` lists them)
      -o, --output OUT                write the optimized graph with schedule and provenance
      --trace OUT                     write a Chrome Trace Event JSON of the schedule
      --report OUT                    write a JSON report ('-' for standard output)
      --allow-hazards                 exit 0 even when the verifier finds a hazard
  sweep FILE --vary SPEC [options]    rerun over a range of one option; write a CSV table
      --vary PASS.OPTION=FROM:TO:STEP or PASS.OPTION={a,b,c}
      --csv OUT                       write the table to OUT instead of standard output
      (and --pipeline, --spec-costs, --disable-cost as for run; PASS is appended when not in P)
  passes                              list passes, their options, types, defaults and help
  costs                               list cost terms, their formulas and parameters
  generate --kind npu-decode -o OUT
                                      write the NPU40XX-like decode-step sample (see samples/README.md)
  generate --tasks N [--seed S] [--tiles T] -o OUT
                                      write a synthetic NPU-like graph, deterministic per seed
  generate --kind paged-attention [--batch B --heads H --block-size S --blocks-per-tile N --cores C --seed S] -o OUT
  generate --kind gemm-loop [--tiles K --workgroups W] -o OUT
                                      write an un-pipelined loop graph (see README "Software-pipelined loops")
  generate --kind moe-superkernel -o OUT
                                      write the SuperKernel MoE block sample (see README "SuperKernel")
  import TRACE -o GRAPH [options]     convert a Chrome Trace Event JSON into a task graph
      --clock-mhz F                   cycles per µs (default: workpoint.freq or otherData.clock_mhz)
      --lane-deps auto|always|never   dependencies from lane order (auto: when the trace has no flows)
      --summary OUT                   write the import summary as JSON ('-' for standard output)
  diff A B [options]                  compare two schedules (task graphs or traces): B − A per task/executor
      --spec-costs, --disable-cost NAME   as for run; --clock-mhz F as for import (traces)
      --top N                         list the N most changed tasks (default 20)
      --json OUT, --csv OUT           write the whole comparison ('-' for standard output)

Exit status: 0 success, 1 internal failure, 2 bad input or usage, 3 verifier found a hazard.
)";

    /// Thrown for usage errors inside this file only; runBatch() turns it into exit status 2.
    struct UsageError {
        std::string message;
    };

    struct Arguments {
        std::vector<std::string> positional;
        std::map<std::string, std::vector<std::string>> values;
        std::map<std::string, bool> flags;

        std::optional<std::string> value(const std::string& name) const
        {
            auto it = values.find(name);
            if (it == values.end() || it->second.empty())
                return std::nullopt;
            return it->second.back();
        }
        bool flag(const std::string& name) const { return flags.count(name) > 0; }
    };

    /// Parses `--name value`, `--name=value` and flags against the command's known options.
    Arguments parseArguments(const std::string& command, const std::vector<std::string>& args, std::size_t from,
        const std::map<std::string, bool>& known /* name → takes a value */)
    {
        Arguments parsed;
        for (std::size_t i = from; i < args.size(); ++i) {
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
                    throw UsageError { "batch " + command + ": unknown option " + name };
                if (!it->second) {
                    if (hasInline)
                        throw UsageError { "batch " + command + ": option " + name + " takes no value" };
                    parsed.flags[name] = true;
                    continue;
                }
                if (!hasInline) {
                    if (i + 1 >= args.size())
                        throw UsageError { "batch " + command + ": option " + name + " needs a value" };
                    inlineValue = args[++i];
                }
                parsed.values[name].push_back(inlineValue);
            } else {
                parsed.positional.push_back(arg);
            }
        }
        return parsed;
    }

    std::string requireFile(const std::string& command, const Arguments& args)
    {
        if (args.positional.size() != 1)
            throw UsageError { "batch " + command + ": expects exactly one FILE, got " + std::to_string(args.positional.size()) };
        return args.positional.front();
    }

    /// Outputs are prepared in memory and written at the end, after every check passed, so that a
    /// failing run creates or changes no output file.
    struct PendingOutput {
        std::string option;
        std::string path;
        std::string content;
    };

    void checkNotInput(const std::string& input, const PendingOutput& output)
    {
        if (output.path == "-")
            return;
        std::error_code ec;
        if (std::filesystem::exists(output.path, ec) && std::filesystem::equivalent(input, output.path, ec))
            throw UsageError { output.option + " " + output.path + ": refusing to overwrite the input file" };
    }

    int writeOutputs(const std::string& input, std::vector<PendingOutput>& outputs, std::ostream& out, std::ostream& err)
    {
        for (const PendingOutput& output : outputs)
            checkNotInput(input, output);
        for (const PendingOutput& output : outputs) {
            if (output.path == "-") {
                out << output.content;
                continue;
            }
            Status written = writeFileAtomically(output.path, output.content);
            if (!written.ok()) {
                err << "lookahead: " << output.option << ": " << written.error().toString() << "\n";
                return ExitBadInput;
            }
        }
        return ExitOk;
    }

    SimulationOptions simulationOptions(const Arguments& args)
    {
        SimulationOptions options;
        options.specCosts = args.flag("--spec-costs");
        if (auto it = args.values.find("--disable-cost"); it != args.values.end()) {
            for (const std::string& name : it->second) {
                if (!CostModel::standard().find(name))
                    throw UsageError { "--disable-cost: unknown cost term \"" + name + "\" (`lookahead batch costs` lists them)" };
                options.disabledTerms.push_back(name);
            }
        }
        return options;
    }

    int cmdValidate(const std::vector<std::string>& argv, std::ostream&, std::ostream& err)
    {
        const Arguments args = parseArguments("validate", argv, 1, {});
        const std::string file = requireFile("validate", args);
        Result<TaskGraph> graph = loadTaskGraphFile(file);
        if (!graph.ok()) {
            err << "lookahead: " << graph.error().toString() << "\n";
            return ExitBadInput;
        }
        return ExitOk;
    }

    /// Loads, simulates the input, applies the pipeline and simulates the result.
    struct RunOutcome {
        TaskGraph before;
        std::shared_ptr<const Schedule> scheduleBefore;
        TaskGraph after;
        std::shared_ptr<const Schedule> scheduleAfter;
        std::vector<PassRecord> passes;
        std::string pipelineText;
    };

    std::optional<RunOutcome> runOnce(const std::string& file, const TaskGraph& input,
        const std::shared_ptr<const Schedule>& scheduleBefore, Pipeline& pipeline, const SimulationOptions& simulation,
        std::ostream& err, int& status)
    {
        RunOutcome outcome;
        outcome.before = input;
        outcome.scheduleBefore = scheduleBefore;
        outcome.after = input;
        outcome.pipelineText = pipeline.print();
        PipelineRunOptions runOptions;
        runOptions.simulation = simulation;
        Result<std::vector<PassRecord>> records = runPipeline(pipeline, outcome.after, runOptions);
        if (!records.ok()) {
            Error error = records.error();
            error.file = file;
            err << "lookahead: " << error.toString() << "\n";
            status = ExitBadInput;
            return std::nullopt;
        }
        outcome.passes = std::move(records).value();
        auto scheduled = simulate(outcome.after, CostModel::standard(), simulation);
        if (!scheduled.ok()) {
            err << "lookahead: " << file << ": after the pipeline: " << scheduled.error().toString() << "\n";
            status = ExitInternal;
            return std::nullopt;
        }
        outcome.scheduleAfter = scheduled.value();
        return outcome;
    }

    int cmdRun(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("run", argv, 1,
            { { "--pipeline", true }, { "--spec-costs", false }, { "--disable-cost", true }, { "--output", true },
                { "--trace", true }, { "--report", true }, { "--allow-hazards", false } });
        const std::string file = requireFile("run", args);
        const SimulationOptions simulation = simulationOptions(args);
        Result<Pipeline> pipeline = Pipeline::parse(args.value("--pipeline").value_or(""));
        if (!pipeline.ok()) {
            err << "lookahead: " << pipeline.error().toString() << "\n";
            return ExitBadInput;
        }
        Result<TaskGraph> input = loadTaskGraphFile(file);
        if (!input.ok()) {
            err << "lookahead: " << input.error().toString() << "\n";
            return ExitBadInput;
        }
        auto scheduleBefore = simulate(input.value(), CostModel::standard(), simulation);
        if (!scheduleBefore.ok()) {
            err << "lookahead: " << file << ": " << scheduleBefore.error().toString() << "\n";
            return ExitBadInput;
        }
        int status = ExitOk;
        std::optional<RunOutcome> outcome
            = runOnce(file, input.value(), scheduleBefore.value(), pipeline.value(), simulation, err, status);
        if (!outcome)
            return status;

        for (const PassRecord& record : outcome->passes)
            for (const std::string& warning : record.warnings)
                err << "lookahead: " << file << ": pass " << record.name << ": warning: " << warning << "\n";
        const std::vector<Hazard> hazards = Verifier::findHazards(outcome->after);
        for (const Hazard& hazard : hazards)
            err << "lookahead: " << file << ": " << hazard.explanation << "\n";
        if (!hazards.empty() && !args.flag("--allow-hazards")) {
            err << "lookahead: " << file << ": " << hazards.size()
                << " hazard(s) found; no output written (pass --allow-hazards to write anyway)\n";
            return ExitHazard;
        }

        std::vector<PendingOutput> outputs;
        if (auto path = args.value("--output")) {
            GraphWriteOptions writeOptions;
            writeOptions.schedule = outcome->scheduleAfter.get();
            writeOptions.newPasses = provenanceOf(outcome->passes);
            outputs.push_back({ "--output", *path, writeTaskGraph(outcome->after, writeOptions) });
        }
        if (auto path = args.value("--trace"))
            outputs.push_back({ "--trace", *path, writeChromeTrace(outcome->after, *outcome->scheduleAfter) });
        if (auto path = args.value("--report")) {
            RunSummary summary { &outcome->before, outcome->scheduleBefore.get(), &outcome->after,
                outcome->scheduleAfter.get(), &outcome->passes, outcome->pipelineText, simulation.specCosts };
            outputs.push_back({ "--report", *path, makeRunReport(summary).dump(1) + "\n" });
        }
        return writeOutputs(file, outputs, out, err);
    }

    int cmdSweep(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("sweep", argv, 1,
            { { "--vary", true }, { "--pipeline", true }, { "--spec-costs", false }, { "--disable-cost", true },
                { "--csv", true } });
        const std::string file = requireFile("sweep", args);
        const auto varySpec = args.value("--vary");
        if (!varySpec)
            throw UsageError { "batch sweep: --vary is required" };
        Result<SweepVariation> variation = parseSweepVariation(*varySpec);
        if (!variation.ok())
            throw UsageError { variation.error().toString() };
        SweepOptions options;
        options.simulation = simulationOptions(args);
        options.pipeline = args.value("--pipeline").value_or("");

        // Validate the pipeline, the pass, the option and its values before touching the file.
        if (Result<std::string> checked = checkSweep(variation.value(), options.pipeline); !checked.ok()) {
            err << "lookahead: " << checked.error().toString() << "\n";
            return ExitBadInput;
        }
        Result<TaskGraph> input = loadTaskGraphFile(file);
        if (!input.ok()) {
            err << "lookahead: " << input.error().toString() << "\n";
            return ExitBadInput;
        }
        Result<SweepResult> swept = runSweep(input.value(), variation.value(), options);
        if (!swept.ok()) {
            Error error = swept.error();
            error.file = file;
            err << "lookahead: " << error.toString() << "\n";
            return error.where == "after the pipeline" ? ExitInternal : ExitBadInput;
        }
        std::vector<PendingOutput> outputs { { "--csv", args.value("--csv").value_or("-"), swept.value().toCsv() } };
        return writeOutputs(file, outputs, out, err);
    }

    int cmdPasses(const std::vector<std::string>& argv, std::ostream& out, std::ostream&)
    {
        parseArguments("passes", argv, 1, {});
        const PassRegistry& registry = PassRegistry::global();
        for (const std::string& name : registry.names()) {
            auto pass = registry.create(name);
            out << name << "\n    " << pass->summary() << "\n";
            for (const OptionBase* option : pass->options()) {
                out << "  " << option->name() << " : " << option->typeText() << " = " << option->defaultText() << "\n      "
                    << option->help() << "\n";
            }
            for (const Statistic* statistic : pass->statistics())
                out << "  statistic " << statistic->name() << ": " << statistic->help() << "\n";
            out << "\n";
        }
        if (registry.names().empty())
            out << "(no passes registered)\n";
        return ExitOk;
    }

    int cmdCosts(const std::vector<std::string>& argv, std::ostream& out, std::ostream&)
    {
        parseArguments("costs", argv, 1, {});
        for (const CostTermInfo& term : CostModel::standard().terms()) {
            out << term.name << "\n    " << term.summary << "\n    formula: " << term.formula << "\n";
            for (const CostParameter& p : term.parameters)
                out << "  platform.costs." << p.name << " = " << nlohmann::json(p.defaultValue).dump() << " (≥ "
                    << nlohmann::json(p.minimum).dump() << ")\n      " << p.help << "\n";
            out << "\n";
        }
        if (CostModel::standard().terms().empty())
            out << "(no cost terms registered: simulation is exactly format section 5)\n";
        return ExitOk;
    }

    std::int64_t integerArgument(const Arguments& args, const std::string& name, std::int64_t fallback,
        std::int64_t minimum, std::int64_t maximum)
    {
        auto text = args.value(name);
        if (!text)
            return fallback;
        std::int64_t value = 0;
        auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec != std::errc() || ptr != text->data() + text->size() || value < minimum || value > maximum)
            throw UsageError { name + ": expected an integer in [" + std::to_string(minimum) + ", "
                + std::to_string(maximum) + "], got \"" + *text + "\"" };
        return value;
    }

    int cmdGenerate(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments(
            "generate", argv, 1, { { "--tasks", true }, { "--seed", true }, { "--tiles", true }, { "--output", true },
                { "--kind", true }, { "--batch", true }, { "--heads", true }, { "--block-size", true },
                { "--blocks-per-tile", true }, { "--cores", true }, { "--workgroups", true } });
        if (!args.positional.empty())
            throw UsageError { "batch generate: unexpected argument \"" + args.positional.front() + "\"" };
        if (args.value("--kind") == "npu-decode") { // lookahead/NpuDecodeSample.h
            const auto npuPath = args.value("--output");
            if (!npuPath)
                throw UsageError { "batch generate: -o OUT is required" };
            std::vector<PendingOutput> npuOutputs { { "--output", *npuPath, writeTaskGraph(generateNpuDecodeSample()) } };
            return writeOutputs("", npuOutputs, out, err);
        }
        if (args.value("--kind") == "moe-superkernel") { // lookahead/MoeSuperKernelSample.h
            const auto skPath = args.value("--output");
            if (!skPath)
                throw UsageError { "batch generate: -o OUT is required" };
            std::vector<PendingOutput> skOutputs { { "--output", *skPath, writeTaskGraph(generateMoeSuperKernelSample()) } };
            return writeOutputs("", skOutputs, out, err);
        }
        if (const auto kind = args.value("--kind"); kind == "paged-attention" || kind == "gemm-loop") {
            const auto loopPath = args.value("--output");
            if (!loopPath)
                throw UsageError { "batch generate: -o OUT is required" };
            TaskGraph loopGraph;
            if (*kind == "paged-attention") {
                PagedAttentionOptions pa;
                pa.batch = static_cast<std::uint32_t>(integerArgument(args, "--batch", pa.batch, 1, 4096));
                pa.heads = static_cast<std::uint32_t>(integerArgument(args, "--heads", pa.heads, 1, 256));
                pa.blockSize = static_cast<std::uint32_t>(integerArgument(args, "--block-size", pa.blockSize, 16, 1024));
                pa.blocksPerTile = static_cast<std::uint32_t>(integerArgument(args, "--blocks-per-tile", pa.blocksPerTile, 1, 4096));
                pa.cores = static_cast<std::uint32_t>(integerArgument(args, "--cores", pa.cores, 1, 64));
                pa.seed = static_cast<std::uint64_t>(integerArgument(args, "--seed", 1, 0, INT64_MAX));
                loopGraph = generatePagedAttention(pa);
            } else {
                GemmLoopOptions gemm;
                gemm.tiles = static_cast<std::uint32_t>(integerArgument(args, "--tiles", gemm.tiles, 1, 65536));
                gemm.workgroups = static_cast<std::uint32_t>(integerArgument(args, "--workgroups", gemm.workgroups, 1, 1024));
                loopGraph = generateGemmLoop(gemm);
            }
            std::vector<PendingOutput> loopOutputs { { "--output", *loopPath, writeTaskGraph(loopGraph) } };
            return writeOutputs("", loopOutputs, out, err);
        }
        SyntheticGraphOptions options;
        options.tasks = static_cast<std::size_t>(integerArgument(args, "--tasks", 10000, 1, 50'000'000));
        options.seed = static_cast<std::uint64_t>(integerArgument(args, "--seed", 1, 0, INT64_MAX));
        options.tiles = static_cast<std::uint32_t>(integerArgument(args, "--tiles", 6, 1, 64));
        const auto path = args.value("--output");
        if (!path)
            throw UsageError { "batch generate: -o OUT is required" };
        const TaskGraph graph = generateSyntheticGraph(options);
        std::vector<PendingOutput> outputs { { "--output", *path, writeTaskGraph(graph) } };
        return writeOutputs("", outputs, out, err);
    }

} // namespace

int runBatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty() || args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
        (args.empty() ? err : out) << kUsage;
        return args.empty() ? ExitBadInput : ExitOk;
    }
    const std::string& command = args.front();
    try {
        if (command == "validate")
            return cmdValidate(args, out, err);
        if (command == "run")
            return cmdRun(args, out, err);
        if (command == "sweep")
            return cmdSweep(args, out, err);
        if (command == "passes")
            return cmdPasses(args, out, err);
        if (command == "costs")
            return cmdCosts(args, out, err);
        if (command == "generate")
            return cmdGenerate(args, out, err);
        if (command == "import")
            return runBatchImport(args, out, err);
        if (command == "diff")
            return runBatchDiff(args, out, err);
        err << "lookahead: unknown batch command \"" << command << "\"\n\n" << kUsage;
        return ExitBadInput;
    } catch (const UsageError& usage) {
        err << "lookahead: " << usage.message << "\n";
        return ExitBadInput;
    } catch (const std::exception& e) {
        err << "lookahead: internal error: " << e.what() << "\n";
        return ExitInternal;
    }
}

} // namespace lookahead
