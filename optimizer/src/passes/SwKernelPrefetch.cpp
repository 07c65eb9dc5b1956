#include "passes/SwKernelPrefetch.h"

#include "passes/PrefetchPlan.h"

#include <optional>

namespace lookahead {

namespace {

    /// The prefetch executor X: option `exec`, else the only tiled executor kind with an icache.
    /// Nothing (after explaining why) when no kind qualifies; an option error when `exec` names
    /// an unusable kind or several kinds qualify.
    Result<std::optional<std::uint16_t>> prefetchExecutor(const SwKernelPrefetchPass& pass, PassContext& context)
    {
        const Platform& platform = context.graph.platform;
        if (!pass.exec().empty()) {
            const int x = platform.findExecutor(pass.exec());
            if (x < 0)
                return Error { "", "option sw-kernel-prefetch.exec", "unknown executor kind \"" + pass.exec() + "\"" };
            if (platform.executors[x].icacheDomain < 0)
                return Error { "", "option sw-kernel-prefetch.exec",
                    "executor kind \"" + pass.exec() + "\" has no icache domain: nothing to prefetch into" };
            return std::optional<std::uint16_t>(static_cast<std::uint16_t>(x));
        }
        std::vector<std::string> found;
        int x = -1;
        for (std::size_t e = 0; e < platform.executors.size(); ++e) {
            if (platform.executors[e].icacheDomain >= 0 && platform.executors[e].tiled) {
                found.push_back(platform.executors[e].name);
                x = static_cast<int>(e);
            }
        }
        if (found.empty()) {
            context.explain({ { "action", "test" }, { "mode", pass.mode() },
                { "detail", "no executor kind has an icache domain and tiled: true; nothing to do" } });
            return std::optional<std::uint16_t>();
        }
        if (found.size() > 1) {
            std::string names;
            for (const std::string& name : found)
                names += (names.empty() ? "" : ", ") + name;
            return Error { "", "option sw-kernel-prefetch.exec",
                "several tiled executor kinds have an icache (" + names + "): set sw-kernel-prefetch.exec" };
        }
        return std::optional<std::uint16_t>(static_cast<std::uint16_t>(x));
    }

} // namespace

Status SwKernelPrefetchPass::run(PassContext& context)
{
    const std::string& modeName = mode();
    if (modeName == "off") {
        context.explain({ { "action", "test" }, { "mode", "off" }, { "detail", "mode=off: nothing is inserted" } });
        return Status::success();
    }
    Result<std::optional<std::uint16_t>> x = prefetchExecutor(*this, context);
    if (!x.ok())
        return x.error();
    if (!x.value())
        return Status::success();
    const ExecutorKind& kind = context.graph.platform.executors[*x.value()];
    // passes.md: ref-tile ≥ units is an option error. Checked whenever the value is used (start+mid)
    // or was given explicitly; the default (1) on a one-tile platform in another mode is not an error.
    if ((modeName == "start+mid" || refTile.isSet()) && static_cast<std::uint64_t>(refTile()) >= kind.units)
        return Error { "", "option sw-kernel-prefetch.ref-tile",
            "ref-tile " + std::to_string(refTile()) + " is not a unit of " + kind.name + " (it has "
                + std::to_string(kind.units) + ")" };

    auto simulated = context.inputSchedule();
    if (!simulated.ok())
        return Error { "", "", "cannot simulate the input: " + simulated.error().toString() };
    PrefetchPlan plan(*this, context, *simulated.value(), *x.value());
    if (plan.kernelOrder.empty()) {
        context.explain({ { "action", "test" }, { "mode", modeName },
            { "detail", "no kernel tasks on " + kind.name + ": nothing to prefetch" } });
        return Status::success();
    }
    plan.collectCandidates();
    if (modeName == "idle")
        planIdle(plan);
    else
        planStartOrMid(plan);
    plan.finish();
    return Status::success();
}

void registerSwKernelPrefetchPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SwKernelPrefetchPass>(); });
}

} // namespace lookahead
