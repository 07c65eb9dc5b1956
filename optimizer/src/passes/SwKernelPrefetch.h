#pragma once

// `sw-kernel-prefetch`: SHAVE kernel instruction prefetch (DOMAIN.md §1, passes.md).
//
// The pass inserts tasks with role `prefetch` (`prefetch: K`, `origin: "sw-kernel-prefetch"`,
// `cycles` = prefetch-cycles, ids `swkp.K.N`) on the prefetch executor X so that K's code is in the
// shared instruction L2 before K's first real use. It reads times from ONE simulation of its input
// (PassContext::simulate(), which honours --spec-costs); its insertions are never re-simulated.
//
// Terms (passes.md): X = option `exec`, else the only executor kind with an icache domain and
// `tiled: true` (none: nothing to do; several: an error asking for `exec`). Kernel tasks = tasks on
// X with a `kernel` and a role other than `prefetch`. E = units × engines of X. Start order = by
// simulated start, ties in file order (Schedule::startOrder).
//
// Modes (`mode`):
//   off        nothing is inserted.
//   start      rules 1, 2 and 4 of passes.md exactly: candidates from an L2 walk; the start test on
//              F's latest wait barrier B; one prefetch per candidate with no wait and `update: [B]`,
//              before the first kernel task (file order) waiting on B.
//   start+mid  as `start`, and when the start test fails, rule 3 (PR #199) for every candidate.
//   idle       DOMAIN.md §1 "idle-interval": the first all-idle interval is used, nothing else.
//              Sweeping the kernel tasks' start/end events, an all-idle interval [a, b) is a
//              stretch with no kernel task running on any unit of X before a later kernel start b
//              (a = 0 for the leading one; the trailing stretch after the last kernel is not one).
//              Its usable length is (b − a) − init-penalty when a < init-penalty, else b − a. The
//              first interval with usable length ≥ idle-min is chosen. The candidates of rule 1
//              whose first use starts at or after b are prefetched (the others were loaded before
//              the interval), at most max-prefetches, each immediately before (file order) the
//              kernel task that closes the interval (the first in start order starting at b),
//              with `wait` = the barrier updated by the opener (the kernel task whose end is a)
//              with the latest release not after b (ties: the first listed), so that the prefetch
//              cannot run before the interval; no `update`. The leading interval has no opener
//              and no wait.
//
// Options beyond passes.md's wording, precisely:
//   tile-policy  block:       unit = (i div engines) mod units, i = candidate index (from 0).
//                round-robin: unit = c mod units, c = insertions made so far in this phase.
//                least-loaded: the unit whose X tasks are busy for the fewest engine-cycles within
//                the prefetch's window, plus prefetch-cycles for every prefetch this run already
//                put on that unit; ties go to the lowest unit. Window: [0, release(B)) in the start
//                phase, the gap [start(p), gap end) in the mid phase, the interval [a, b) in idle.
//                Not set: `block` in the start and idle phases, `round-robin` in the mid phase; an
//                explicit value applies to every phase.
//   saturation   exact-start: point t is saturated when at least E kernel tasks start exactly at t.
//                overlap: when at least E kernel tasks run at t (start ≤ t < end). Both the "fewer
//                than E at start(p)" test and the gap's end (earliest saturated point after
//                start(p)) use the chosen rule.
//   count-inserted  false: only kernel tasks count (PR #199 as written). true: every mid-phase
//                prefetch inserted so far counts as a task that starts at start(p) of its opener
//                and runs prefetch-cycles + its miss stall (miss_latency + ceil(size /
//                miss_bytes_per_cycle)); so a second prefetch cannot land in a slot that the first
//                filled. Prefetch-role tasks of the input are counted too, at their simulated times.
//   wait-barrier false: mid-phase prefetches have no `wait` and no `update` (PR #199). true: a mid
//                prefetch waits on the opener p's wait barrier with the latest release (ties: the
//                first listed), so it becomes ready together with p and a later pass cannot hoist
//                it to the start of the schedule; p without waits: no barrier is added.
//   l2-aware     true: rule 1's LRU walk of X's L2 stops at the first kernel that does not fit.
//                false: every kernel used on X is a candidate (in order of first use).
//   kernels      allow-list; empty = all. Kernels outside it are still loaded into the L2 model.
//   max-prefetches  cap on candidates; not set = E.
//   ref-tile     start+mid only; ref-tile ≥ units is an option error in that mode.
//   exec         the prefetch executor kind; it must exist and have an icache domain.
//
// Explanations (PassContext::explain): first one `"action": "test"` object saying which phase
// ran and why (slack, threshold, barrier, idle interval), then one object per kernel used on X,
// in order of first use: `"action": "inserted"` with mode, phase, unit, the task id, its
// neighbours, slack (start) or gap/gap_start/gap_end/gap_end_reason/opened_by/saturation_count
// (mid) or interval (idle); or `"action": "skipped"` with `reason` one of `no-slack`,
// `gap-too-small`, `l2-full`, `not-on-allow-list`, `cap-reached`, `would-deadlock`,
// `no-idle-interval`, `used-before-interval`, and a `detail` sentence. Skipped insertions that
// would deadlock are also reported through PassContext::warn.
//
// Complexity: O(N log N) for N tasks (one sort of start/end events, binary searches), plus
// O((N + R) · P) worst case for the deadlock check of P insertions (P ≤ max-prefetches). With
// count-inserted, each candidate rescans the reference-tile openers before its target.

#include "lookahead/Pass.h"
#include "lookahead/PassRegistry.h"

namespace lookahead {

class SwKernelPrefetchPass final : public Pass {
public:
    std::string_view name() const override { return "sw-kernel-prefetch"; }
    std::string_view summary() const override
    {
        return "insert SHAVE kernel instruction prefetches (start of schedule, mid-schedule gaps, or the first idle "
               "interval)";
    }
    Status run(PassContext& context) override;

    // What each option is called in the NPU toolchains (shared/context/COMPILER-OPTIONS.md §1, §2.1):
    // the generation (`mode`) is the compiler build's, the thresholds are pass options that only
    // vpux-opt reaches, everything else is hard-coded in the pass source.
    EnumOption mode { this, "mode", "start", { "off", "start", "start+mid", "idle" },
        "which generation of the algorithm: off, start-of-schedule, start with mid-schedule fallback (PR #199), "
        "first all-idle interval" };
    ToolchainNames modeIn { mode,
        { { .toolchains = { toolchain::kOpenVino },
              .key = "enable-sw-kernels-instruction-prefetch",
              .values = { { "off", "false", "P1/P2-era compilers only: P3-era ones add the pass unconditionally" },
                  { "start", "true", "" } },
              .defaultValue = "start",
              .when = { "mode", { "off", "start" } },
              .source = "npu_compiler src/vpux_compiler/include/vpux/compiler/core/pipelines_options.hpp, "
                        "src/vpux_compiler/src/NPU40XX/dialect/VPUIP/transforms/pipelines.cpp @0ccf9bf" },
            { .toolchains = { toolchain::kVpuxOpt },
                .when = { "mode", { "off" } },
                .needs = "no --add-sw-kernel-instruction-prefetch in the vpux-opt pass list",
                .source = kPassSource },
            { .toolchains = npu(),
                .when = { "mode", { "start" } },
                .needs = "a P1/P2-era compiler (start-of-schedule pass, npu_compiler @e6abb23 / @0ccf9bf)",
                .source = kPassSource },
            { .toolchains = npu(),
                .when = { "mode", { "start+mid" } },
                .note = "no counterpart; start+mid exists only in open PR #199 "
                        "(https://github.com/openvinotoolkit/npu_compiler/pull/199): a build of it falls back to "
                        "mid-schedule insertion by itself when the start test fails, no option selects it",
                .source = "npu_compiler pass .cpp @0ccf9bf (insertPrefetchTasksDuringExec)" },
            { .toolchains = npu(),
                .when = { "mode", { "idle" } },
                .needs = "a P3-era compiler (first all-idle interval, npu_compiler @ebab0bb): it runs the pass "
                         "unconditionally, no option turns it off",
                .source = "npu_compiler pass .cpp and NPU40XX pipelines.cpp @ebab0bb" } } };
    IntegerOption startThreshold { this, "start-threshold", 280000, 0, kMaxCycles, "cycles",
        "start mode: the first kernel task's latest wait barrier must release at or after this" };
    // Unset, the compiler uses a per-chip value (not the td default 250000), so 280000 on NPU40XX
    // is written as "leave it unset".
    ToolchainNames startThresholdIn { startThreshold,
        { { .toolchains = { toolchain::kVpuxOpt },
              .key = "minimum-shave-start-time-for-prefetch",
              .section = "P1/P2",
              .chipDefaults = { { "NPU40XX", "280000" }, { "NPU50XX", "250000" } },
              .when = { "mode", { "start", "start+mid" } },
              .source = "npu_compiler src/vpux_compiler/tblgen/vpux/compiler/dialect/VPUIP/passes.td, "
                        "src/vpux_compiler/src/dialect/VPUIP/utils/sw_utils.cpp @0ccf9bf" },
            { .toolchains = { toolchain::kOpenVino },
                .chipDefaults = { { "NPU40XX", "280000" }, { "NPU50XX", "250000" } },
                .when = { "mode", { "start", "start+mid" } },
                .note = kNotFromPlugin,
                .source = kPassSource } } };
    IntegerOption midMinGap { this, "mid-min-gap", 50000, 0, kMaxCycles, "cycles",
        "start+mid: smallest gap worth a mid-schedule prefetch" };
    ToolchainNames midMinGapIn { midMinGap,
        { { .toolchains = npu(),
            .defaultValue = "50000",
            .when = { "mode", { "start+mid" } },
            .note = "no counterpart; PR #199 hard-codes `const uint64_t GAP_THRESHOLD = 50000;` (findBestInsertionGap)",
            .source = kPassSource } } };
    IntegerOption refTile { this, "ref-tile", 1, 0, 1023, "", "start+mid: the tile whose tasks open gaps" };
    ToolchainNames refTileIn { refTile,
        { { .toolchains = npu(),
            .defaultValue = "1",
            .when = { "mode", { "start+mid" } },
            .note = "no counterpart; PR #199 hard-codes `const int64_t targetInsertTile = 1;` (findBestInsertionGap)",
            .source = kPassSource } } };
    IntegerOption idleMin { this, "idle-min", 50000, 0, kMaxCycles, "cycles", "idle: smallest all-idle interval" };
    ToolchainNames idleMinIn { idleMin,
        { { .toolchains = { toolchain::kVpuxOpt },
              .key = "minimum-shave-idle-time-for-prefetch",
              .section = "P3",
              .defaultValue = "50000",
              .when = { "mode", { "idle" } },
              .caveat = "the compiler keeps an interval longer than this (>), Lookahead one at least this long",
              .source = "npu_compiler passes.td and pass .cpp (getPrefetchIntervals) @ebab0bb" },
            { .toolchains = { toolchain::kOpenVino },
                .defaultValue = "50000",
                .when = { "mode", { "idle" } },
                .note = kNotFromPlugin,
                .source = kPassSource } } };
    IntegerOption initPenalty { this, "init-penalty", 100000, 0, kMaxCycles, "cycles",
        "idle: cycles subtracted from an interval that starts before this" };
    // NPU40XX prefetches with dummy kernels and reads its own key; other chips use cache_prefetch.
    ToolchainNames initPenaltyIn { initPenalty,
        { { .toolchains = { toolchain::kVpuxOpt },
              .key = "minimum-shave-init-time-dummy-kernels",
              .section = "P3",
              .defaultValue = "100000",
              .chips = { "NPU40XX" },
              .when = { "mode", { "idle" } },
              .source = "npu_compiler passes.td @ebab0bb" },
            { .toolchains = { toolchain::kVpuxOpt },
                .key = "minimum-shave-init-time",
                .section = "P3",
                .defaultValue = "200000",
                .chips = { "!NPU40XX" },
                .when = { "mode", { "idle" } },
                .source = "npu_compiler passes.td @ebab0bb" },
            { .toolchains = { toolchain::kOpenVino },
                .defaultValue = "200000",
                .chipDefaults = { { "NPU40XX", "100000" } },
                .when = { "mode", { "idle" } },
                .note = kNotFromPlugin,
                .source = kPassSource } } };
    EnumOption tilePolicy { this, "tile-policy", "block", { "block", "round-robin", "least-loaded" },
        "which unit a prefetch goes to; block = kernel index / engines per unit",
        "block (start, idle), round-robin (mid)" };
    ToolchainNames tilePolicyIn { tilePolicy,
        { { .toolchains = npu(),
              .defaultValue = "block",
              .when = { "mode", { "start", "idle" } },
              .note = "no counterpart; kernel i goes to tile i / SHAVEs-per-tile (clusterIdx = shaveIdx / "
                      "noOfShavesPerCluster, hard-coded)",
              .source = kPassSource },
            { .toolchains = npu(),
                .when = { "mode", { "start+mid" } },
                .note = "no counterpart; PR #199 puts start-phase prefetches on tile i / SHAVEs-per-tile and "
                        "mid-schedule ones round-robin (_dynamicPrefetchTileCounter % numClusters), hard-coded; an "
                        "explicit tile-policy applies to both phases",
                .source = kPassSource } } };
    EnumOption saturation { this, "saturation", "exact-start", { "exact-start", "overlap" },
        "a point is saturated when the SHAVE tasks starting exactly there (exact-start) or running there (overlap) "
        "reach all engines" };
    ToolchainNames saturationIn { saturation,
        { { .toolchains = npu(),
            .defaultValue = "exact-start",
            .when = { "mode", { "start+mid" } },
            .note
            = "no counterpart; the compiler counts SW tasks starting on the same cycle (getSwKernelCountAtTime(), "
              "threshold numClusters * 2, hard-coded)",
            .source = kPassSource } } };
    BoolOption countInserted { this, "count-inserted", false,
        "count already inserted prefetches when judging saturation" };
    ToolchainNames countInsertedIn { countInserted,
        { { .toolchains = npu(),
            .defaultValue = "false",
            .when = { "mode", { "start+mid" } },
            .note = "no counterpart; inserted prefetches are never counted (they are not in allTasks, hard-coded)",
            .source = kPassSource } } };
    BoolOption waitBarrier { this, "wait-barrier", false,
        "give a mid-schedule prefetch a wait barrier so it cannot drift to the start" };
    ToolchainNames waitBarrierIn { waitBarrier,
        { { .toolchains = npu(),
            .defaultValue = "false",
            .when = { "mode", { "start+mid" } },
            .note = "no counterpart; PR #199 inserts mid-schedule prefetches with no wait or update barrier "
                    "(mlir::ValueRange(), hard-coded)",
            .source = kPassSource } } };
    BoolOption l2Aware { this, "l2-aware", true, "stop collecting candidates when the L2 model is full" };
    ToolchainNames l2AwareIn { l2Aware,
        { { .toolchains = npu(),
              .defaultValue = "true",
              .when = { "mode", { "start", "start+mid" } },
              .note = "no counterpart; P1/P2 always model the L2 (ShaveL2CacheSimulator, 64KB x (numTiles & 0b1110) - "
                      "14KB, hard-coded)",
              .source = "npu_compiler pass .cpp (getAvailableCacheSize) @0ccf9bf" },
            { .toolchains = npu(),
                .defaultValue = "false",
                .when = { "mode", { "idle" } },
                .note = "no counterpart; the P3 pass does not analyse cache use (\"Cache utilization is not "
                        "analyzed\", hard-coded)",
                .source = "npu_compiler passes.td @ebab0bb" } } };
    ListOption kernels { this, "kernels", "allow-list of kernel names", "all" };
    ToolchainNames kernelsIn { kernels,
        { { .toolchains = npu(),
            .when = { "mode", { "start", "start+mid", "idle" } },
            .note
            = "no counterpart; NPU40XX dummy-kernel mode has a fixed allow-list (SW_DUMMY_KERNELS_PREFETCH_SUPPORTED, "
              "10 names @0ccf9bf; supportedDummyKernels, 59 names @ebab0bb; hard-coded)",
            .source = kPassSource } } };
    IntegerOption maxPrefetches { this, "max-prefetches", 0, 0, 1 << 20, "", "cap on candidates (rule 1)",
        "units × engines" };
    ToolchainNames maxPrefetchesIn { maxPrefetches,
        { { .toolchains = npu(),
            .defaultValue = "0",
            .when = { "mode", { "start", "start+mid", "idle" } },
            .note = "no counterpart; the compiler caps at numClusters * noOfShavesPerCluster (hard-coded)",
            .source = kPassSource } } };
    IntegerOption prefetchCycles { this, "prefetch-cycles", 2000, 0, kMaxCycles, "cycles",
        "base cost of one prefetch task (its fetch stall comes on top)" };
    ToolchainNames prefetchCyclesIn { prefetchCycles,
        { { .toolchains = npu(),
            .when = { "mode", { "start", "start+mid", "idle" } },
            .note = "a model parameter, not a compiler setting: the compiler costs a prefetch with its VPUNN cost "
                    "model (a SW kernel without inputs, e.g. cache_prefetch, costs 1 cycle)",
            .source = "npu_compiler src/vpux_compiler/src/core/cost_model_utils.cpp @150e202" } } };
    WordOption exec { this, "exec", "", "where kernels and prefetches run", "the only tiled kind with an icache" };
    ToolchainNames execIn { exec,
        { { .toolchains = npu(),
            .when = { "mode", { "start", "start+mid", "idle" } },
            .note = "a graph notion, not a compiler setting: the compiler knows its SHAVE engines",
            .source = "" } } };

    Statistic numInserted { this, "prefetches-inserted", "prefetch tasks inserted" };
    Statistic numCandidates { this, "candidates", "kernels kept as candidates by rule 1" };
    Statistic numNoSlack { this, "skipped-no-slack", "candidates not prefetched: the start test failed" };
    Statistic numGapTooSmall { this, "skipped-gap-too-small", "candidates not prefetched: no gap of mid-min-gap" };
    Statistic numL2Full { this, "skipped-l2-full", "kernels not candidates: the L2 model was full" };
    Statistic numNotAllowed { this, "skipped-not-allowed", "kernels not candidates: not on the allow-list" };
    Statistic numCapReached { this, "skipped-cap", "kernels not candidates: max-prefetches reached" };
    Statistic numDeadlock { this, "skipped-deadlock", "insertions skipped because they would deadlock" };
    Statistic numIdleSkipped { this, "skipped-idle", "idle mode: no interval, or kernel used before it" };

private:
    static constexpr const char* kPassSource
        = "npu_compiler add-sw-kernel-instruction-prefetch pass .cpp @e6abb23/@0ccf9bf/@ebab0bb";
    static constexpr const char* kNotFromPlugin
        = "no counterpart in NPU_COMPILATION_MODE_PARAMS: a pass option the plugin does not reach "
          "(createAddSwKernelInstructionPrefetchPass(log) takes no option values; inference), use vpux-opt";
    static std::vector<std::string> npu() { return { toolchain::kOpenVino, toolchain::kVpuxOpt }; }
};

void registerSwKernelPrefetchPass(PassRegistry& registry);

} // namespace lookahead
