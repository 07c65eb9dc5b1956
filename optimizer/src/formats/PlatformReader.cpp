#include "formats/PlatformReader.h"

#include "lookahead/CostModel.h"

#include <cmath>

namespace lookahead::graphformat {

namespace {

    const Place kRoot;

    void readIcache(Object domains, const Place& at, Platform& platform)
    {
        for (const auto& [name, value] : sortedFields(domains)) {
            const Place place = at.child(name);
            const Object d = requireObject(value, place);
            IcacheDomain domain;
            domain.name = std::string(name);
            auto field = [&](std::string_view key, std::int64_t minimum) {
                return requireInteger(requireKey(d, place, key), place.child(key), minimum);
            };
            domain.l1Bytes = field("l1_bytes", 0);
            domain.l2Bytes = field("l2_bytes", 0);
            domain.lineBytes = field("line_bytes", 1);
            domain.l2HitLatency = field("l2_hit_latency", 0);
            domain.l2BytesPerCycle = field("l2_bytes_per_cycle", 1);
            domain.missLatency = field("miss_latency", 0);
            domain.missBytesPerCycle = field("miss_bytes_per_cycle", 1);
            keepUnknown(d,
                { "l1_bytes", "l2_bytes", "line_bytes", "l2_hit_latency", "l2_bytes_per_cycle", "miss_latency",
                    "miss_bytes_per_cycle" },
                domain.extra);
            platform.icache.push_back(std::move(domain));
        }
    }

    void readExecutors(Object executors, const Place& at, Platform& platform)
    {
        for (const auto& [name, value] : sortedFields(executors)) {
            const Place place = at.child(name);
            const Object e = requireObject(value, place);
            ExecutorKind kind;
            kind.name = std::string(name);
            if (auto units = findKey(e, "units"))
                kind.units = static_cast<std::uint32_t>(requireInteger(*units, place.child("units"), 1, 65535));
            if (auto engines = findKey(e, "engines"))
                kind.engines = static_cast<std::uint32_t>(requireInteger(*engines, place.child("engines"), 1, 65535));
            if (auto tiled = findKey(e, "tiled")) {
                if (tiled->get_bool().get(kind.tiled) != simdjson::SUCCESS)
                    fail(place.child("tiled"), std::string("must be a boolean, got ") + json::typeName(*tiled));
            }
            if (auto icache = findKey(e, "icache")) {
                const std::string_view domain = requireString(*icache, place.child("icache"));
                kind.icacheDomain = platform.findIcache(domain);
                if (kind.icacheDomain < 0)
                    fail(place.child("icache"), "unknown icache domain \"" + std::string(domain) + "\"");
            }
            keepUnknown(e, { "units", "engines", "tiled", "icache" }, kind.extra);
            platform.executors.push_back(std::move(kind));
        }
        if (platform.executors.size() > UINT16_MAX)
            fail(at, "has more than 65535 executor kinds");
    }

} // namespace

void readPlatform(Object root, TaskGraph& graph)
{
    const Place at = kRoot.child("platform");
    const Object platform = requireObject(requireKey(root, kRoot, "platform"), at);
    Platform& p = graph.platform;
    keepUnknown(platform, { "name", "clock_mhz", "executors", "icache", "costs" }, p.extra);
    if (auto name = findKey(platform, "name"))
        p.name = std::string(requireString(*name, at.child("name")));
    if (auto clock = findKey(platform, "clock_mhz")) {
        const Place place = at.child("clock_mhz");
        if (!clock->is_number())
            fail(place, std::string("must be a number, got ") + json::typeName(*clock));
        p.clockMhz = clock->get_double().value_unsafe(); // integers convert, as nlohmann's get<double>()
        if (!(p.clockMhz >= kMinClockMhz) || !std::isfinite(p.clockMhz))
            fail(place, "must be at least 1, got " + numberText(*clock));
    }
    if (auto icache = findKey(platform, "icache"))
        readIcache(requireObject(*icache, at.child("icache")), at.child("icache"), p);
    const Place executors = at.child("executors");
    readExecutors(requireObject(requireKey(platform, at, "executors"), executors), executors, p);
    if (auto costs = findKey(platform, "costs")) {
        requireObject(*costs, at.child("costs"));
        p.costs = json::toNlohmann(*costs);
        Status valid = CostModel::standard().validate(p.costs);
        if (!valid.ok())
            throw LoadError { valid.error().where, valid.error().message };
    }
}

void readKernels(Object root, TaskGraph& graph)
{
    const std::optional<Element> kernels = findKey(root, "kernels");
    if (!kernels)
        return;
    const Place at = kRoot.child("kernels");
    for (const auto& [name, value] : sortedFields(requireObject(*kernels, at))) {
        const Place place = at.child(name);
        const Object k = requireObject(value, place);
        Kernel kernel;
        kernel.name = std::string(name);
        kernel.codeBytes = requireInteger(requireKey(k, place, "code_bytes"), place.child("code_bytes"), 0);
        if (auto type = findKey(k, "type"))
            kernel.type = std::string(requireString(*type, place.child("type")));
        keepUnknown(k, { "code_bytes", "type" }, kernel.extra);
        graph.kernels.push_back(std::move(kernel));
    }
}

} // namespace lookahead::graphformat
