#pragma once

/// \file What every `lookahead batch` command shares: argument parsing, usage errors, the
/// simulation options common to run/sweep/diff, and writing outputs whole, never over an input.

#include "lookahead/PlatformPresets.h"
#include "lookahead/Simulator.h"
#include "lookahead/TextSink.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lookahead::batch {

/// Thrown by the helpers below and by commands for bad usage; runBatch() prints it and exits 2.
struct UsageError {
    std::string message;
};

struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, bool> flags;

    /// The last value given for `name`.
    std::optional<std::string> value(const std::string& name) const;
    bool flag(const std::string& name) const { return flags.count(name) > 0; }
};

/// Parses `args[from...]`: `--name value`, `--name=value`, `-o` for `--output`, and flags.
/// `known` maps each option of `command` to whether it takes a value.
Arguments parseArguments(const std::string& command, const std::vector<std::string>& args, std::size_t from,
    const std::map<std::string, bool>& known);

/// The single positional FILE of `command`.
std::string requireFile(const std::string& command, const Arguments& args);

/// An integer option in [minimum, maximum], or `fallback` when absent.
std::int64_t integerArgument(
    const Arguments& args, const std::string& name, std::int64_t fallback, std::int64_t minimum, std::int64_t maximum);

/// `--spec-costs` and `--disable-cost NAME...` (checked against the cost model).
SimulationOptions simulationOptions(const Arguments& args);

/// `--platform NAME|FILE`: a preset or a platform file (PlatformPresets.h), nullopt when absent.
/// An unknown name or a bad file is a UsageError naming the file and JSON pointer (exit 2).
/// Every command that loads a graph takes it: add `platformOption` to its known options.
std::optional<PlatformPreset> platformArgument(const Arguments& args);
inline const std::pair<const std::string, bool> platformOption { "--platform", true };

/// Gives `graph` the `--platform` preset when one was given; prints the problem (naming `file`)
/// and returns false when the graph does not fit it (a unit out of range).
bool applyPlatformArgument(
    const std::optional<PlatformPreset>& preset, TaskGraph& graph, const std::string& file, std::ostream& err);

/// Opens FILE for a command that takes task graphs and recordings alike: a task graph gets the
/// `--platform` preset (already resolved into `preset`), a recording gets it inside its import, which
/// keeps its replay exact. Prints the problem (naming the file) and returns nullopt on failure.
std::optional<TaskGraph> openGraphArgument(
    const Arguments& args, const std::optional<PlatformPreset>& preset, const std::string& file, std::ostream& err);

/// An output written only after every check of the command passed: its text prepared in memory, or
/// (a graph, a trace: the large ones) a writer that streams it into the file a buffer at a time.
struct PendingOutput {
    std::string option; ///< The option that named it, for messages (`--output`).
    std::string path;   ///< `-` for standard output.
    std::string content;
    std::function<void(TextSink&)> stream = {}; ///< When set, writes the text instead of `content`.
};

/// Refuses (UsageError) an output that is one of `inputs`, then writes each output atomically.
/// Returns ExitOk, or ExitBadInput after printing which output failed and why.
/// `verdict`, when given, is a last check computed meanwhile (on another thread): the files are
/// written to their temporary names while it runs, and put in place only if it returns ExitOk;
/// otherwise its code is returned and nothing at any output path changes. It is called once, on
/// every way out but a UsageError, before anything goes to standard output.
int writeOutputs(const std::vector<std::string>& inputs, const std::vector<PendingOutput>& outputs, std::ostream& out,
    std::ostream& err, const std::function<int()>& verdict = {});

} // namespace lookahead::batch
