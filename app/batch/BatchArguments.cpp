#include "BatchArguments.h"

#include "BatchCommand.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/CostModel.h"
#include "lookahead/InputOpener.h"

#include <charconv>
#include <filesystem>
#include <ostream>
#include <utility>

namespace lookahead::batch {

std::optional<std::string> Arguments::value(const std::string& name) const
{
    auto it = values.find(name);
    if (it == values.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

Arguments parseArguments(const std::string& command, const std::vector<std::string>& args, std::size_t from,
    const std::map<std::string, bool>& known)
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
        throw UsageError { "batch " + command + ": expects exactly one FILE, got "
            + std::to_string(args.positional.size()) };
    return args.positional.front();
}

std::int64_t integerArgument(
    const Arguments& args, const std::string& name, std::int64_t fallback, std::int64_t minimum, std::int64_t maximum)
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

SimulationOptions simulationOptions(const Arguments& args)
{
    SimulationOptions options;
    options.specCosts = args.flag("--spec-costs");
    if (auto it = args.values.find("--disable-cost"); it != args.values.end()) {
        for (const std::string& name : it->second) {
            if (!CostModel::standard().find(name))
                throw UsageError { "--disable-cost: unknown cost term \"" + name
                    + "\" (`lookahead batch costs` lists them)" };
            options.disabledTerms.push_back(name);
        }
    }
    return options;
}

std::optional<PlatformPreset> platformArgument(const Arguments& args)
{
    const auto text = args.value("--platform");
    if (!text)
        return std::nullopt;
    Result<PlatformPreset> preset = resolvePlatform(*text);
    if (!preset.ok())
        throw UsageError { "--platform: " + preset.error().toString() };
    return std::move(preset).value();
}

bool applyPlatformArgument(
    const std::optional<PlatformPreset>& preset, TaskGraph& graph, const std::string& file, std::ostream& err)
{
    if (!preset)
        return true;
    if (Status applied = applyPlatformPreset(graph, *preset); !applied.ok()) {
        Error error = applied.error();
        error.file = file;
        err << "lookahead: " << error.toString() << " (--platform " << preset->name << ")\n";
        return false;
    }
    return true;
}

std::optional<TaskGraph> openGraphArgument(
    const Arguments& args, const std::optional<PlatformPreset>& preset, const std::string& file, std::ostream& err)
{
    ImportOptions options;
    if (preset)
        options.platform = args.value("--platform").value_or("");
    Result<OpenedInput> opened = openInputFile(file, options);
    if (!opened.ok()) {
        err << "lookahead: " << opened.error().toString() << "\n";
        return std::nullopt;
    }
    TaskGraph graph = std::move(opened.value().graph);
    if (!opened.value().summary && !applyPlatformArgument(preset, graph, file, err))
        return std::nullopt;
    return graph;
}

int writeOutputs(const std::vector<std::string>& inputs, const std::vector<PendingOutput>& outputs, std::ostream& out,
    std::ostream& err, const std::function<int()>& verdict)
{
    for (const PendingOutput& output : outputs) {
        if (output.path == "-")
            continue;
        for (const std::string& input : inputs) {
            std::error_code ec;
            if (!input.empty() && std::filesystem::exists(output.path, ec)
                && std::filesystem::equivalent(input, output.path, ec))
                throw UsageError { output.option + " " + output.path + ": refusing to overwrite the input file" };
        }
    }
    // Files are written while the verdict is computed; standard output cannot be taken back, so
    // it waits for the verdict.
    std::vector<std::pair<const PendingOutput*, PendingFile>> files;
    for (const PendingOutput& output : outputs) {
        if (output.path == "-")
            continue;
        Result<PendingFile> written = PendingFile::write(
            output.path, output.stream ? output.stream : [&output](TextSink& sink) { sink.append(output.content); });
        if (!written.ok()) {
            if (const int code = verdict ? verdict() : ExitOk; code != ExitOk)
                return code; // the verdict comes first, as when it was reached before writing
            err << "lookahead: " << output.option << ": " << written.error().toString() << "\n";
            return ExitBadInput;
        }
        files.emplace_back(&output, std::move(written).value());
    }
    if (const int code = verdict ? verdict() : ExitOk; code != ExitOk)
        return code; // the pending files are removed
    for (const PendingOutput& output : outputs) {
        if (output.path != "-")
            continue;
        StreamSink sink(out);
        output.stream ? output.stream(sink) : sink.append(output.content);
    }
    for (auto& [output, file] : files) {
        if (const Status placed = file.commit(); !placed.ok()) {
            err << "lookahead: " << output->option << ": " << placed.error().toString() << "\n";
            return ExitBadInput;
        }
    }
    return ExitOk;
}

} // namespace lookahead::batch
