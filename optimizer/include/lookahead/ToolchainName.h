#pragma once

/// \file What a pass option is called in the real toolchains, declared beside the option.
///
/// Each pass option may carry a list of ToolchainName entries (a ToolchainNames member declared
/// right after the option). One entry says, for one or more toolchains, either
///   - the toolchain's spelling of the option (`key`), with the value mapping (`values`) and the
///     toolchain's own default (`defaultValue`, or per NPU chip `chipDefaults`), or
///   - that it has no counterpart: the value is hard-coded (`defaultValue` = the hard-coded value in
///     our words, when there is one) and `note` says where, or
///   - what the chosen value needs from the toolchain build (`needs`: a compiler generation).
/// The facts and their sources are `shared/context/COMPILER-OPTIONS.md`. The same metadata drives
/// `batch compiler-options`, the GUI's Compiler Settings dock and the help of `batch passes`.

#include <string>
#include <vector>

namespace lookahead {

class OptionBase;

/// The toolchains `batch compiler-options` writes for, in its output order (CompilerOptions.cpp
/// says how each one is printed).
namespace toolchain {
    /// OpenVINO NPU plugin: the property NPU_COMPILATION_MODE_PARAMS (compile_model, compile_tool).
    inline constexpr const char* kOpenVino = "openvino";
    /// The NPU compiler's `vpux-opt` on a VPUIP-level .mlir: pass options of
    /// `add-sw-kernel-instruction-prefetch`. `section` is the compiler generation holding the key.
    inline constexpr const char* kVpuxOpt = "vpux-opt";
    /// TorchAir GE graph mode: the options string of `torchair.scope.super_kernel` (JIT dialect,
    /// hyphenated keys, `:`-separated).
    inline constexpr const char* kTorchAir = "torchair";
    /// TorchAir npugraph_ex / aclgraph: `torch.compile(..., backend="npugraph_ex", options={...})`
    /// (AOT dialect, underscored keys, numeric values). `section` is the dict the key goes into.
    inline constexpr const char* kNpuGraphEx = "npugraph_ex";
    /// `iree-compile` flags (ROCm/HIP targets).
    inline constexpr const char* kIree = "iree-compile";
    /// hw-native-sys/simpler's paged-attention kernel: no options, only source constants.
    inline constexpr const char* kSimpler = "simpler";
} // namespace toolchain

/// One of our values in a toolchain's words.
struct ToolchainValue {
    std::string ours;
    std::string theirs; ///< Empty: no value of the toolchain's option spells it; `note` says why.
    std::string note;   ///< Why there is no counterpart (`theirs` empty), else a caveat of this value.
};

/// The toolchain's default when the option is not given, on one NPU chip (`NPU40XX`).
struct ChipDefault {
    std::string chip;
    std::string value; ///< In our words.
};

/// An entry applies only while another option of the same pass has one of `values` (e.g. a
/// threshold that only the `start` generation reads). Empty `option`: always.
struct OptionCondition {
    std::string option;
    std::vector<std::string> values;
};

struct ToolchainName {
    std::vector<std::string> toolchains; ///< toolchain::k... ids; one when `key` is set.
    std::string key;                     ///< The toolchain's spelling; empty: no counterpart.
    std::string section;                 ///< Where the key goes, when the toolchain has several places.
    /// Our value text → theirs; empty: the same text. A value missing from a non-empty table has no
    /// counterpart (`note` says why), e.g. a split count the toolchain clamps away.
    std::vector<ToolchainValue> values;
    /// The toolchain's default (key set) or hard-coded value (no key), in our words. Empty: none
    /// known, so the setting is reported whenever the option is set.
    std::string defaultValue;
    /// Overrides `defaultValue` when the graph's NPU chip is known; on an unknown chip a value is
    /// always written, since the toolchain would pick one per chip.
    std::vector<ChipDefault> chipDefaults;
    /// Only on these NPU chips; `!NPU40XX` = every chip but that one; empty = every chip. On an
    /// unknown chip every entry applies.
    std::vector<std::string> chips;
    OptionCondition when;
    std::string needs; ///< Not a setting: what the chosen value needs from the build (no key).
    /// Why there is no counterpart: for an entry without `key`, and for values missing from `values`.
    std::string note;
    std::string caveat; ///< What to know about a mapped value (an inference, a differing comparison).
    std::string source; ///< Where the fact comes from (repo path @ commit, or a URL).
};

/// Declared as a pass member right after its option; attaches `names` to the option.
class ToolchainNames {
public:
    ToolchainNames(OptionBase& option, std::vector<ToolchainName> names);
    ToolchainNames(const ToolchainNames&) = delete;
    ToolchainNames& operator=(const ToolchainNames&) = delete;
    const std::vector<ToolchainName>& names() const { return m_names; }

private:
    std::vector<ToolchainName> m_names;
};

/// One line per entry for help texts (`batch passes`, tooltips):
/// `vpux-opt: minimum-shave-start-time-for-prefetch (default 280000 on NPU40XX, ...; when mode=start|start+mid)`.
std::vector<std::string> describeToolchainNames(const OptionBase& option);

} // namespace lookahead
