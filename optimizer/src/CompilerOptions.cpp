#include "lookahead/CompilerOptions.h"

#include <algorithm>
#include <cctype>
#include <functional>

namespace lookahead {

namespace {

    std::string lower(std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        return text;
    }

    /// Which toolchains a platform can use: "npu", "ascend", "gpu", or "" (unknown: every one).
    std::string familyOf(const Platform& platform)
    {
        const std::string name = lower(platform.name.value_or(""));
        for (const char* family : { "npu", "ascend", "gpu" })
            if (name.find(family) != std::string::npos)
                return family;
        return {};
    }

    std::string join(const std::vector<std::string>& parts, const std::string& separator)
    {
        std::string out;
        for (const std::string& part : parts)
            out += (out.empty() ? "" : separator) + part;
        return out;
    }

    using Render = std::function<std::vector<std::string>(const ToolchainSettings&, const CompilerOptionsReport&)>;

    std::vector<std::string> renderOpenVino(const ToolchainSettings& block, const CompilerOptionsReport&)
    {
        std::vector<std::string> params;
        for (const CompilerSetting& s : block.settings)
            params.push_back(s.key + "=" + s.toolchainValue);
        const std::string value = join(params, " ");
        return { "core.compile_model(model, \"NPU\", {\"NPU_COMPILATION_MODE_PARAMS\": \"" + value + "\"})",
            "# or, as a line of a compile_tool -c config file:", "NPU_COMPILATION_MODE_PARAMS " + value };
    }

    std::vector<std::string> renderVpuxOpt(const ToolchainSettings& block, const CompilerOptionsReport& report)
    {
        std::vector<std::string> params;
        bool p3 = false; // P3-era compilers take `platform=` in --init-compiler (lit RUN lines @ebab0bb)
        for (const CompilerSetting& s : block.settings) {
            params.push_back(s.key + "=" + s.toolchainValue);
            p3 = p3 || s.section == "P3";
        }
        const std::string init = p3 ? "platform=<platform>" : "vpu-arch=" + report.chip.value_or("<arch>");
        return { "vpux-opt --init-compiler=\"" + init
            + " allow-custom-values=true\" --add-sw-kernel-instruction-prefetch=\"" + join(params, " ")
            + "\" in.mlir" };
    }

    std::vector<std::string> renderTorchAir(const ToolchainSettings& block, const CompilerOptionsReport&)
    {
        std::string scope = "\"sk1\"";
        std::vector<std::string> options;
        for (const CompilerSetting& s : block.settings) {
            if (s.section == "scope")
                scope = s.toolchainValue;
            else
                options.push_back(s.key + "=" + s.toolchainValue);
        }
        return { "with torchair.scope.super_kernel(" + scope + ", \"" + join(options, ":") + "\"):" };
    }

    std::vector<std::string> renderNpuGraphEx(const ToolchainSettings& block, const CompilerOptionsReport&)
    {
        std::string optimize = "True";
        std::vector<std::string> optimizeOptions, debugOptions;
        for (const CompilerSetting& s : block.settings) {
            const std::string entry = "\"" + s.key + "\": " + s.toolchainValue;
            if (s.section == "options")
                optimize = s.toolchainValue;
            else if (s.section == "super_kernel_debug_options")
                debugOptions.push_back(entry);
            else
                optimizeOptions.push_back(entry);
        }
        std::string options = "\"static_kernel_compile\": True, \"super_kernel_optimize\": " + optimize;
        if (!optimizeOptions.empty())
            options += ", \"super_kernel_optimize_options\": {" + join(optimizeOptions, ", ") + "}";
        if (!debugOptions.empty())
            options += ", \"super_kernel_debug_options\": {" + join(debugOptions, ", ") + "}";
        return { "torch.compile(model, backend=\"npugraph_ex\", dynamic=False, options={" + options + "})" };
    }

    std::vector<std::string> renderIree(const ToolchainSettings& block, const CompilerOptionsReport& report)
    {
        // CDNA3 (MI300) is gfx942; other GPUs: the user fills in the target.
        const std::string target
            = lower(report.platform).find("cdna3") != std::string::npos ? "gfx942" : "<gfx-target>";
        std::string flags;
        for (const CompilerSetting& s : block.settings)
            flags += " " + s.key + "=" + s.toolchainValue;
        return { "iree-compile --iree-hal-target-device=hip --iree-hip-target=" + target + flags
            + " model.mlir -o model.vmfb" };
    }

    struct ToolchainInfo {
        const char* id;
        const char* family;
        const char* title;
        Render render; ///< Null: the toolchain has no options, only remarks.
    };

    const std::vector<ToolchainInfo>& toolchains()
    {
        static const std::vector<ToolchainInfo> all {
            { toolchain::kOpenVino, "npu", "OpenVINO NPU plugin, property NPU_COMPILATION_MODE_PARAMS",
                renderOpenVino },
            { toolchain::kVpuxOpt, "npu", "NPU compiler pass options, vpux-opt on a VPUIP-level .mlir", renderVpuxOpt },
            { toolchain::kTorchAir, "ascend", "TorchAir GE graph mode, torchair.scope.super_kernel options (JIT)",
                renderTorchAir },
            { toolchain::kNpuGraphEx, "ascend", "TorchAir npugraph_ex, torch.compile options (AOT SuperKernel)",
                renderNpuGraphEx },
            { toolchain::kIree, "gpu", "IREE, iree-compile flags (ROCm/HIP)", renderIree },
            { toolchain::kSimpler, "ascend", "simpler paged-attention kernel (source constants, no options)", nullptr },
        };
        return all;
    }

    bool conditionHolds(const Pass& pass, const OptionCondition& when)
    {
        if (when.option.empty())
            return true;
        const OptionBase* other = pass.findOption(when.option);
        return other && std::find(when.values.begin(), when.values.end(), other->valueText()) != when.values.end();
    }

    bool chipMatches(const std::vector<std::string>& chips, const std::optional<std::string>& chip)
    {
        if (chips.empty() || !chip)
            return true;
        for (const std::string& wanted : chips) {
            const bool negated = !wanted.empty() && wanted.front() == '!';
            if (negated ? *chip != wanted.substr(1) : *chip == wanted)
                return true;
        }
        return false;
    }

    /// The toolchain's default (or hard-coded) value in our words; none when it is not known (then
    /// the value is written, or reported when it was set).
    std::optional<std::string> defaultOf(const ToolchainName& entry, const std::optional<std::string>& chip)
    {
        if (!entry.chipDefaults.empty()) {
            if (!chip)
                return std::nullopt;
            for (const ChipDefault& d : entry.chipDefaults)
                if (d.chip == *chip)
                    return d.value;
        }
        if (entry.defaultValue.empty())
            return std::nullopt;
        return entry.defaultValue;
    }

    const ToolchainValue* mappedValue(const ToolchainName& entry, const std::string& value)
    {
        for (const ToolchainValue& v : entry.values)
            if (v.ours == value)
                return &v;
        return nullptr;
    }

    /// Adds what `entry` says about `option`'s value to `block`.
    void describe(const Pass& pass, const OptionBase& option, const ToolchainName& entry,
        const std::optional<std::string>& chip, ToolchainSettings& block)
    {
        const std::string value = option.valueText();
        CompilerRemark remark { std::string(pass.name()), option.name(), value, {}, entry.source };
        if (!entry.needs.empty()) {
            remark.text = "needs " + entry.needs;
            block.needs.push_back(std::move(remark));
            return;
        }
        const ToolchainValue* mapped = mappedValue(entry, value);
        const std::optional<std::string> fallback = defaultOf(entry, chip);
        const bool unmapped = !entry.key.empty() && !entry.values.empty() && (!mapped || mapped->theirs.empty());
        if (entry.key.empty() || unmapped) {
            remark.text = mapped && !mapped->note.empty() ? mapped->note : entry.note;
            remark.matchesHardCoded = !unmapped && (fallback ? *fallback == value : !option.isSet());
            block.unsupported.push_back(std::move(remark));
            return;
        }
        CompilerSetting setting { remark.pass, remark.option, value, entry.key, entry.section,
            mapped ? mapped->theirs : value, fallback && *fallback == value,
            mapped && !mapped->note.empty() ? mapped->note : entry.caveat, entry.source };
        block.settings.push_back(std::move(setting));
    }

    /// Drops what equals the toolchain's default, unless everything was asked for.
    void keepChanges(ToolchainSettings& block, bool all)
    {
        if (all)
            return;
        std::erase_if(block.settings, [](const CompilerSetting& s) { return s.isDefault; });
        std::erase_if(block.unsupported, [](const CompilerRemark& r) { return r.matchesHardCoded; });
    }

} // namespace

std::string CompilerRemark::line() const
{
    return pass + "." + option + "=" + value + ": " + text + (source.empty() ? "" : " [" + source + "]");
}

std::string ToolchainSettings::pasteText() const
{
    std::string text;
    for (const std::string& line : lines)
        text += line + "\n";
    return text;
}

std::optional<std::string> npuChipOf(const Platform& platform)
{
    // Preset names spell the chip family: npu37xx-..., npu40xx-6tile, npu50xx-...
    const std::string name = lower(platform.name.value_or(""));
    const std::size_t at = name.find("npu");
    if (at == std::string::npos || at + 7 > name.size())
        return std::nullopt;
    const std::string digits = name.substr(at + 3, 2);
    if (!std::isdigit(static_cast<unsigned char>(digits[0])) || !std::isdigit(static_cast<unsigned char>(digits[1]))
        || name.substr(at + 5, 2) != "xx")
        return std::nullopt;
    return "NPU" + digits + "XX";
}

CompilerOptionsReport compilerOptions(
    const Pipeline& pipeline, const Platform& platform, const CompilerOptionsRequest& request)
{
    CompilerOptionsReport report;
    report.pipeline = pipeline.print();
    report.platform = platform.name.value_or("");
    report.chip = npuChipOf(platform);
    report.all = request.all;
    const std::string family = familyOf(platform);
    for (const ToolchainInfo& info : toolchains()) {
        if (!family.empty() && family != info.family)
            continue;
        ToolchainSettings block { info.id, info.title, {}, {}, {}, {} };
        bool touched = false;
        for (const auto& pass : pipeline.passes)
            for (const OptionBase* option : pass->options())
                for (const ToolchainName& entry : option->toolchainNames()) {
                    if (std::find(entry.toolchains.begin(), entry.toolchains.end(), info.id) == entry.toolchains.end()
                        || !conditionHolds(*pass, entry.when) || !chipMatches(entry.chips, report.chip))
                        continue;
                    touched = true;
                    describe(*pass, *option, entry, report.chip, block);
                }
        if (!touched)
            continue;
        keepChanges(block, request.all);
        if (info.render && !block.settings.empty())
            block.lines = info.render(block, report);
        report.toolchains.push_back(std::move(block));
    }
    return report;
}

std::string CompilerOptionsReport::text() const
{
    std::string out
        = "# Compiler settings for the pipeline: " + (pipeline.empty() ? std::string("(none)") : pipeline) + "\n";
    out += "# platform: " + (platform.empty() ? std::string("(unnamed)") : platform)
        + (chip ? " (NPU chip " + *chip + ")" : "") + "\n";
    out += all ? "# every value, also those equal to a toolchain's default or hard-coded value\n"
               : "# values equal to a toolchain's default are left out (--all lists them)\n";
    if (toolchains.empty())
        out += "\n# no toolchain: no pass of the pipeline has a toolchain counterpart on this platform\n";
    for (const ToolchainSettings& block : toolchains) {
        out += "\n## " + block.id + ": " + block.title + "\n";
        if (block.lines.empty())
            out += block.settings.empty() && block.id == toolchain::kSimpler
                ? "# no options: every value is a source constant\n"
                : "# nothing to change: every value it can express is at its default\n";
        out += block.pasteText();
        for (const CompilerRemark& need : block.needs)
            out += "# " + need.line() + "\n";
        if (!block.unsupported.empty())
            out += "# not expressible:\n";
        for (const CompilerRemark& remark : block.unsupported)
            out += "#   " + remark.line() + (remark.matchesHardCoded ? " (same value)" : "") + "\n";
        for (const CompilerSetting& setting : block.settings)
            if (!setting.note.empty())
                out += "# note: " + setting.key + ": " + setting.note + "\n";
    }
    return out;
}

std::string CompilerOptionsReport::fileContent(std::string_view path, bool json) const
{
    return json || path.ends_with(".json") ? toJson().dump(1) + "\n" : text();
}

nlohmann::json CompilerOptionsReport::toJson() const
{
    auto remarks = [](const std::vector<CompilerRemark>& list) {
        nlohmann::json array = nlohmann::json::array();
        for (const CompilerRemark& r : list)
            array.push_back({ { "pass", r.pass }, { "option", r.option }, { "value", r.value }, { "text", r.text },
                { "source", r.source }, { "matches_hard_coded", r.matchesHardCoded } });
        return array;
    };
    nlohmann::json blocks = nlohmann::json::array();
    for (const ToolchainSettings& block : toolchains) {
        nlohmann::json settings = nlohmann::json::array();
        for (const CompilerSetting& s : block.settings)
            settings.push_back({ { "pass", s.pass }, { "option", s.option }, { "value", s.value }, { "key", s.key },
                { "section", s.section }, { "toolchain_value", s.toolchainValue }, { "is_default", s.isDefault },
                { "note", s.note }, { "source", s.source } });
        blocks.push_back(
            { { "id", block.id }, { "title", block.title }, { "lines", block.lines }, { "settings", settings },
                { "needs", remarks(block.needs) }, { "unsupported", remarks(block.unsupported) } });
    }
    return { { "pipeline", pipeline }, { "platform", platform },
        { "chip", chip ? nlohmann::json(*chip) : nlohmann::json() }, { "all", all }, { "toolchains", blocks } };
}

} // namespace lookahead
