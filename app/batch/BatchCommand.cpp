#include "BatchCommand.h"
#include "BatchArguments.h"
#include "CompilerOptionsCommand.h"
#include "InteropCommands.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/LoopSamples.h"
#include "lookahead/MoeSuperKernelSample.h"
#include "lookahead/NpuDecodeSample.h"
#include "lookahead/PassApplicability.h"
#include "lookahead/Pipeline.h"
#include "lookahead/PlatformPresets.h"
#include "lookahead/Rerun.h"
#include "lookahead/RunReport.h"
#include "lookahead/Simulator.h"
#include "lookahead/Sweep.h"
#include "lookahead/SyntheticGraph.h"
#include "lookahead/Verifier.h"

#include <charconv>
#include <filesystem>
#include <future>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

namespace lookahead {

namespace {

    using namespace batch;

    /// Hazards `batch run` describes on standard error; the rest are counted.
    constexpr std::size_t kHazardsShown = 100;

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
      --platform NAME|FILE            simulate on a platform preset or platform file (`batch platforms`)
      --compiler-options OUT          write what `compiler-options` prints for P (JSON when OUT ends in .json)
  sweep FILE --vary SPEC [options]    rerun over a range of one option; write a CSV table
      --vary PASS.OPTION=FROM:TO:STEP or PASS.OPTION={a,b,c}
      --csv OUT                       write the table to OUT instead of standard output
      --jobs N                        points computed at once (default: every core); same table
      --shard K/N                     compute only the K-th of N blocks of the values (job arrays)
      (and --pipeline, --spec-costs, --disable-cost, --platform as for run; PASS is appended when not in P)
  sweep --merge A.csv B.csv ... [--csv OUT]
                                      join the shards' tables (in shard order) into the table of one run
  passes [--for GRAPH [--platform P]] list passes, their options, types, defaults, help and toolchain names; with --for, the
                                      pass families that apply to GRAPH (a task graph or a trace) first, and
                                      why the others do not
  platforms [NAME|FILE] [--json]      list platform presets with every number and its source; --json prints
                                      one as a platform file to edit (`--platform FILE` reads it back)
  compiler-options GRAPH --pipeline P [--json] [--all] [--platform NAME|FILE] [-o OUT]
                                      P's settings in each toolchain's own words (OpenVINO, vpux-opt,
                                      TorchAir, npugraph_ex, iree-compile, ...); the platform gives the
                                      NPU chip; values at the toolchain's default only with --all
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
      --platform NAME|FILE            the platform to give the graph (default: picked from the producer)
      --op-summary CSV                Ascend: msprof op_summary*.csv, blocks and mix ratio per device task
  diff A B [options]                  compare two schedules (task graphs or traces): B − A per task/executor
      --spec-costs, --disable-cost NAME, --platform P   as for run; --clock-mhz F as for import (traces)
      --top N                         list the N most changed tasks (default 20)
      --json OUT, --csv OUT           write the whole comparison ('-' for standard output)

Exit status: 0 success, 1 internal failure, 2 bad input or usage, 3 verifier found a hazard.
)";

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

    int cmdRun(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("run", argv, 1,
            { { "--pipeline", true }, { "--spec-costs", false }, { "--disable-cost", true }, { "--output", true },
                { "--trace", true }, { "--report", true }, { "--allow-hazards", false }, platformOption,
                { "--compiler-options", true } });
        const std::string file = requireFile("run", args);
        const SimulationOptions simulation = simulationOptions(args);
        const std::optional<PlatformPreset> platform = platformArgument(args);
        Result<Pipeline> pipeline = Pipeline::parse(args.value("--pipeline").value_or(""));
        if (!pipeline.ok()) {
            err << "lookahead: " << pipeline.error().toString() << "\n";
            return ExitBadInput;
        }
        for (const std::string& note : pipeline.value().deprecations())
            err << "lookahead: warning: " << note << "\n";
        Result<TaskGraph> input = loadTaskGraphFile(file);
        if (!input.ok()) {
            err << "lookahead: " << input.error().toString() << "\n";
            return ExitBadInput;
        }
        if (!applyPlatformArgument(platform, input.value(), file, err))
            return ExitBadInput;
        const auto inputGraph = std::make_shared<const TaskGraph>(std::move(input).value());
        auto scheduleBefore = simulate(*inputGraph, CostModel::standard(), simulation);
        if (!scheduleBefore.ok()) {
            err << "lookahead: " << file << ": " << scheduleBefore.error().toString() << "\n";
            return ExitBadInput;
        }
        RerunOptions rerunOptions;
        rerunOptions.simulation = simulation;
        rerunOptions.inputSchedule = scheduleBefore.value(); // the first pass (or no pass) needs no second simulation
        Result<RerunOutcome> rerunResult = rerun(inputGraph, pipeline.value(), rerunOptions);
        if (!rerunResult.ok()) {
            Error error = rerunResult.error();
            error.file = file;
            err << "lookahead: " << error.toString() << "\n";
            return error.where == kAfterThePipeline ? ExitInternal : ExitBadInput;
        }
        const RerunOutcome& outcome = rerunResult.value();

        for (const PassRecord& record : outcome.records)
            for (const std::string& warning : record.warnings)
                err << "lookahead: " << file << ": pass " << record.name << ": warning: " << warning << "\n";
        // Racing pairs can be quadratic in the tasks; the first ones say what is wrong. The check
        // runs on another core while the outputs are written to their temporary files, which are
        // put in place only if it passes (a tenth of a compiler-shaped graph's run).
        // (Deferred too: with no thread to spare, it runs when the verdict is asked for.)
        std::future<HazardScan> scan = std::async(std::launch::async | std::launch::deferred,
            [&outcome] { return Verifier::scanHazards(*outcome.graph, kHazardsShown); });
        auto verdict = [&]() -> int {
            const HazardScan hazards = scan.get();
            for (const Hazard& hazard : hazards.first)
                err << "lookahead: " << file << ": " << hazard.explanation << "\n";
            if (hazards.total > hazards.first.size())
                err << "lookahead: " << file << ": ... and " << hazards.total - hazards.first.size()
                    << " more hazard(s) (the first " << hazards.first.size() << " are shown)\n";
            if (hazards.total > 0 && !args.flag("--allow-hazards")) {
                err << "lookahead: " << file << ": " << hazards.total
                    << " hazard(s) found; no output written (pass --allow-hazards to write anyway)\n";
                return ExitHazard;
            }
            return ExitOk;
        };

        std::vector<PendingOutput> outputs;
        GraphWriteOptions writeOptions;
        writeOptions.schedule = outcome.schedule.get();
        writeOptions.newPasses = provenanceOf(outcome.records);
        if (auto path = args.value("--output"))
            outputs.push_back({ .option = "--output", .path = *path, .stream = [&](TextSink& sink) {
                                   writeTaskGraph(*outcome.graph, writeOptions, sink);
                               } });
        if (auto path = args.value("--trace"))
            outputs.push_back({ .option = "--trace", .path = *path, .stream = [&](TextSink& sink) {
                                   writeChromeTrace(*outcome.graph, *outcome.schedule, sink);
                               } });
        if (auto path = args.value("--report")) {
            RunSummary summary { inputGraph.get(), scheduleBefore.value().get(), outcome.graph.get(),
                outcome.schedule.get(), &outcome.records, outcome.pipelineText, simulation.specCosts };
            outputs.push_back({ "--report", *path, makeRunReport(summary).dump(1) + "\n" });
        }
        if (auto path = args.value("--compiler-options"))
            outputs.push_back({ "--compiler-options", *path,
                compilerOptions(pipeline.value(), inputGraph->platform).fileContent(*path) });
        return writeOutputs({ file }, outputs, out, err, verdict);
    }

    /// `batch sweep --merge A.csv B.csv ...`: the shards' tables, in the order given, as one table.
    int cmdSweepMerge(const Arguments& args, std::ostream& out, std::ostream& err)
    {
        if (args.positional.empty())
            throw UsageError { "batch sweep --merge: expected the shards' CSV files, in shard order" };
        std::vector<std::pair<std::string, std::string>> tables;
        for (const std::string& path : args.positional) {
            Result<std::string> text = readFile(path);
            if (!text.ok()) {
                err << "lookahead: " << text.error().toString() << "\n";
                return ExitBadInput;
            }
            tables.emplace_back(path, std::move(text).value());
        }
        Result<std::string> merged = mergeSweepCsv(tables);
        if (!merged.ok()) {
            err << "lookahead: " << merged.error().toString() << "\n";
            return ExitBadInput;
        }
        std::vector<PendingOutput> outputs { { "--csv", args.value("--csv").value_or("-"),
            std::move(merged).value() } };
        return writeOutputs(args.positional, outputs, out, err);
    }

    int cmdSweep(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("sweep", argv, 1,
            { { "--vary", true }, { "--pipeline", true }, { "--spec-costs", false }, { "--disable-cost", true },
                { "--csv", true }, { "--jobs", true }, { "--shard", true }, { "--merge", false }, platformOption });
        if (args.flag("--merge"))
            return cmdSweepMerge(args, out, err);
        const std::string file = requireFile("sweep", args);
        const std::optional<PlatformPreset> platform = platformArgument(args);
        const auto varySpec = args.value("--vary");
        if (!varySpec)
            throw UsageError { "batch sweep: --vary is required" };
        Result<SweepVariation> variation = parseSweepVariation(*varySpec);
        if (!variation.ok())
            throw UsageError { variation.error().toString() };
        SweepOptions options;
        options.simulation = simulationOptions(args);
        options.pipeline = args.value("--pipeline").value_or("");
        options.jobs = static_cast<unsigned>(integerArgument(args, "--jobs", 0, 1, 4096));
        if (auto shard = args.value("--shard")) {
            Result<SweepShard> parsed = parseSweepShard(*shard);
            if (!parsed.ok())
                throw UsageError { parsed.error().toString() };
            options.shard = parsed.value();
        }

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
        if (!applyPlatformArgument(platform, input.value(), file, err))
            return ExitBadInput;
        Result<SweepResult> swept = runSweep(input.value(), variation.value(), options);
        if (!swept.ok()) {
            Error error = swept.error();
            error.file = file;
            err << "lookahead: " << error.toString() << "\n";
            return error.where == kAfterThePipeline ? ExitInternal : ExitBadInput;
        }
        std::vector<PendingOutput> outputs { { "--csv", args.value("--csv").value_or("-"), swept.value().toCsv() } };
        return writeOutputs({ file }, outputs, out, err);
    }

    void printPass(const Pass& pass, std::ostream& out)
    {
        out << pass.name() << "\n    " << pass.summary() << "\n";
        for (const OptionBase* option : pass.options()) {
            out << "  " << option->name() << " : " << option->typeText() << " = " << option->defaultText() << "\n      "
                << option->help() << "\n";
            for (const std::string& line : describeToolchainNames(*option))
                out << "      in " << line << "\n";
        }
        for (const Statistic* statistic : pass.statistics())
            out << "  statistic " << statistic->name() << ": " << statistic->help() << "\n";
        out << "\n";
    }

    /// `passes --for GRAPH`: applicable families with their passes in full, then the others, one
    /// line each with the reason.
    int printPassesFor(const Arguments& args, const std::string& file, std::ostream& out, std::ostream& err)
    {
        const std::optional<PlatformPreset> platform = platformArgument(args);
        std::optional<TaskGraph> graph = openGraphArgument(args, platform, file, err);
        if (!graph)
            return ExitBadInput;
        const PassRegistry& registry = PassRegistry::global();
        const std::vector<FamilyApplicability> families = passFamiliesFor(graph.value(), registry);
        bool any = false;
        for (const FamilyApplicability& family : families) {
            if (!family.applies)
                continue;
            any = true;
            out << "applies: " << family.title << " [" << family.id << "]: " << family.reason << "\n\n";
            for (const std::string& name : family.passes)
                printPass(*registry.create(name), out);
        }
        if (!any)
            out << kNoFamilyApplies << "\n\n";
        for (const FamilyApplicability& family : families) {
            if (family.applies)
                continue;
            std::string passes;
            for (const std::string& name : family.passes)
                passes += (passes.empty() ? "" : ", ") + name;
            out << "does not apply: " << family.title << " [" << family.id << "]: " << family.reason
                << "\n    passes: " << passes << "\n";
        }
        return ExitOk;
    }

    int cmdPasses(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("passes", argv, 1, { { "--for", true }, platformOption });
        if (!args.positional.empty())
            throw UsageError { "batch passes: unexpected argument \"" + args.positional.front() + "\"" };
        if (auto file = args.value("--for"))
            return printPassesFor(args, *file, out, err);
        if (args.value("--platform"))
            throw UsageError { "batch passes: --platform needs --for GRAPH" };
        const PassRegistry& registry = PassRegistry::global();
        for (const std::string& name : registry.names())
            printPass(*registry.create(name), out);
        if (registry.names().empty())
            out << "(no passes registered)\n";
        return ExitOk;
    }

    int cmdPlatforms(const std::vector<std::string>& argv, std::ostream& out, std::ostream&)
    {
        const Arguments args = parseArguments("platforms", argv, 1, { { "--json", false } });
        if (args.positional.size() > 1)
            throw UsageError { "batch platforms: expects at most one NAME or FILE" };
        std::vector<PlatformPreset> presets;
        if (!args.positional.empty()) {
            Result<PlatformPreset> preset = resolvePlatform(args.positional.front());
            if (!preset.ok())
                throw UsageError { preset.error().toString() };
            presets.push_back(std::move(preset).value());
        } else {
            if (args.flag("--json"))
                throw UsageError { "batch platforms: --json needs a NAME or FILE" };
            for (const std::string& name : platformPresetNames())
                presets.push_back(*findPlatformPreset(name));
        }
        if (args.flag("--json")) {
            out << presets.front().toJson().dump(2) << "\n";
            return ExitOk;
        }
        for (const PlatformPreset& preset : presets)
            out << describePlatformPreset(preset) << "\n";
        out << "Numbers marked \"assumed\" have no public source: override them with a platform file\n"
               "(`lookahead batch platforms NAME --json > mine.json`, edit, then --platform mine.json).\n";
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

    int cmdGenerate(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
    {
        const Arguments args = parseArguments("generate", argv, 1,
            { { "--tasks", true }, { "--seed", true }, { "--tiles", true }, { "--output", true }, { "--kind", true },
                { "--batch", true }, { "--heads", true }, { "--block-size", true }, { "--blocks-per-tile", true },
                { "--cores", true }, { "--workgroups", true } });
        if (!args.positional.empty())
            throw UsageError { "batch generate: unexpected argument \"" + args.positional.front() + "\"" };
        const auto path = args.value("--output");
        if (!path)
            throw UsageError { "batch generate: -o OUT is required" };
        auto count = [&](const char* name, std::uint32_t fallback, std::int64_t minimum, std::int64_t maximum) {
            return static_cast<std::uint32_t>(integerArgument(args, name, fallback, minimum, maximum));
        };
        const std::string kind = args.value("--kind").value_or("synthetic");
        TaskGraph graph;
        if (kind == "synthetic") {
            SyntheticGraphOptions options;
            options.tasks = static_cast<std::size_t>(integerArgument(args, "--tasks", 10000, 1, 50'000'000));
            options.seed = static_cast<std::uint64_t>(integerArgument(args, "--seed", 1, 0, INT64_MAX));
            options.tiles = count("--tiles", 6, 1, 64);
            graph = generateSyntheticGraph(options);
        } else if (kind == "npu-decode") { // lookahead/NpuDecodeSample.h
            graph = generateNpuDecodeSample();
        } else if (kind == "moe-superkernel") { // lookahead/MoeSuperKernelSample.h
            graph = generateMoeSuperKernelSample();
        } else if (kind == "paged-attention") { // lookahead/LoopSamples.h
            PagedAttentionOptions pa;
            pa.batch = count("--batch", pa.batch, 1, 4096);
            pa.heads = count("--heads", pa.heads, 1, 256);
            pa.blockSize = count("--block-size", pa.blockSize, 16, 1024);
            pa.blocksPerTile = count("--blocks-per-tile", pa.blocksPerTile, 1, 4096);
            pa.cores = count("--cores", pa.cores, 1, 64);
            pa.seed = static_cast<std::uint64_t>(integerArgument(args, "--seed", 1, 0, INT64_MAX));
            graph = generatePagedAttention(pa);
        } else if (kind == "gemm-loop") {
            GemmLoopOptions gemm;
            gemm.tiles = count("--tiles", gemm.tiles, 1, 65536);
            gemm.workgroups = count("--workgroups", gemm.workgroups, 1, 1024);
            graph = generateGemmLoop(gemm);
        } else {
            throw UsageError { "--kind: unknown kind \"" + kind
                + "\" (synthetic, npu-decode, moe-superkernel, paged-attention, gemm-loop)" };
        }
        return writeOutputs({},
            { { .option = "--output",
                .path = *path,
                .stream = [&](TextSink& sink) { writeTaskGraph(graph, {}, sink); } } },
            out, err);
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
        if (command == "platforms")
            return cmdPlatforms(args, out, err);
        if (command == "generate")
            return cmdGenerate(args, out, err);
        if (command == "import")
            return runBatchImport(args, out, err);
        if (command == "diff")
            return runBatchDiff(args, out, err);
        if (command == "compiler-options")
            return runBatchCompilerOptions(args, out, err);
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
