#pragma once

// The saturation profile and gap search of `sw-kernel-prefetch` (passes.md rule 3), kept apart from
// the pass so that the benchmark can time it against a per-candidate rescan.
//
// Complexity: building the profile sorts the kernel tasks' start and end events once,
// O(N log N). A saturation query or "next saturated point after t" is a binary search (or a set
// look-up once prefetches were counted in), O(log N). MonotoneGapSweep answers the best-gap
// question for a non-decreasing sequence of targets in O((M + C) log M) in total for M
// reference-tile tasks and C targets: every reference task enters and leaves its sets once.

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <vector>

namespace lookahead {

/// How a point in time is judged saturated (option `saturation`).
enum class SaturationRule {
    ExactStart, ///< at least E kernel tasks start exactly at t
    Overlap,    ///< at least E kernel tasks run at t (start ≤ t < end)
};

/// The number of kernel tasks at every kernel start point, and which points are saturated.
class SaturationProfile {
public:
    /// `starts`/`ends`: simulated times of the kernel tasks of the prefetch executor, any order.
    /// `engines`: E = units × engines of that executor.
    SaturationProfile(SaturationRule rule, std::uint32_t engines, std::span<const std::int64_t> starts,
        std::span<const std::int64_t> ends);

    SaturationRule rule() const { return m_rule; }
    std::uint32_t engines() const { return m_engines; }
    /// Tasks starting at t (exact-start) or running at t (overlap), including counted prefetches.
    std::uint32_t countAt(std::int64_t t) const;
    bool saturatedAt(std::int64_t t) const { return countAt(t) >= m_engines; }
    /// The earliest saturated point strictly after t, if any.
    std::optional<std::int64_t> nextSaturatedAfter(std::int64_t t) const;
    /// Counts an inserted prefetch that starts at `start` and runs `duration` cycles (option
    /// `count-inserted`): under exact-start it adds one start at `start`; under overlap it adds one
    /// running task over [start, start + duration).
    void addPrefetch(std::int64_t start, std::int64_t duration);
    /// True once addPrefetch() was called (the profile is no longer the static one).
    bool hasPrefetches() const { return !m_added.empty(); }

private:
    std::uint32_t baseCountAt(std::int64_t t) const;
    std::uint32_t addedCountAt(std::int64_t t) const;

    SaturationRule m_rule;
    std::uint32_t m_engines;
    std::vector<std::int64_t> m_points;                       ///< Distinct kernel start times, ascending.
    std::vector<std::uint32_t> m_counts;                      ///< Count at each point (rule-dependent).
    std::set<std::int64_t> m_saturated;                       ///< Saturated points, ascending.
    std::vector<std::int64_t> m_overlapStarts, m_overlapEnds; ///< Overlap only: all events, sorted.
    struct Added {
        std::int64_t start, end;
    };
    std::vector<Added> m_added;
};

/// A reference-tile kernel task, in start order (rank = its position in that order).
struct GapOpener {
    std::uint32_t task = 0; ///< TaskIndex of the graph.
    std::int64_t start = 0;
};

/// The winning gap for one target.
struct GapChoice {
    std::size_t rank = 0;           ///< Index into the openers array.
    std::int64_t gapStart = 0;      ///< start(p)
    std::int64_t gapEnd = 0;        ///< min(next saturated point, target)
    bool endsAtTarget = false;      ///< The target (not a saturated point) closed the gap.
    std::uint32_t countAtStart = 0; ///< Saturation count at start(p) (fewer than E).
    std::int64_t gap() const { return gapEnd - gapStart; }
};

/// Straightforward form of rule 3 over one target: scans the openers that start before `target`.
/// O(M log N) per call; used when the profile changes between targets (count-inserted) and as the
/// reference the sweep is tested against.
std::optional<GapChoice> findBestGap(
    const SaturationProfile& profile, std::span<const GapOpener> openers, std::int64_t target);

/// Rule 3 for a non-decreasing sequence of targets over a profile that does not change.
class MonotoneGapSweep {
public:
    MonotoneGapSweep(const SaturationProfile& profile, std::span<const GapOpener> openers);
    /// The best gap before `target`. Targets must not decrease between calls (candidates are in
    /// order of first use); a smaller one restarts the sweep.
    std::optional<GapChoice> best(std::int64_t target);

private:
    void restart();

    const SaturationProfile& m_profile;
    std::span<const GapOpener> m_openers;
    std::vector<std::int64_t> m_saturatedGap; ///< Per opener: next saturated point - start, or -1.
    std::vector<std::uint32_t> m_count;       ///< Per opener: count at its start.
    std::size_t m_next = 0;                   ///< First opener not yet admitted (start ≥ target).
    std::int64_t m_lastTarget = INT64_MIN;
    std::set<std::size_t> m_targetCut; ///< Admitted openers whose gap the target still cuts, by rank.
    /// Admitted openers waiting to become saturation-cut: (start + saturated gap, rank), min first.
    std::set<std::pair<std::int64_t, std::size_t>> m_pending;
    std::optional<std::size_t> m_bestSaturationCut; ///< Rank of the largest saturation-cut gap.
};

} // namespace lookahead
