#pragma once

/// \file The compiler-options use case: a pipeline's chosen settings in each toolchain's own words.
///
/// Reads only the options' ToolchainName declarations (ToolchainName.h) and the graph's platform
/// (which target family, which NPU chip); the pipeline is not run. For every toolchain the
/// pipeline touches it gives ready-to-paste lines (a command, a property, a Python call) holding
/// the settings whose value differs from the toolchain's default, and one line for every chosen
/// value that no option of that toolchain can express, saying why and where it is hard-coded.
/// `batch compiler-options`, `batch run --compiler-options` and the GUI's Compiler Settings dock
/// all print this.

#include "lookahead/Pipeline.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

/// A value the toolchain is told.
struct CompilerSetting {
    std::string pass, option, value; ///< Ours (`sk-split`, `copies`, `8`).
    std::string key;                 ///< Theirs (`split-mode`).
    std::string section;             ///< Where the key goes (a dict, a compiler generation), may be empty.
    std::string toolchainValue;      ///< Theirs (`8`; `1` for preload per-func in npugraph_ex).
    bool isDefault = false;          ///< Equal to the toolchain's default (listed only with `all`).
    std::string note;                ///< A caveat of the mapping.
    std::string source;
};

/// A chosen value no option of the toolchain can express, or what it needs from the build.
struct CompilerRemark {
    std::string pass, option, value;
    std::string text; ///< Why (no counterpart, where hard-coded), or what the build must be.
    std::string source;
    bool matchesHardCoded = false; ///< The hard-coded value is ours (listed only with `all`).

    /// `sk-sync-range.policy=full: no counterpart; ...`
    std::string line() const;
};

struct ToolchainSettings {
    std::string id;                        ///< toolchain::k... (`npugraph_ex`).
    std::string title;                     ///< One line saying what the lines are.
    std::vector<CompilerSetting> settings; ///< Non-default values (every value with `all`).
    std::vector<CompilerRemark> needs;
    std::vector<CompilerRemark> unsupported;
    std::vector<std::string> lines; ///< Ready to paste; empty when there is nothing to change.

    /// The lines joined, each ending in a newline: what a Copy button puts on the clipboard.
    std::string pasteText() const;
};

struct CompilerOptionsReport {
    std::string pipeline;            ///< Canonical text.
    std::string platform;            ///< The platform's name, empty when it has none.
    std::optional<std::string> chip; ///< `NPU40XX` when the platform says so.
    bool all = false;
    std::vector<ToolchainSettings> toolchains;

    /// The whole report as `batch compiler-options` prints it (comment lines start with `#`).
    std::string text() const;
    nlohmann::json toJson() const;
    /// What an export to `path` writes: JSON when `path` ends in `.json` (or `json` is set), else text().
    std::string fileContent(std::string_view path, bool json = false) const;
};

struct CompilerOptionsRequest {
    bool all = false; ///< Also list values equal to the toolchain's default or hard-coded value.
};

/// The NPU chip a platform names (`npu40xx-6tile` → `NPU40XX`), if any.
std::optional<std::string> npuChipOf(const Platform& platform);

/// `pipeline`'s settings per toolchain, for a graph on `platform`.
CompilerOptionsReport compilerOptions(
    const Pipeline& pipeline, const Platform& platform, const CompilerOptionsRequest& request = {});

} // namespace lookahead
