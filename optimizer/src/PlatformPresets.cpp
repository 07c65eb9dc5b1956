#include "lookahead/PlatformPresets.h"

#include "JsonErrors.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/Loader.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace lookahead {

namespace {

    using json = nlohmann::json;

    // Sources, as DOMAIN.md §5 gives them.
    constexpr const char* kNpu37Resources = "npu_compiler platform_resources; firmware vpu_nce_hw_37xx.h";
    constexpr const char* kNpu40Resources = "npu_compiler platform_resources; firmware vpu_nce_hw_40xx.h";
    constexpr const char* kNpu40Clock
        = "firmware vpu_nce_hw_40xx.h (DPU 1850 MHz, rev >= B); prof_parser output workpoint.freq 1850";
    constexpr const char* kNpu37Clock = "firmware vpu_nce_hw_37xx.h (DPU ~1300 MHz)";
    constexpr const char* kShaveL2
        = "OpenVINO npu_compiler PR #199, author's comment: 256 KB shared, holds 10+ kernels";
    constexpr const char* kShaveLine = "AddSwKernelInstructionPrefetch: kernel size = ELF .text rounded up to 64 B";
    constexpr const char* kAssumedLatency = "assumed: no public number (same as samples/npu40xx-decode-0.6b.json)";
    constexpr const char* kAscendCores
        = "CANN ATC --aicore_num=\"24|48\"; platform_config *.ini cube_core_cnt=24, vector_core_cnt=48";
    constexpr const char* kAscendIcache
        = "graph-autofusion SuperKernel codegen: ICache 32 KB per cube, 16 KB per vector core";
    constexpr const char* kAscendClock
        = "torch_npu trace_view.json `AI Core Freq` counter (1800 MHz in the shared Ascend recording)";
    constexpr const char* kCostDefault = "assumed: the cost term's documented default (`lookahead batch costs`)";

    /// Builds a preset document and remembers the source of every value it sets.
    struct PresetBuilder {
        json doc = { { "platform", json::object() } };
        std::vector<std::pair<std::string, std::string>> sources;

        void set(const std::string& pointer, json value, std::string source)
        {
            doc[json::json_pointer(pointer)] = std::move(value);
            sources.emplace_back(pointer, std::move(source));
        }
        void put(const std::string& pointer, json value) { doc[json::json_pointer(pointer)] = std::move(value); }
    };

    /// Turns a document (`platform`, optional `kernels`) into a preset through the format loader, so
    /// that a preset obeys exactly the rules a file's platform does. `platform.kernel_code_bytes`
    /// (preset-only) is taken out first.
    Result<PlatformPreset> presetFromDocument(json doc, const std::string& fileLabel)
    {
        PlatformPreset preset;
        if (!doc.is_object())
            return Error { fileLabel, "/", "a platform file must be a JSON object" };
        if (!doc.contains("platform"))
            return Error { fileLabel, "/platform", "required key is missing" };
        json& platform = doc["platform"];
        if (platform.is_object() && platform.contains("kernel_code_bytes")) {
            const json& sizes = platform["kernel_code_bytes"];
            if (!sizes.is_object())
                return Error { fileLabel, "/platform/kernel_code_bytes", "must be an object of kernel name to bytes" };
            for (auto it = sizes.begin(); it != sizes.end(); ++it) {
                if (!it.value().is_number_integer() || it.value().get<std::int64_t>() < 0)
                    return Error { fileLabel, "/platform/kernel_code_bytes/" + it.key(), "must be an integer >= 0" };
                if (it.key() == "*")
                    preset.defaultCodeBytes = it.value().get<std::int64_t>();
                else
                    preset.codeBytesByKernel[it.key()] = it.value().get<std::int64_t>();
            }
            platform.erase("kernel_code_bytes");
        }
        const json document = { { "format", "lookahead-taskgraph" }, { "version", 1 }, { "platform", platform },
            { "kernels", doc.value("kernels", json::object()) }, { "tasks", json::array() } };
        Result<TaskGraph> parsed = parseTaskGraph(document.dump(), fileLabel);
        if (!parsed.ok())
            return parsed.error();
        preset.platform = std::move(parsed.value().platform);
        preset.kernels = std::move(parsed.value().kernels);
        preset.name = preset.platform.name.value_or(fileLabel);
        return preset;
    }

    PlatformPreset finish(PresetBuilder& builder, std::string name, std::string title, std::string family)
    {
        builder.put("/platform/name", name);
        Result<PlatformPreset> made = presetFromDocument(builder.doc, "preset " + name);
        if (!made.ok()) // a bug in this catalogue, not a user error
            throw std::logic_error(made.error().toString());
        PlatformPreset preset = std::move(made).value();
        preset.name = std::move(name);
        preset.title = std::move(title);
        preset.family = std::move(family);
        for (auto& [pointer, source] : builder.sources)
            preset.facts.push_back({ pointer, builder.doc.at(json::json_pointer(pointer)), source });
        std::stable_sort(preset.facts.begin(), preset.facts.end(),
            [](const PresetFact& a, const PresetFact& b) { return a.pointer < b.pointer; });
        return preset;
    }

    /// Assumed SHAVE code sizes by OpenVINO layer type (the `t_<LayerType>` of a task name). No
    /// public number exists; these match the sample's kernels of the same kind.
    void npuKernelSizes(PresetBuilder& b)
    {
        const std::pair<const char*, int> sizes[] = { { "Convert", 6144 }, { "Add", 4608 }, { "Multiply", 5120 },
            { "Gather", 8192 }, { "RMS", 16384 }, { "SoftMax", 14336 }, { "Swish", 10240 }, { "TopK", 40960 },
            { "Relu", 4096 }, { "Parameter", 6144 } };
        for (auto [type, bytes] : sizes)
            b.set(std::string("/platform/kernel_code_bytes/") + type, bytes,
                "assumed: no public SHAVE kernel code size (override with a platform file)");
        b.set("/platform/kernel_code_bytes/*", 8192, "assumed: code size of a layer type not in this table");
    }

    PlatformPreset npuPreset(std::uint32_t tiles, bool npu37, std::string name)
    {
        PresetBuilder b;
        const char* resources = npu37 ? kNpu37Resources : kNpu40Resources;
        b.set("/platform/clock_mhz", npu37 ? 1300 : 1850, npu37 ? kNpu37Clock : kNpu40Clock);
        b.set("/platform/executors/DMA/units", npu37 ? 2u : std::min(tiles, 2u),
            npu37 ? std::string(resources) + ": 2 DMA ports" : std::string(resources) + ": DMA ports = min(tiles, 2)");
        b.set("/platform/executors/DMA/engines", 1, resources);
        b.set("/platform/executors/DPU/units", tiles, std::string(resources) + ": one DPU per tile");
        b.set("/platform/executors/DPU/engines", 1, resources);
        b.put("/platform/executors/DPU/tiled", true);
        b.set("/platform/executors/SHAVE/units", tiles, std::string(resources) + ": one SHAVE queue per tile");
        b.set("/platform/executors/SHAVE/engines", 2,
            std::string(resources) + ": 2 SHAVE_ACT per tile, picked at run time");
        b.put("/platform/executors/SHAVE/tiled", true);
        b.put("/platform/executors/SHAVE/icache", "shave");
        b.set("/platform/icache/shave/l1_bytes", 8192, "assumed: no public SHAVE L1 instruction cache size");
        b.set("/platform/icache/shave/l2_bytes", 262144, kShaveL2);
        b.set("/platform/icache/shave/line_bytes", 64, kShaveLine);
        b.set("/platform/icache/shave/l2_hit_latency", 60, kAssumedLatency);
        b.set("/platform/icache/shave/l2_bytes_per_cycle", 32, kAssumedLatency);
        b.set("/platform/icache/shave/miss_latency", 1200, kAssumedLatency);
        b.set("/platform/icache/shave/miss_bytes_per_cycle", 4, kAssumedLatency);
        b.set("/platform/costs/fabric_bytes_per_cycle", 8, kCostDefault);
        npuKernelSizes(b);
        const std::string family = npu37 ? "NPU37XX" : "NPU40XX";
        return finish(b, std::move(name),
            family + ": " + std::to_string(tiles) + " tile(s) of 1 DPU + 2 SHAVE, SHAVE instruction caches", "npu");
    }

    PlatformPreset ascendPreset(std::string name, const std::string& generation)
    {
        PresetBuilder b;
        b.set("/platform/clock_mhz", 1800, kAscendClock);
        for (const char* exec : { "AICORE", "ICACHE", "MTE", "AICPU", "SDMA" }) {
            b.set(std::string("/platform/executors/") + exec + "/units", 1,
                "SuperKernel model: one lane per role, a sub-operator spans `blocks` cores "
                "(domain/SuperKernelDomain.h)");
            b.set(std::string("/platform/executors/") + exec + "/engines", 1, "SuperKernel model: one in-order lane");
        }
        b.put("/platform/executors/AICORE/icache", "aicore");
        b.put("/platform/executors/ICACHE/icache", "aicore");
        b.set(
            "/platform/icache/aicore/l1_bytes", 16384, kAscendIcache + std::string(" (the smaller, vector-core one)"));
        b.set("/platform/icache/aicore/l2_bytes", 4194304, "assumed: L2 share holding instruction code");
        b.set("/platform/icache/aicore/line_bytes", 64, "assumed");
        b.set("/platform/icache/aicore/l2_hit_latency", 300, "assumed (same as the MoE SuperKernel sample)");
        b.set("/platform/icache/aicore/l2_bytes_per_cycle", 128, "assumed (same as the MoE SuperKernel sample)");
        b.set("/platform/icache/aicore/miss_latency", 900, "assumed (same as the MoE SuperKernel sample)");
        b.set("/platform/icache/aicore/miss_bytes_per_cycle", 64, "assumed (same as the MoE SuperKernel sample)");
        b.set("/platform/superkernel/aic_cores", 24, kAscendCores);
        b.set("/platform/superkernel/aiv_cores", 48, kAscendCores);
        b.set("/platform/superkernel/aic_icache_bytes", 32768, kAscendIcache);
        b.set("/platform/superkernel/aiv_icache_bytes", 16384, kAscendIcache);
        b.set("/platform/costs/sk_launch_cycles", 5400, "assumed: 3 us at 1800 MHz (cost term default)");
        b.set("/platform/costs/sk_sync_base_cycles", 1504, "assumed: no public number for a full sync (DOMAIN.md §2)");
        b.set("/platform/costs/sk_sync_core_cycles", 24, "assumed: no public number for a full sync (DOMAIN.md §2)");
        b.set("/platform/costs/sk_event_cycles", 900, kCostDefault);
        b.set("/platform/costs/sk_code_unit_bytes", 2048,
            "graph-autofusion SuperKernel codegen: ICache preload unit 2 KB");
        b.set("/platform/costs/sk_l2_serial_cycles", 2, kCostDefault);
        b.set("/platform/costs/sk_l2_code_bytes", 2097152, "assumed (same as the MoE SuperKernel sample)");
        b.set("/platform/costs/sk_hbm_unit_cycles", 40, kCostDefault);
        b.set("/platform/costs/sk_es_handshake_cycles", 180, kCostDefault);
        b.set("/platform/costs/fabric_bytes_per_cycle", 1048576,
            "assumed: the NPU fabric-contention term does not model Ascend; this value makes it free");
        const char* sizeSource = "assumed: no public operator code size (override with a platform file)";
        b.set("/platform/kernel_code_bytes/AIC", 24576, sizeSource);
        b.set("/platform/kernel_code_bytes/AIV", 12288, sizeSource);
        b.set("/platform/kernel_code_bytes/MIX_1_1", 32768, sizeSource);
        b.set("/platform/kernel_code_bytes/MIX_1_2", 32768, sizeSource);
        b.set("/platform/kernel_code_bytes/*", 16384, sizeSource);
        return finish(b, std::move(name),
            "Ascend " + generation
                + " (CANN SuperKernel model): 24 cube + 48 vector cores per AI processor as documented; "
                  "smaller SKUs have fewer",
            "ascend");
    }

    PlatformPreset gpuPreset()
    {
        PresetBuilder b;
        b.set("/platform/clock_mhz", 1000, "format spec 9: a recording without a clock is read with 1 cycle = 1 ns");
        b.set("/platform/executors/GPU/units", 1, "assumed: importers add one queue per stream");
        b.set("/platform/executors/GPU/engines", 1, "assumed: a stream runs its kernels in order");
        return finish(
            b, "gpu", "a generic GPU: streams as in-order queues, no instruction-cache or SuperKernel model", "gpu");
    }

    /// Every scalar of a platform file, with the file as its source.
    void factsFromFile(PlatformPreset& preset, const json& doc)
    {
        for (const char* part : { "platform", "kernels" }) {
            if (!doc.contains(part))
                continue;
            const json flat = doc[part].flatten();
            for (auto it = flat.begin(); it != flat.end(); ++it)
                if (it.value().is_number() || it.value().is_boolean())
                    preset.facts.push_back({ "/" + std::string(part) + it.key(), it.value(), preset.file });
        }
    }

} // namespace

std::int64_t PlatformPreset::codeBytesOf(std::string_view kernel, std::string_view type) const
{
    for (const Kernel& k : kernels)
        if (k.name == kernel)
            return k.codeBytes;
    if (auto it = codeBytesByKernel.find(kernel); it != codeBytesByKernel.end())
        return it->second;
    if (!type.empty())
        if (auto it = codeBytesByKernel.find(type); it != codeBytesByKernel.end())
            return it->second;
    return defaultCodeBytes;
}

std::uint32_t PlatformPreset::unitsOf(std::string_view exec) const
{
    const int index = platform.findExecutor(exec);
    return index < 0 ? 0 : platform.executors[index].units;
}

nlohmann::ordered_json PlatformPreset::toJson() const
{
    nlohmann::ordered_json p;
    if (platform.name)
        p["name"] = *platform.name;
    p["clock_mhz"] = platform.clockMhz;
    nlohmann::ordered_json executors = nlohmann::ordered_json::object();
    for (const ExecutorKind& kind : platform.executors) {
        nlohmann::ordered_json e = { { "units", kind.units }, { "engines", kind.engines } };
        if (kind.tiled)
            e["tiled"] = true;
        if (kind.icacheDomain >= 0)
            e["icache"] = platform.icache[kind.icacheDomain].name;
        e.update(nlohmann::ordered_json(kind.extra));
        executors[kind.name] = std::move(e);
    }
    p["executors"] = std::move(executors);
    nlohmann::ordered_json icache = nlohmann::ordered_json::object();
    for (const IcacheDomain& d : platform.icache) {
        icache[d.name] = { { "l1_bytes", d.l1Bytes }, { "l2_bytes", d.l2Bytes }, { "line_bytes", d.lineBytes },
            { "l2_hit_latency", d.l2HitLatency }, { "l2_bytes_per_cycle", d.l2BytesPerCycle },
            { "miss_latency", d.missLatency }, { "miss_bytes_per_cycle", d.missBytesPerCycle } };
        icache[d.name].update(nlohmann::ordered_json(d.extra));
    }
    if (!platform.icache.empty())
        p["icache"] = std::move(icache);
    p["costs"] = nlohmann::ordered_json(platform.costs);
    for (auto it = platform.extra.begin(); it != platform.extra.end(); ++it)
        p[it.key()] = nlohmann::ordered_json(it.value());
    if (!codeBytesByKernel.empty() || defaultCodeBytes != 0) {
        nlohmann::ordered_json sizes(codeBytesByKernel);
        sizes["*"] = defaultCodeBytes;
        p["kernel_code_bytes"] = std::move(sizes);
    }
    nlohmann::ordered_json kernelsJson = nlohmann::ordered_json::object();
    for (const Kernel& k : kernels) {
        kernelsJson[k.name] = { { "code_bytes", k.codeBytes } };
        if (k.type)
            kernelsJson[k.name]["type"] = *k.type;
    }
    return { { "platform", std::move(p) }, { "kernels", std::move(kernelsJson) } };
}

std::vector<std::string> platformPresetNames()
{
    std::vector<std::string> names { "npu37xx", "npu40xx" };
    for (int tiles = 1; tiles <= 6; ++tiles)
        names.push_back("npu40xx-" + std::to_string(tiles) + "tile");
    for (const char* name : { "ascend-a2", "ascend-a3", "gpu" })
        names.emplace_back(name);
    return names;
}

PlatformPreset npu40xxPreset(std::uint32_t tiles)
{
    tiles = std::clamp<std::uint32_t>(tiles, 1, 6);
    return npuPreset(tiles, false, tiles == 6 ? "npu40xx" : "npu40xx-" + std::to_string(tiles) + "tile");
}

std::optional<PlatformPreset> findPlatformPreset(std::string_view name)
{
    if (name == "npu37xx")
        return npuPreset(2, true, "npu37xx");
    if (name == "npu40xx")
        return npu40xxPreset(6);
    if (name.starts_with("npu40xx-") && name.ends_with("tile")
        && name.size() == std::string_view("npu40xx-1tile").size()) {
        const char digit = name[8];
        if (digit >= '1' && digit <= '6') {
            PlatformPreset preset = npuPreset(std::uint32_t(digit - '0'), false, std::string(name));
            return preset;
        }
    }
    if (name == "ascend-a2")
        return ascendPreset("ascend-a2", "A2");
    if (name == "ascend-a3")
        return ascendPreset("ascend-a3", "A3");
    if (name == "gpu")
        return gpuPreset();
    return std::nullopt;
}

Result<PlatformPreset> parsePlatformFile(std::string_view text, const std::string& fileLabel)
{
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        const auto [line, column] = detail::lineAndColumn(text, e.byte == 0 ? 0 : e.byte - 1);
        return Error { fileLabel, "line " + std::to_string(line) + ", column " + std::to_string(column),
            "invalid JSON: " + detail::parseErrorReason(e.what()) };
    } catch (const json::exception& e) {
        return Error { fileLabel, "", "invalid JSON: " + detail::parseErrorReason(e.what()) };
    }
    Result<PlatformPreset> preset = presetFromDocument(doc, fileLabel);
    if (!preset.ok())
        return preset;
    PlatformPreset& p = preset.value();
    p.file = fileLabel;
    p.family = "file";
    p.title = "platform file " + fileLabel;
    if (!p.platform.name)
        p.name = std::filesystem::path(fileLabel).stem().string();
    factsFromFile(p, doc);
    return preset;
}

Result<PlatformPreset> resolvePlatform(const std::string& nameOrFile)
{
    if (auto preset = findPlatformPreset(nameOrFile))
        return std::move(*preset);
    std::error_code ec;
    if (nameOrFile.empty() || !std::filesystem::is_regular_file(nameOrFile, ec)) {
        std::string names;
        for (const std::string& name : platformPresetNames())
            names += (names.empty() ? "" : ", ") + name;
        return Error { "", "",
            "unknown platform \"" + nameOrFile + "\": neither a preset (" + names + ") nor a platform file" };
    }
    Result<std::string> text = readFile(nameOrFile);
    if (!text.ok())
        return text.error();
    return parsePlatformFile(text.value(), nameOrFile);
}

Status applyPlatformPreset(TaskGraph& graph, const PlatformPreset& preset)
{
    Platform merged = preset.platform;
    auto domainName = [](const Platform& p, const ExecutorKind& kind) {
        return kind.icacheDomain < 0 ? std::string() : p.icache[kind.icacheDomain].name;
    };
    std::vector<std::string> domainOf; // by executor, filled in merged order below
    for (const ExecutorKind& kind : merged.executors)
        domainOf.push_back(domainName(preset.platform, kind));
    for (const IcacheDomain& domain : graph.platform.icache)
        if (merged.findIcache(domain.name) < 0)
            merged.icache.push_back(domain);
    for (const ExecutorKind& kind : graph.platform.executors) {
        if (merged.findExecutor(kind.name) >= 0)
            continue;
        merged.executors.push_back(kind);
        domainOf.push_back(domainName(graph.platform, kind));
    }
    // Keep the model's invariant: kinds and domains sorted by name.
    std::sort(merged.icache.begin(), merged.icache.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::vector<std::size_t> order(merged.executors.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
        [&](std::size_t a, std::size_t b) { return merged.executors[a].name < merged.executors[b].name; });
    std::vector<ExecutorKind> sorted;
    for (std::size_t i : order) {
        sorted.push_back(merged.executors[i]);
        sorted.back().icacheDomain = domainOf[i].empty() ? -1 : merged.findIcache(domainOf[i]);
    }
    merged.executors = std::move(sorted);
    merged.costs = graph.platform.costs;
    merged.costs.update(preset.platform.costs);
    merged.extra = graph.platform.extra;
    merged.extra.update(preset.platform.extra);

    std::vector<std::uint16_t> execOf(graph.platform.executors.size());
    for (std::size_t e = 0; e < execOf.size(); ++e)
        execOf[e] = static_cast<std::uint16_t>(merged.findExecutor(graph.platform.executors[e].name));
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const Task& task = graph.tasks[t];
        const ExecutorKind& kind = merged.executors[execOf[task.exec]];
        if (task.unit >= kind.units)
            return Error { "", "/tasks/" + std::to_string(t) + "/unit",
                "task \"" + std::string(graph.taskId(t)) + "\" runs on unit " + std::to_string(task.unit) + " of "
                    + kind.name + ", but platform " + preset.name + " has " + std::to_string(kind.units) + " unit(s)" };
    }
    for (Task& task : graph.tasks)
        task.exec = execOf[task.exec];
    graph.platform = std::move(merged);
    for (Kernel& kernel : graph.kernels) {
        auto named = std::find_if(
            preset.kernels.begin(), preset.kernels.end(), [&](const Kernel& k) { return k.name == kernel.name; });
        if (named != preset.kernels.end()) {
            kernel.codeBytes = named->codeBytes;
            if (named->type)
                kernel.type = named->type;
        } else if (kernel.codeBytes == 0) {
            kernel.codeBytes = preset.codeBytesOf(kernel.name, kernel.type.value_or(""));
        }
    }
    return Status::success();
}

std::string describePlatformPreset(const PlatformPreset& preset)
{
    std::ostringstream out;
    out << preset.name << "\n    " << preset.title << "\n";
    std::size_t width = 0;
    for (const PresetFact& fact : preset.facts)
        width = std::max(width, fact.pointer.size() + 3 + fact.value.dump().size());
    for (const PresetFact& fact : preset.facts) {
        const std::string lhs = fact.pointer + " = " + fact.value.dump();
        out << "  " << lhs << std::string(width - lhs.size() + 2, ' ') << fact.source << "\n";
    }
    return out.str();
}

} // namespace lookahead
