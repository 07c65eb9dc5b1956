#include "CallFrames.h"

#include <algorithm>
#include <map>

namespace lookahead::formats {

void DeviceWork::seal()
{
    std::stable_sort(m_byEnd.begin(), m_byEnd.end(),
        [](const DeviceEnd& a, const DeviceEnd& b) { return a.end != b.end ? a.end < b.end : a.event < b.event; });
}

std::optional<DeviceEnd> DeviceWork::latestWithin(std::int64_t start, std::int64_t end) const
{
    // The last task ending at or before `end`; the first of those ending at that time.
    auto it = std::upper_bound(
        m_byEnd.begin(), m_byEnd.end(), end, [](std::int64_t t, const DeviceEnd& d) { return t < d.end; });
    if (it == m_byEnd.begin())
        return std::nullopt;
    --it;
    if (it->end <= start)
        return std::nullopt;
    while (it != m_byEnd.begin() && std::prev(it)->end == it->end)
        --it;
    return *it;
}

namespace {

    /// What the children of one slice span.
    struct Children {
        bool any = false;
        std::int64_t firstStart = 0, lastEnd = 0;
    };

    /// Numbers a call stack's tasks in call order (an open piece, its callees, its return piece),
    /// the order of tasks that start and end at one instant (RecordingBuilder's program order).
    void setCallOrder(RecordingBuilder& builder, const std::vector<PlacedSlice>& slices,
        const std::vector<SliceTasks>& tasks, std::uint32_t track)
    {
        std::uint32_t next = 0;
        auto number = [&](TaskRef ref) {
            builder.task(ref).callTrack = track;
            builder.task(ref).callOrder = next++;
        };
        std::vector<std::uint32_t> open; // frames entered and not yet returned from
        for (std::uint32_t i = 0; i < slices.size(); ++i) {
            while (!open.empty() && open.back() != slices[i].parent) {
                number(tasks[open.back()].last);
                open.pop_back();
            }
            number(tasks[i].first);
            if (tasks[i].split())
                open.push_back(i);
        }
        for (; !open.empty(); open.pop_back())
            number(tasks[open.back()].last);
    }

    /// The slice of a track that ended last at or before `start` (ties: the outermost), except `self`.
    std::uint32_t endedLastBy(const std::vector<PlacedSlice>& slices, const std::vector<std::uint32_t>& byEnd,
        std::int64_t start, std::uint32_t self)
    {
        auto it = std::upper_bound(
            byEnd.begin(), byEnd.end(), start, [&](std::int64_t t, std::uint32_t i) { return t < slices[i].end; });
        std::uint32_t best = UINT32_MAX;
        while (it != byEnd.begin()) {
            --it;
            if (best != UINT32_MAX && slices[*it].end != slices[best].end)
                break;
            if (*it != self && (best == UINT32_MAX || slices[*it].start < slices[best].start))
                best = *it;
        }
        return best;
    }

    /// Per frame: its first callee after its open piece, a callee after the callee before it when
    /// that one ran on another unit (on the same unit its queue orders them already) or, when that
    /// one outlasted its start (slices that overlap without nesting), after whatever on the thread
    /// ended last before it; its return piece after the last callee of every unit.
    void addCallEdges(
        RecordingBuilder& builder, const std::vector<PlacedSlice>& slices, const std::vector<SliceTasks>& tasks)
    {
        std::vector<std::uint32_t> byEnd(slices.size());
        for (std::uint32_t i = 0; i < slices.size(); ++i)
            byEnd[i] = i;
        std::stable_sort(byEnd.begin(), byEnd.end(),
            [&](std::uint32_t a, std::uint32_t b) { return slices[a].end < slices[b].end; });
        std::vector<std::uint32_t> previousChild(slices.size(), UINT32_MAX);
        std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> lastOfUnit;
        for (std::uint32_t i = 0; i < slices.size(); ++i) {
            const std::uint32_t parent = slices[i].parent;
            if (parent == UINT32_MAX || !tasks[parent].split())
                continue;
            const std::uint32_t previous = previousChild[parent];
            if (previous == UINT32_MAX) {
                builder.addCallEdge(tasks[parent].first, tasks[i].first);
            } else if (slices[previous].end > slices[i].start) {
                if (const std::uint32_t before = endedLastBy(slices, byEnd, slices[i].start, i); before != UINT32_MAX)
                    builder.addCallEdge(tasks[before].last, tasks[i].first);
            } else if (slices[previous].unit != slices[i].unit) {
                builder.addCallEdge(tasks[previous].last, tasks[i].first);
            }
            previousChild[parent] = i;
            auto [it, inserted] = lastOfUnit.try_emplace({ parent, slices[i].unit }, i);
            if (!inserted && slices[i].end >= slices[it->second].end)
                it->second = i;
        }
        for (const auto& [key, child] : lastOfUnit)
            builder.addCallEdge(tasks[child].last, tasks[key.first].last);
    }

} // namespace

/// The innermost slice of the lane containing `ts` (else one ending there): its entry, or SIZE_MAX.
std::size_t LaneSlices::innermostAt(std::int64_t ts) const
{
    const std::vector<Entry>& entries = m_entries;
    auto it = std::upper_bound(
        entries.begin(), entries.end(), ts, [](std::int64_t t, const Entry& e) { return t < e.start; });
    std::size_t endingThere = SIZE_MAX;
    while (it != entries.begin()) {
        --it;
        if (it->end > ts)
            return static_cast<std::size_t>(it - entries.begin());
        if (it->end == ts && endingThere == SIZE_MAX)
            endingThere = static_cast<std::size_t>(it - entries.begin());
        if (it->depth == 0)
            break; // earlier top-level slices and their children ended before this one began
    }
    return endingThere;
}

/// The task of a slice at `ts`: for a frame, the piece or callee that ended last by then (a
/// producer) or that starts next (a consumer); see the file comment.
TaskRef LaneSlices::pieceAt(const RecordingBuilder& builder, std::size_t entry, std::int64_t ts, bool producer) const
{
    const std::vector<Entry>& entries = m_entries;
    const Entry& frame = entries[entry];
    if (!frame.tasks.split())
        return frame.tasks.first;
    const std::int64_t opened = builder.task(frame.tasks.first).endNs;
    if (ts < opened || (producer && ts == opened))
        return frame.tasks.first;
    if (ts >= builder.task(frame.tasks.last).startNs)
        return frame.tasks.last;
    // In a gap between callees (a callee containing `ts` would be the innermost slice).
    auto next = std::upper_bound(entries.begin() + static_cast<std::ptrdiff_t>(entry) + 1, entries.end(), ts,
        [](std::int64_t t, const Entry& e) { return t < e.start; });
    if (!producer)
        return next != entries.end() && next->depth == frame.depth + 1 ? next->tasks.first : frame.tasks.last;
    for (auto it = next; it != entries.begin() + static_cast<std::ptrdiff_t>(entry) + 1;) {
        --it;
        if (it->depth == frame.depth + 1)
            return it->tasks.last;
    }
    return frame.tasks.first;
}

TaskRef LaneSlices::producerAt(const RecordingBuilder& builder, std::int64_t ts) const
{
    const std::size_t entry = innermostAt(ts);
    return entry == SIZE_MAX ? UINT32_MAX : pieceAt(builder, entry, ts, true);
}

TaskRef LaneSlices::consumerAt(const RecordingBuilder& builder, std::int64_t ts) const
{
    const std::size_t entry = innermostAt(ts);
    return entry == SIZE_MAX ? UINT32_MAX : pieceAt(builder, entry, ts, false);
}

TaskRef LaneSlices::nextFrom(std::int64_t ts) const
{
    const std::vector<Entry>& entries = m_entries;
    auto it = std::lower_bound(
        entries.begin(), entries.end(), ts, [](const Entry& e, std::int64_t t) { return e.start < t; });
    return it == entries.end() ? UINT32_MAX : it->tasks.first;
}

std::vector<SliceTasks> addTrackTasks(RecordingBuilder& builder, const std::vector<PlacedSlice>& slices,
    const TrackModel& model, std::vector<HostWait>& hostWaits)
{
    const std::size_t n = slices.size();
    std::vector<Children> children(model.frames ? n : 0);
    if (model.frames)
        for (const PlacedSlice& slice : slices) {
            if (slice.parent == UINT32_MAX)
                continue;
            Children& c = children[slice.parent];
            c.firstStart = c.any ? std::min(c.firstStart, slice.start) : slice.start;
            c.lastEnd = c.any ? std::max(c.lastEnd, slice.end) : slice.end;
            c.any = true;
        }
    std::vector<SliceTasks> tasks(n);
    for (std::size_t i = 0; i < n; ++i) {
        const PlacedSlice& slice = slices[i];
        RecordedTask whole;
        model.task(slice, whole);
        std::optional<DeviceEnd> waited;
        if (model.frames && model.waited)
            waited = model.waited(slice);
        if (waited && children[i].any && waited->end <= children[i].lastEnd)
            waited.reset(); // the children explain the wait
        if (!model.frames || (!children[i].any && !waited)) {
            tasks[i].first = tasks[i].last = builder.addTask(whole);
            continue;
        }
        RecordedTask open = whole;
        open.endNs = children[i].any ? children[i].firstStart : slice.start;
        open.frame = FramePiece::Open;
        RecordedTask piece = whole;
        piece.name = builder.intern(std::string(builder.text(piece.name)) + " (return)");
        piece.startNs = children[i].any ? children[i].lastEnd : slice.start;
        if (waited)
            piece.startNs = std::max(piece.startNs, waited->end);
        piece.frame = FramePiece::Return;
        tasks[i].first = builder.addTask(open);
        tasks[i].last = builder.addTask(piece);
        if (waited)
            hostWaits.push_back({ waited->event, tasks[i].last });
    }
    if (model.frames) {
        setCallOrder(builder, slices, tasks, model.track);
        addCallEdges(builder, slices, tasks);
    }
    return tasks;
}

} // namespace lookahead::formats
