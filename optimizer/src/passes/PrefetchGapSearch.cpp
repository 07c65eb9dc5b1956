#include "passes/PrefetchGapSearch.h"

#include <algorithm>

namespace lookahead {

SaturationProfile::SaturationProfile(SaturationRule rule, std::uint32_t engines, std::span<const std::int64_t> starts,
    std::span<const std::int64_t> ends)
    : m_rule(rule)
    , m_engines(engines)
{
    std::vector<std::int64_t> sortedStarts(starts.begin(), starts.end());
    std::vector<std::int64_t> sortedEnds(ends.begin(), ends.end());
    std::sort(sortedStarts.begin(), sortedStarts.end());
    std::sort(sortedEnds.begin(), sortedEnds.end());
    // One sweep over the start and end events: at each distinct start point t, the tasks starting
    // exactly there, and the tasks running there (started at or before t, not ended at or before t).
    std::size_t endsSeen = 0;
    for (std::size_t i = 0; i < sortedStarts.size();) {
        const std::int64_t t = sortedStarts[i];
        std::size_t j = i;
        while (j < sortedStarts.size() && sortedStarts[j] == t)
            ++j;
        while (endsSeen < sortedEnds.size() && sortedEnds[endsSeen] <= t)
            ++endsSeen;
        const auto startingHere = static_cast<std::uint32_t>(j - i);
        const auto runningHere = static_cast<std::uint32_t>(j - std::min(j, endsSeen));
        m_points.push_back(t);
        m_counts.push_back(rule == SaturationRule::ExactStart ? startingHere : runningHere);
        if (m_counts.back() >= engines)
            m_saturated.insert(m_saturated.end(), t);
        i = j;
    }
    if (rule == SaturationRule::Overlap) {
        m_overlapStarts = std::move(sortedStarts);
        m_overlapEnds = std::move(sortedEnds);
    }
}

std::uint32_t SaturationProfile::baseCountAt(std::int64_t t) const
{
    auto it = std::lower_bound(m_points.begin(), m_points.end(), t);
    if (it != m_points.end() && *it == t)
        return m_counts[static_cast<std::size_t>(it - m_points.begin())];
    if (m_rule == SaturationRule::ExactStart)
        return 0;
    // Overlap at a point where no kernel task starts (an inserted prefetch's start).
    const auto started = std::upper_bound(m_overlapStarts.begin(), m_overlapStarts.end(), t) - m_overlapStarts.begin();
    const auto ended = std::upper_bound(m_overlapEnds.begin(), m_overlapEnds.end(), t) - m_overlapEnds.begin();
    return static_cast<std::uint32_t>(std::max<std::ptrdiff_t>(0, started - ended));
}

std::uint32_t SaturationProfile::addedCountAt(std::int64_t t) const
{
    std::uint32_t count = 0;
    for (const Added& added : m_added)
        count += m_rule == SaturationRule::ExactStart ? added.start == t : (added.start <= t && t < added.end);
    return count;
}

std::uint32_t SaturationProfile::countAt(std::int64_t t) const { return baseCountAt(t) + addedCountAt(t); }

std::optional<std::int64_t> SaturationProfile::nextSaturatedAfter(std::int64_t t) const
{
    auto it = m_saturated.upper_bound(t);
    if (it == m_saturated.end())
        return std::nullopt;
    return *it;
}

void SaturationProfile::addPrefetch(std::int64_t start, std::int64_t duration)
{
    const std::int64_t end = m_rule == SaturationRule::ExactStart ? start : start + duration;
    if (m_rule == SaturationRule::Overlap && end <= start)
        return; // runs over no cycle
    m_added.push_back({ start, end });
    if (countAt(start) >= m_engines)
        m_saturated.insert(start);
    if (m_rule == SaturationRule::Overlap) {
        // Every kernel start point inside the prefetch's run gains one running task.
        auto first = std::upper_bound(m_points.begin(), m_points.end(), start);
        for (auto it = first; it != m_points.end() && *it < end; ++it)
            if (countAt(*it) >= m_engines)
                m_saturated.insert(*it);
    }
}

std::optional<GapChoice> findBestGap(
    const SaturationProfile& profile, std::span<const GapOpener> openers, std::int64_t target)
{
    std::optional<GapChoice> best;
    for (std::size_t rank = 0; rank < openers.size() && openers[rank].start < target; ++rank) {
        const std::int64_t start = openers[rank].start;
        const std::uint32_t count = profile.countAt(start);
        if (count >= profile.engines())
            continue;
        const std::optional<std::int64_t> saturated = profile.nextSaturatedAfter(start);
        GapChoice choice;
        choice.rank = rank;
        choice.gapStart = start;
        choice.endsAtTarget = !saturated || target <= *saturated;
        choice.gapEnd = choice.endsAtTarget ? target : *saturated;
        choice.countAtStart = count;
        if (!best || choice.gap() > best->gap()) // ties keep the earlier opener
            best = choice;
    }
    return best;
}

MonotoneGapSweep::MonotoneGapSweep(const SaturationProfile& profile, std::span<const GapOpener> openers)
    : m_profile(profile)
    , m_openers(openers)
{
    m_saturatedGap.resize(openers.size(), -1);
    m_count.resize(openers.size(), 0);
    for (std::size_t rank = 0; rank < openers.size(); ++rank) {
        m_count[rank] = profile.countAt(openers[rank].start);
        if (auto next = profile.nextSaturatedAfter(openers[rank].start))
            m_saturatedGap[rank] = *next - openers[rank].start;
    }
}

void MonotoneGapSweep::restart()
{
    m_next = 0;
    m_targetCut.clear();
    m_pending.clear();
    m_bestSaturationCut.reset();
}

std::optional<GapChoice> MonotoneGapSweep::best(std::int64_t target)
{
    if (target < m_lastTarget)
        restart();
    m_lastTarget = target;
    auto promote = [&](std::size_t rank) {
        if (!m_bestSaturationCut || m_saturatedGap[rank] > m_saturatedGap[*m_bestSaturationCut]
            || (m_saturatedGap[rank] == m_saturatedGap[*m_bestSaturationCut] && rank < *m_bestSaturationCut))
            m_bestSaturationCut = rank;
    };
    // Admit the openers that start before the target.
    for (; m_next < m_openers.size() && m_openers[m_next].start < target; ++m_next) {
        if (m_count[m_next] >= m_profile.engines())
            continue;
        const std::int64_t gap = m_saturatedGap[m_next];
        if (gap >= 0 && m_openers[m_next].start + gap < target) {
            promote(m_next);
            continue;
        }
        m_targetCut.insert(m_next);
        if (gap >= 0)
            m_pending.emplace(m_openers[m_next].start + gap, m_next);
    }
    // Openers whose saturated point now comes before the target keep their saturation-cut gap.
    // A saturated point equal to the target gives the same gap either way; it stays target-cut.
    while (!m_pending.empty() && m_pending.begin()->first < target) {
        const std::size_t rank = m_pending.begin()->second;
        m_pending.erase(m_pending.begin());
        m_targetCut.erase(rank);
        promote(rank);
    }

    std::optional<GapChoice> best;
    auto consider = [&](std::size_t rank, bool endsAtTarget) {
        GapChoice choice;
        choice.rank = rank;
        choice.gapStart = m_openers[rank].start;
        choice.endsAtTarget = endsAtTarget;
        choice.gapEnd = endsAtTarget ? target : m_openers[rank].start + m_saturatedGap[rank];
        choice.countAtStart = m_count[rank];
        if (!best || choice.gap() > best->gap() || (choice.gap() == best->gap() && rank < best->rank))
            best = choice;
    };
    if (!m_targetCut.empty())
        consider(*m_targetCut.begin(), true); // earliest start: the longest run up to the target
    if (m_bestSaturationCut)
        consider(*m_bestSaturationCut, false);
    return best;
}

} // namespace lookahead
