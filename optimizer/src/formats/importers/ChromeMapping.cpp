// The common mapping of Chrome trace events (see RecordingMapper.h).
//
// Nesting: a lane's slices nested in another slice go to a unit of their own per depth
// (`thread / depth 1`), so that every unit is one in-order queue of non-overlapping tasks and the
// replay is exact; slices that overlap without nesting (bad data) get a further unit
// (`... / overlap 2`). On a thread lane (a call stack) an enclosing slice is a frame: an open and a
// return piece, so that it ends when its last callee returns plus its own tail, and a host slice
// that waits for the device depends on the device task it waited for (CallFrames.h). Async tracks
// and fixed units (NPU tiles) keep every slice as one task.
//
// Flows bind to the point in time they were emitted: an `s`/`t` step (and an `f` with `"bp":"e"`)
// to the innermost slice of its thread that contains its timestamp, an `f` without `bp` to the
// next slice starting at or after it. A Kineto `ac2g` flow thus makes the GPU kernel depend on its
// `cudaLaunchKernel` call, not on the `ProfilerStep#N` around it. Within a frame, a flow leaves from
// the piece or callee that ended last at its timestamp (the open piece before the first callee,
// the callee before the gap it was emitted in, the return piece) and arrives at the piece or
// callee that starts next.

#include "CallFrames.h"
#include "RecordingMapper.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace lookahead::formats {

namespace {

    struct Slice {
        std::uint32_t event = 0; ///< The `X`, or the `B` of a pair.
        LaneId lane = 0;
        std::int64_t start = 0, end = 0;
        std::string_view name;
    };

    /// Numeric order for texts that are numbers, then text order.
    bool keyLess(const std::string& a, const std::string& b)
    {
        char *endA = nullptr, *endB = nullptr;
        const double na = std::strtod(a.c_str(), &endA), nb = std::strtod(b.c_str(), &endB);
        const bool numA = !a.empty() && *endA == '\0', numB = !b.empty() && *endB == '\0';
        if (numA != numB)
            return numA;
        if (numA && na != nb)
            return na < nb;
        return a < b;
    }

    class ChromeMapping {
    public:
        ChromeMapping(const TraceDocument& doc, RecordingBuilder& builder, const ChromeDialect& dialect)
            : m_doc(doc)
            , m_builder(builder)
            , m_dialect(dialect)
            , m_tasksOfEvent(doc.events.size())
            , m_laneTasks(doc.lanes.size())
            , m_laneExcluded(doc.lanes.size())
            , m_laneReason(doc.lanes.size())
        {
        }

        void run();

    private:
        void drop(std::uint32_t event, const std::string& reason)
        {
            m_builder.drop(event, reason);
            // An element of the event array that is not an object has no lane (its `lane` is only a
            // default): it must not name a reason for lane 0, which may not even exist.
            if (m_doc.events[event].phase != 0)
                m_laneReason[m_doc.events[event].lane] = reason;
        }
        std::string kindOf(LaneId lane);
        void collect();
        void matchBeginEnd(std::vector<std::uint32_t>& begins, std::vector<std::uint32_t>& ends);
        void matchAsync();
        void placeSlices(std::vector<Slice>& slices, std::uint16_t kind, const std::string& laneBase, bool track,
            int fixedUnit = -1);
        TrackModel trackModel(LaneId lane, std::uint16_t kind, bool track, int fixedUnit);
        void findDeviceWork();
        TaskRef producerAt(LaneId lane, std::int64_t ts) const { return m_laneTasks[lane].producerAt(m_builder, ts); }
        TaskRef consumerAt(LaneId lane, std::int64_t ts) const { return m_laneTasks[lane].consumerAt(m_builder, ts); }
        TaskRef nextFrom(LaneId lane, std::int64_t ts) const { return m_laneTasks[lane].nextFrom(ts); }
        void bindFlowsV1();
        void bindFlowsV2();
        void reportLanes();

        const TraceDocument& m_doc;
        RecordingBuilder& m_builder;
        const ChromeDialect& m_dialect;
        std::vector<SliceTasks> m_tasksOfEvent;
        std::vector<LaneSlices> m_laneTasks;
        DeviceWork m_deviceWork;
        std::vector<HostWait> m_hostWaits;
        std::vector<std::string> m_laneExcluded;
        std::vector<std::string> m_laneReason; ///< The last reason an event of the lane was dropped for.
        std::map<LaneId, std::vector<Slice>> m_slices;
        std::vector<std::uint32_t> m_flowSteps, m_asyncEvents;
        std::map<std::uint32_t, std::string> m_kindOfProcess;
        std::map<std::string, std::uint32_t> m_kindUsers;
        std::map<std::string, std::vector<LaneId>> m_lanesOfTid; ///< Lanes with slices, by tid.
    };

    std::string ChromeMapping::kindOf(LaneId lane)
    {
        if (m_dialect.kindName)
            return m_dialect.kindName(m_doc, lane);
        const ProcessId process = m_doc.lanes[lane].process;
        auto known = m_kindOfProcess.find(process);
        if (known != m_kindOfProcess.end())
            return known->second;
        // Processes with the same name (Kineto's CPU and GPU processes) are told apart by their labels.
        const ProcessInfo& info = m_doc.processes[process];
        std::string base = m_doc.processName(process);
        std::size_t sameName = 0;
        for (ProcessId other = 0; other < m_doc.processes.size(); ++other)
            sameName += m_doc.processName(other) == base;
        if (sameName > 1 && !info.labels.empty() && info.labels != base)
            base += " (" + info.labels + ")";
        std::string name = base;
        for (int n = 2; m_kindUsers.count(name); ++n)
            name = base + " (" + std::to_string(n) + ")";
        m_kindUsers[name] = process;
        m_kindOfProcess[process] = name;
        return name;
    }

    void ChromeMapping::collect()
    {
        std::vector<std::uint32_t> begins, ends;
        for (const TraceEvent& event : m_doc.events) {
            const std::uint32_t i = event.index;
            if (event.phase == 0) {
                drop(i, "not a JSON object");
                continue;
            }
            if (event.phase == 'M') {
                ++m_builder.summary().droppedByReason["metadata (names and orders lanes)"];
                continue;
            }
            if (!m_laneExcluded[event.lane].empty()) {
                drop(i, "on a lane that is not work: " + m_laneExcluded[event.lane]);
                continue;
            }
            switch (event.phase) {
            case '?':
                drop(i, "no \"ph\" (phase)");
                continue;
            case 'i':
            case 'I':
            case 'R':
                drop(i, "instant event: a mark, not work");
                continue;
            case 'C':
                drop(i, "counter sample: not work");
                continue;
            case 's':
            case 't':
            case 'f':
                if (!event.hasTs)
                    drop(i, "no numeric \"ts\"");
                else if (event.id.empty() && m_doc.bindId(event).empty())
                    drop(i, "flow event without \"id\"");
                else
                    m_flowSteps.push_back(i);
                continue;
            case 'b':
            case 'e':
            case 'n':
            case 'S':
            case 'F':
                if (!event.hasTs)
                    drop(i, "no numeric \"ts\"");
                else
                    m_asyncEvents.push_back(i);
                continue;
            case 'X':
            case 'B':
            case 'E':
                break;
            default:
                drop(i, std::string("unsupported phase \"") + event.phase + "\"");
                continue;
            }
            if (!event.hasTs) {
                drop(i, "no numeric \"ts\"");
                continue;
            }
            if (m_dialect.eventExcluded) {
                if (std::string why = m_dialect.eventExcluded(m_doc, event); !why.empty()) {
                    drop(i, why);
                    continue;
                }
            }
            if (event.phase == 'B') {
                begins.push_back(i);
            } else if (event.phase == 'E') {
                ends.push_back(i);
            } else if (!event.hasDur) {
                drop(i, "complete event without a numeric \"dur\"");
            } else if (event.durNs < 0) {
                drop(i, "negative duration");
            } else {
                m_slices[event.lane].push_back(
                    { i, event.lane, event.tsNs, event.tsNs + event.durNs, m_doc.name(event) });
            }
        }
        matchBeginEnd(begins, ends);
    }

    /// `B`/`E` pairs per thread, innermost first, in time order whatever the file order.
    void ChromeMapping::matchBeginEnd(std::vector<std::uint32_t>& begins, std::vector<std::uint32_t>& ends)
    {
        std::map<LaneId, std::vector<std::uint32_t>> byLane;
        for (std::uint32_t i : begins)
            byLane[m_doc.events[i].lane].push_back(i);
        for (std::uint32_t i : ends)
            byLane[m_doc.events[i].lane].push_back(i);
        bool unsorted = false;
        for (auto& [lane, indices] : byLane) {
            std::sort(indices.begin(), indices.end());
            for (std::size_t k = 1; k < indices.size(); ++k)
                unsorted = unsorted || m_doc.events[indices[k]].tsNs < m_doc.events[indices[k - 1]].tsNs;
            std::stable_sort(indices.begin(), indices.end(),
                [&](std::uint32_t a, std::uint32_t b) { return m_doc.events[a].tsNs < m_doc.events[b].tsNs; });
            std::vector<std::uint32_t> open;
            for (std::uint32_t i : indices) {
                const TraceEvent& event = m_doc.events[i];
                if (event.phase == 'B') {
                    open.push_back(i);
                    continue;
                }
                if (open.empty()) {
                    drop(i, "\"E\" without a matching \"B\" on its thread");
                    continue;
                }
                const TraceEvent& begin = m_doc.events[open.back()];
                open.pop_back();
                m_slices[lane].push_back(
                    { begin.index, lane, begin.tsNs, event.tsNs, m_doc.name(begin.name.empty() ? event : begin) });
                ++m_builder.summary().droppedByReason["\"E\" (ends the span of its \"B\")"];
            }
            for (std::uint32_t i : open)
                drop(i, "\"B\" never ended by an \"E\" on its thread");
        }
        if (unsorted)
            m_builder.lenient("events were not sorted by time on their thread; they were sorted");
    }

    /// How a track's slices become tasks: frames and host waits on thread lanes (CallFrames.h).
    TrackModel ChromeMapping::trackModel(LaneId lane, std::uint16_t kind, bool track, int fixedUnit)
    {
        TrackModel model;
        model.frames = track && fixedUnit < 0 && (!m_dialect.callStack || m_dialect.callStack(m_doc, lane));
        model.track = lane;
        model.task = [this, kind](const PlacedSlice& slice, RecordedTask& task) {
            const TraceEvent& event = m_doc.events[slice.event];
            task.event = slice.event;
            task.kind = kind;
            task.unit = slice.unit;
            task.startNs = slice.start;
            task.endNs = slice.end;
            task.name = m_builder.intern(slice.name);
            if (m_dialect.role)
                task.role = m_dialect.role(m_doc, event);
        };
        if (model.frames && m_dialect.waitsForDevice && !m_deviceWork.empty())
            model.waited = [this](const PlacedSlice& slice) -> std::optional<DeviceEnd> {
                if (!m_dialect.waitsForDevice(m_doc, m_doc.events[slice.event]))
                    return std::nullopt;
                return m_deviceWork.latestWithin(slice.start, slice.end);
            };
        return model;
    }

    /// Places one track's slices on units by nesting depth (and overlap), and adds them as tasks.
    void ChromeMapping::placeSlices(
        std::vector<Slice>& slices, std::uint16_t kind, const std::string& laneBase, bool track, int fixedUnit)
    {
        std::stable_sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
            if (a.start != b.start)
                return a.start < b.start;
            if (a.end != b.end)
                return a.end > b.end; // the enclosing one first
            return a.event < b.event;
        });
        std::vector<std::uint32_t> open;                      // the enclosing slices
        std::vector<std::vector<std::int64_t>> lastEndOfRank; // per depth: per overlap rank
        std::vector<PlacedSlice> placed(slices.size());
        std::vector<std::size_t> depths(slices.size());
        bool overlapped = false;
        // Each place of the lane (depth, overlap rank) is one unit, named once: a lane has a
        // handful of places and thousands of slices.
        std::map<std::pair<std::size_t, std::size_t>, std::uint32_t> unitOfPlace;
        for (std::uint32_t i = 0; i < slices.size(); ++i) {
            const Slice& slice = slices[i];
            while (!open.empty() && slices[open.back()].end <= slice.start
                && !(slices[open.back()].end == slice.start && slice.end == slice.start))
                open.pop_back();
            // A slice that overlaps the one before it without nesting is its sibling, not its child.
            while (!open.empty() && slices[open.back()].end < slice.end) {
                open.pop_back();
                overlapped = true;
            }
            const std::size_t depth = open.size();
            placed[i] = { slice.event, slice.start, slice.end, 0, open.empty() ? UINT32_MAX : open.back(), slice.name };
            depths[i] = depth;
            open.push_back(i);
            if (lastEndOfRank.size() <= depth)
                lastEndOfRank.resize(depth + 1);
            std::vector<std::int64_t>& ranks = lastEndOfRank[depth];
            std::size_t rank = 0;
            while (rank < ranks.size() && ranks[rank] > slice.start)
                ++rank;
            if (rank == ranks.size())
                ranks.push_back(slice.end);
            ranks[rank] = slice.end;
            placed[i].unit = static_cast<std::uint32_t>(fixedUnit);
            if (fixedUnit < 0) {
                const auto [place, isNew] = unitOfPlace.try_emplace({ depth, rank });
                if (isNew)
                    place->second = m_builder.unit(kind,
                        laneBase + (depth > 0 ? " / depth " + std::to_string(depth) : "")
                            + (rank > 0 ? " / overlap " + std::to_string(rank + 1) : ""));
                placed[i].unit = place->second;
            }
        }
        if (slices.empty())
            return;
        if (fixedUnit >= 0)
            m_builder.nameUnit(kind, static_cast<std::uint32_t>(fixedUnit), laneBase);
        const LaneId lane = slices.front().lane;
        const std::vector<SliceTasks> tasks
            = addTrackTasks(m_builder, placed, trackModel(lane, kind, track, fixedUnit), m_hostWaits);
        for (std::size_t i = 0; i < placed.size(); ++i) {
            m_tasksOfEvent[placed[i].event] = tasks[i];
            if (track)
                m_laneTasks[lane].add({ placed[i].start, placed[i].end, depths[i], tasks[i] });
        }
        if (overlapped && fixedUnit < 0)
            m_builder.lenient("events that overlap on one thread without nesting were put on lanes of their own");
    }

    /// Async `b`/`e` (nestable: matched by category, scope and id, innermost first) and `n`
    /// instants; legacy `S`/`F` matched by category, id and name.
    void ChromeMapping::matchAsync()
    {
        std::map<std::string, std::vector<std::uint32_t>> open;
        std::map<std::pair<ProcessId, std::string>, std::vector<Slice>> tracks;
        std::vector<std::uint32_t> sorted = m_asyncEvents;
        std::stable_sort(sorted.begin(), sorted.end(),
            [&](std::uint32_t a, std::uint32_t b) { return m_doc.events[a].tsNs < m_doc.events[b].tsNs; });
        for (std::uint32_t i : sorted) {
            const TraceEvent& event = m_doc.events[i];
            const ProcessId process = m_doc.lanes[event.lane].process;
            std::string key = std::to_string(process) + '\x1f' + std::string(m_doc.cat(event)) + '\x1f'
                + std::string(m_doc.scope(event)) + '\x1f' + std::string(m_doc.id(event));
            if (event.phase == 'S' || event.phase == 'F')
                key += '\x1f' + std::string(m_doc.name(event));
            const auto trackKey
                = std::make_pair(process, std::string(event.cat.empty() ? m_doc.name(event) : m_doc.cat(event)));
            if (event.phase == 'n') {
                tracks[trackKey].push_back({ i, event.lane, event.tsNs, event.tsNs, m_doc.name(event) });
            } else if (event.phase == 'b' || event.phase == 'S') {
                open[key].push_back(i);
            } else if (auto it = open.find(key); it == open.end() || it->second.empty()) {
                drop(i, "async end without a matching begin (same category, scope and id)");
            } else {
                const TraceEvent& begin = m_doc.events[it->second.back()];
                it->second.pop_back();
                tracks[trackKey].push_back({ begin.index, event.lane, begin.tsNs, event.tsNs,
                    m_doc.name(begin.name.empty() ? event : begin) });
                ++m_builder.summary().droppedByReason["async end (ends the span of its begin)"];
            }
        }
        for (const auto& [key, begins] : open)
            for (std::uint32_t i : begins)
                drop(i, "async begin never ended");
        for (auto& [key, slices] : tracks) {
            const LaneId lane = slices.front().lane;
            const std::uint16_t kind = m_builder.kind(kindOf(lane));
            placeSlices(slices, kind, "async " + key.second, false);
        }
    }

    /// v2: a slice with `flow_in` depends on the slice carrying the same `bind_id` with `flow_out`
    /// (the only one, or else the latest one starting before it).
    void ChromeMapping::bindFlowsV2()
    {
        struct End {
            TaskRef task;
            std::int64_t ts;
            std::uint32_t event;
        };
        std::unordered_map<std::string_view, std::vector<End>> outs, ins;
        for (const TraceEvent& event : m_doc.events) {
            if (!(event.flowIn || event.flowOut) || (event.phase != 'X' && event.phase != 'B' && event.phase != 'E'))
                continue;
            std::string_view id = m_doc.bindId(event).empty() ? m_doc.id(event) : m_doc.bindId(event);
            // A flow leaves a slice where it ends and enters it where it starts.
            TaskRef out = m_tasksOfEvent[event.index].last, in = m_tasksOfEvent[event.index].first;
            if (out == UINT32_MAX && event.phase == 'E') {
                out = producerAt(event.lane, event.tsNs);
                in = consumerAt(event.lane, event.tsNs);
            }
            if (id.empty() || out == UINT32_MAX)
                continue;
            m_builder.noteFlowSeen();
            if (event.flowOut)
                outs[id].push_back({ out, event.tsNs, event.index });
            if (event.flowIn)
                ins[id].push_back({ in, event.tsNs, event.index });
        }
        for (auto& [id, destinations] : ins) {
            auto sources = outs.find(id);
            if (sources == outs.end()) {
                for (const End& d : destinations)
                    m_builder.flowNotDependency(d.event, "flow_in with a bind_id that no event starts (flow_out)");
                continue;
            }
            std::vector<End>& from = sources->second;
            std::sort(from.begin(), from.end(),
                [](const End& a, const End& b) { return a.ts != b.ts ? a.ts < b.ts : a.event < b.event; });
            for (const End& d : destinations) {
                const End* best = from.size() == 1 ? &from.front() : nullptr;
                if (!best)
                    for (const End& candidate : from)
                        if (candidate.ts < d.ts || (candidate.ts == d.ts && candidate.event < d.event))
                            best = &candidate;
                if (!best) {
                    m_builder.flowNotDependency(d.event, "flow_in before every flow_out of its bind_id");
                    continue;
                }
                m_builder.addFlow(best->task, d.task, d.event);
            }
        }
    }

    /// v1: the steps of one flow id (scoped by category) in order s, t..., f; each binds to a slice
    /// of its thread and depends on the slice the step before it bound to.
    void ChromeMapping::bindFlowsV1()
    {
        struct Step {
            std::uint32_t event;
            TaskRef in, out; ///< The task the flow arrives at, and the one the next step leaves from.
        };
        // The steps of all flows, grouped by flow (cat, scope and id) in the order of their keys:
        // their positions sorted, not the steps with their keys (a map of vectors cost an
        // allocation or two per flow, 24 k in a Kineto trace; sorting keyed steps moved a string
        // at every move).
        std::vector<std::string> keys;
        std::vector<Step> bound;
        keys.reserve(m_flowSteps.size());
        bound.reserve(m_flowSteps.size());
        if (!m_flowSteps.empty())
            m_builder.summary().droppedByReason["flow step (a dependency, not work)"] += m_flowSteps.size();
        for (std::uint32_t i : m_flowSteps) {
            const TraceEvent& event = m_doc.events[i];
            m_builder.noteFlowSeen();
            const bool enclosing = event.phase != 'f' || event.bindPoint == 'e';
            auto bind = [&](LaneId lane) -> Step {
                if (!enclosing)
                    return { i, nextFrom(lane, event.tsNs), UINT32_MAX };
                return { i, consumerAt(lane, event.tsNs), producerAt(lane, event.tsNs) };
            };
            Step step = bind(event.lane);
            if (step.in == UINT32_MAX && !enclosing)
                step = { i, consumerAt(event.lane, event.tsNs), UINT32_MAX };
            if (step.in == UINT32_MAX && m_laneTasks[event.lane].empty()) {
                // A thread without slices under this pid: the same OS thread under another pid
                // (Ascend writes the host side of host-to-device flows under a pid of its own).
                for (LaneId other : m_lanesOfTid[m_doc.lanes[event.lane].tidText])
                    if (step.in == UINT32_MAX && other != event.lane)
                        step = bind(other);
            }
            if (step.in == UINT32_MAX) {
                m_builder.flowNotDependency(i, "flow step not inside (or, for \"f\", before) any task of its thread");
                continue;
            }
            const std::string_view id = event.id.empty() ? m_doc.bindId(event) : m_doc.id(event);
            std::string key(m_doc.cat(event));
            key.append(1, '\x1f').append(m_doc.scope(event)).append(1, '\x1f').append(id);
            keys.push_back(std::move(key));
            bound.push_back(step);
        }
        // One id may be reused for several flows: each t/f belongs to the latest s at or before it.
        auto rank = [](char phase) { return phase == 's' ? 0 : phase == 't' ? 1 : 2; };
        std::vector<std::uint32_t> order(bound.size());
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            if (const int order = keys[a].compare(keys[b]); order != 0)
                return order < 0;
            const TraceEvent &x = m_doc.events[bound[a].event], &y = m_doc.events[bound[b].event];
            if (x.tsNs != y.tsNs)
                return x.tsNs < y.tsNs;
            return rank(x.phase) < rank(y.phase);
        });
        std::vector<Step> steps;
        for (std::size_t first = 0, last = 0; first < order.size(); first = last) {
            steps.clear();
            for (last = first; last < order.size() && keys[order[last]] == keys[order[first]]; ++last)
                steps.push_back(bound[order[last]]);
            const Step* previous = nullptr;
            const Step* firstStart = nullptr;
            for (const Step& step : steps)
                if (!firstStart && m_doc.events[step.event].phase == 's')
                    firstStart = &step;
            for (const Step& step : steps) {
                const char phase = m_doc.events[step.event].phase;
                if (phase == 's') {
                    previous = &step;
                    continue;
                }
                const Step* from = previous ? previous : firstStart; // a step before its start: backwards
                if (!from) {
                    m_builder.flowNotDependency(step.event, "flow step without a start (\"s\") of its id");
                    continue;
                }
                if (from->out != UINT32_MAX)
                    m_builder.addFlow(from->out, step.in, step.event);
                previous = phase == 'f' ? nullptr : &step;
            }
        }
    }

    /// The slices host waits can wait for (ChromeDialect::deviceWork).
    void ChromeMapping::findDeviceWork()
    {
        if (!m_dialect.waitsForDevice || !m_dialect.deviceWork)
            return;
        for (const auto& [lane, slices] : m_slices)
            for (const Slice& slice : slices)
                if (m_dialect.deviceWork(m_doc, m_doc.events[slice.event]))
                    m_deviceWork.add(slice.end, slice.event);
        m_deviceWork.seal();
    }

    /// Lanes that gave no task, with the reason most of their events were dropped for.
    void ChromeMapping::reportLanes()
    {
        const std::size_t lanes = m_doc.lanes.size();
        std::vector<std::size_t> events(lanes, 0), tasks(lanes, 0), counters(lanes, 0), instants(lanes, 0),
            flows(lanes, 0);
        for (const TraceEvent& event : m_doc.events) {
            if (event.phase == 'M' || event.phase == 0)
                continue;
            ++events[event.lane];
            tasks[event.lane] += m_tasksOfEvent[event.index].first != UINT32_MAX;
            counters[event.lane] += event.phase == 'C';
            instants[event.lane] += event.phase == 'i' || event.phase == 'I' || event.phase == 'R';
            flows[event.lane] += event.phase == 's' || event.phase == 't' || event.phase == 'f';
        }
        for (LaneId lane = 0; lane < lanes; ++lane) {
            if (events[lane] == 0 || tasks[lane] > 0)
                continue;
            std::string why = m_laneExcluded[lane];
            if (why.empty())
                why = counters[lane] == events[lane] ? "counters only"
                    : instants[lane] == events[lane] ? "instant marks only"
                    : flows[lane] == events[lane] ? "flow steps only (they bind to slices of the same thread elsewhere)"
                    : !m_laneReason[lane].empty() ? m_laneReason[lane]
                                                  : "no event of it became a task";
            m_builder.laneNotImported(m_doc.laneName(lane), why, events[lane]);
        }
    }

    void ChromeMapping::run()
    {
        for (LaneId lane = 0; lane < m_doc.lanes.size(); ++lane)
            if (m_dialect.laneExcluded)
                m_laneExcluded[lane] = m_dialect.laneExcluded(m_doc, lane);
        collect();
        findDeviceWork();
        // Lanes in the producer's display order: process sort index, pid, thread sort index, tid.
        std::vector<LaneId> lanes;
        for (const auto& [lane, slices] : m_slices)
            lanes.push_back(lane);
        std::stable_sort(lanes.begin(), lanes.end(), [&](LaneId a, LaneId b) {
            const LaneInfo &x = m_doc.lanes[a], &y = m_doc.lanes[b];
            const ProcessInfo &px = m_doc.processes[x.process], &py = m_doc.processes[y.process];
            if (px.sort.value_or(0) != py.sort.value_or(0))
                return px.sort.value_or(0) < py.sort.value_or(0);
            if (x.process != y.process)
                return keyLess(px.pidText, py.pidText);
            if (x.threadSort.value_or(0) != y.threadSort.value_or(0))
                return x.threadSort.value_or(0) < y.threadSort.value_or(0);
            return keyLess(x.tidText, y.tidText);
        });
        for (LaneId lane : lanes) {
            const std::string kindName = kindOf(lane);
            const std::uint16_t kind = m_builder.kind(kindName, m_dialect.tiled && m_dialect.tiled(kindName));
            std::string name
                = m_dialect.laneName ? m_dialect.laneName(m_doc, lane) : trimmed(m_doc.lanes[lane].threadName);
            if (name.empty())
                name = "tid " + m_doc.lanes[lane].tidText;
            placeSlices(m_slices[lane], kind, name, true, m_dialect.fixedUnit ? m_dialect.fixedUnit(m_doc, lane) : -1);
            m_lanesOfTid[m_doc.lanes[lane].tidText].push_back(lane);
        }
        matchAsync();
        for (const HostWait& wait : m_hostWaits)
            m_builder.addHostWait(m_tasksOfEvent[wait.deviceEvent].last, wait.returnPiece);
        bindFlowsV2();
        bindFlowsV1();
        reportLanes();
    }

} // namespace

void mapChromeEvents(const TraceDocument& doc, RecordingBuilder& builder, const ChromeDialect& dialect)
{
    ChromeMapping(doc, builder, dialect).run();
}

} // namespace lookahead::formats
