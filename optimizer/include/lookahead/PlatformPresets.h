#pragma once

/// \file Named platforms: the numbers an imported recording or a hand-written graph is simulated
/// with, each with where it comes from.
///
/// A recording says when tasks ran, not what the hardware is: how many tiles and SHAVE cores, how
/// big the instruction caches are, how big each kernel's code is, how many cube and vector cores an
/// operator spans. A preset supplies those numbers. Every number of a built-in preset carries a
/// source: a public one (the facts of `shared/context/DOMAIN.md` §5: compiler platform tables,
/// firmware headers, CANN documentation, profiler output), or "assumed" where no public number
/// exists (SHAVE L1 size, per-kernel code sizes, cache latencies). Assumed numbers are defaults to
/// override, not facts: a **platform file** (a JSON object with the `platform` and optional
/// `kernels` objects of format v1, e.g. a task graph whose tasks are ignored) works wherever a
/// preset name does, and its kernels override the preset's code sizes by name.
///
/// Built-in presets (`lookahead batch platforms` prints every number and its source):
///
/// | name | what |
/// |---|---|
/// | `npu37xx` | NPU37XX: 2 tiles, 2 DMA ports, 1300 MHz, SHAVE instruction caches |
/// | `npu40xx`, `npu40xx-Ntile` (N = 1..6) | NPU40XX: N tiles (6 without a suffix), min(N, 2) DMA ports, 1850 MHz |
/// | `ascend-a2`, `ascend-a3` | Ascend (CANN SuperKernel model): 24 cube + 48 vector cores, ICache sizes, SuperKernel
/// cost defaults | | `gpu` | a generic GPU: no instruction-cache or SuperKernel model, 1 cycle = 1 ns |

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

/// One number of a preset and where it comes from.
struct PresetFact {
    std::string pointer; ///< JSON pointer into the preset's document (`/platform/executors/SHAVE/units`).
    nlohmann::json value;
    std::string source; ///< The public source, `assumed: why`, or the platform file's path.
    bool assumed() const { return source.rfind("assumed", 0) == 0; }
};

/// A complete platform description: what the loader reads from `platform` and `kernels`, plus the
/// code sizes an importer gives the kernels it discovers.
struct PlatformPreset {
    std::string name;   ///< `npu40xx-2tile`, or the platform file's `platform.name` (else its path).
    std::string title;  ///< One line.
    std::string family; ///< `npu`, `ascend`, `gpu`, or `file`.
    std::string file;   ///< The platform file it was read from; empty for built-ins.
    Platform platform;
    /// Kernels named by a platform file: their code sizes override a graph's (applyPlatformPreset).
    std::vector<Kernel> kernels;
    /// Assumed code sizes for kernels an importer discovers, by kernel name (NPU layer type) or by
    /// kernel type (Ascend `AIC`, `AIV`, `MIX_1_2`, ...); defaultCodeBytes for the others.
    std::map<std::string, std::int64_t, std::less<>> codeBytesByKernel;
    std::int64_t defaultCodeBytes = 0;
    /// Every number with its source, in document order (pointer order).
    std::vector<PresetFact> facts;

    /// Code size for a discovered kernel: a platform file's kernel of that name, else the table by
    /// name, else by type, else defaultCodeBytes.
    std::int64_t codeBytesOf(std::string_view kernel, std::string_view type = {}) const;
    /// `units` of an executor kind, 0 when the preset has no such kind.
    std::uint32_t unitsOf(std::string_view exec) const;
    /// The preset as a platform file (`platform` and `kernels` of format v1): what a user copies
    /// and edits to override assumed numbers. Discovered-kernel sizes go under
    /// `platform.kernel_code_bytes` (`"*"` is the default), which the file reader reads back.
    nlohmann::ordered_json toJson() const;
};

/// The built-in preset names, in catalogue order (`npu40xx-Ntile` listed once per N).
std::vector<std::string> platformPresetNames();

/// A built-in preset by name, or nullopt.
std::optional<PlatformPreset> findPlatformPreset(std::string_view name);

/// The NPU40XX preset with `tiles` tiles (1..6); `npu40xx` is tiles = 6.
PlatformPreset npu40xxPreset(std::uint32_t tiles);

/// A built-in preset name, or else the path of a platform file. The file is read with the format
/// loader's own platform and kernel rules; errors name the file and the JSON pointer. An unknown
/// name that is not a file is an error listing the presets.
Result<PlatformPreset> resolvePlatform(const std::string& nameOrFile);

/// Reads a platform file's text (`fileLabel` names it in errors).
Result<PlatformPreset> parsePlatformFile(std::string_view text, const std::string& fileLabel);

/// Gives `graph` the preset's platform: executor kinds, icache domains, clock, `superkernel` and
/// costs of the preset replace those of the same name; kinds and domains the preset lacks are kept
/// (so an importer's own lanes survive). A platform file's kernels set the code size of the
/// graph's kernels of the same name; the assumed sizes only fill kernels whose `code_bytes` is 0.
/// Fails, leaving the graph unchanged, when a task's unit is out of range of the preset's kind
/// (the message names the task, as `/tasks/N/unit`).
Status applyPlatformPreset(TaskGraph& graph, const PlatformPreset& preset);

/// Human-readable catalogue entry: name, title, then one line per fact with its source.
std::string describePlatformPreset(const PlatformPreset& preset);

} // namespace lookahead
