#pragma once

// Host call stacks as work that moves in a what-if (issue #11).
//
// Frames. A slice with nested slices on its lane (a Python frame, `ProfilerStep#N`, `aten::item`)
// is not work of a fixed length: it ends when its last callee returns, plus its own tail. So it is
// split into two pieces on its unit, both naming the event in `source` and both keyed
// `"frame": "open"` / `"frame": "return"`:
// - the open piece runs from the slice's start to its first child's start; every child unit's first
//   child depends on it (`after`);
// - the return piece runs from the last child's end (the latest end among its children) to the
//   slice's end and depends on the last child of every child unit.
// The time between children is the children's `delay` on their own unit (in order there), so
// a shorter callee moves its later siblings, its caller's return and everything after it on the
// thread. A leaf slice stays one task. Both pieces replay exactly: the open piece starts at the
// event's start, the return piece ends at the event's end (spec 9).
//
// Host waits on the device. A host slice the producer's mapper recognises as blocking until the
// device has finished work (ChromeDialect::waitsForDevice: a synchronize, a blocking copy,
// `.item()`) depends on the device task it waited for: the latest-ending device task
// (ChromeDialect::deviceWork) that ended within the slice, strictly after its start and at or
// before its end, on any device lane of the recording. Its return piece then starts at that task's
// end (or at its last child's end, when later: the children explain the wait), and a leaf wait gets
// a zero-length open piece at its start. These dependencies are inferred, and counted in the
// summary as host waits on the device.
//
// Limits: the trace rarely names the stream a wait was for (CUDA runtime calls and `.item()` do
// not), so the rule takes every device lane: a stream-level wait in a run with several busy streams
// may be tied to a task of another stream that happened to end within it, and then waits for it
// in a what-if too (never earlier than the recording, since that task did end before the host
// returned). Work another host thread queued during the wait is treated the same way. A wait whose
// device work ended before the call (nothing to wait for) gets no dependency and keeps its length.

#include "../RecordingBuilder.h"

#include <functional>
#include <optional>
#include <vector>

namespace lookahead::formats {

/// One slice of a track as placed on its unit, in start order (an enclosing slice before its children).
struct PlacedSlice {
    std::uint32_t event = 0;
    std::int64_t start = 0, end = 0;
    std::uint32_t unit = 0;
    std::uint32_t parent = UINT32_MAX; ///< The enclosing slice (its index in the track), or none.
    std::string_view name;
};

/// The tasks a slice became: one task, or the two pieces of a frame.
struct SliceTasks {
    TaskRef first = UINT32_MAX; ///< Starts at the slice's recorded start (a frame's open piece).
    TaskRef last = UINT32_MAX;  ///< Ends at the slice's recorded end (a frame's return piece).
    bool split() const { return first != last; }
};

/// A device task a host wait may have waited for.
struct DeviceEnd {
    std::int64_t end = 0;
    std::uint32_t event = 0;
};

/// The device work of a recording by end time.
class DeviceWork {
public:
    void add(std::int64_t end, std::uint32_t event) { m_byEnd.push_back({ end, event }); }
    /// Sorts; call once after the last add().
    void seal();
    bool empty() const { return m_byEnd.empty(); }
    /// The device task with the latest end in (start, end] (ties: the first event), if any.
    std::optional<DeviceEnd> latestWithin(std::int64_t start, std::int64_t end) const;

private:
    std::vector<DeviceEnd> m_byEnd;
};

/// How one track's slices become tasks.
struct TrackModel {
    bool frames = false;     ///< Split frames (a call stack lane); otherwise every slice is one task.
    std::uint32_t track = 0; ///< Tells call stacks apart (RecordedTask::callTrack).
    /// Fills in the task of a whole slice (name, kind, unit, role, times).
    std::function<void(const PlacedSlice&, RecordedTask&)> task;
    /// For a host wait: the device task it waited for (DeviceWork::latestWithin); unset: no waits.
    std::function<std::optional<DeviceEnd>(const PlacedSlice&)> waited;
};

/// A host wait found: the return piece depends on the device event's last task.
struct HostWait {
    std::uint32_t deviceEvent = 0;
    TaskRef returnPiece = 0;
};

/// Adds a track's slices (sorted by start, enclosing first) as tasks, frames as pieces with their
/// call edges (RecordingBuilder::addCallEdge). Returns each slice's tasks; appends host waits.
std::vector<SliceTasks> addTrackTasks(RecordingBuilder& builder, const std::vector<PlacedSlice>& slices,
    const TrackModel& model, std::vector<HostWait>& hostWaits);

/// A thread lane's slices by start (an enclosing slice before its children), as flows find them:
/// the innermost slice at a flow step's timestamp, and within a frame the piece or callee that
/// ended last by then (a producer) or that starts next (a consumer).
class LaneSlices {
public:
    struct Entry {
        std::int64_t start = 0, end = 0;
        std::size_t depth = 0;
        SliceTasks tasks;
    };
    void add(const Entry& entry) { m_entries.push_back(entry); }
    bool empty() const { return m_entries.empty(); }
    /// The task a flow emitted at `ts` leaves from, or UINT32_MAX.
    TaskRef producerAt(const RecordingBuilder& builder, std::int64_t ts) const;
    /// The task a flow arriving at `ts` (enclosing binding) goes to, or UINT32_MAX.
    TaskRef consumerAt(const RecordingBuilder& builder, std::int64_t ts) const;
    /// The first task of the first slice starting at or after `ts`, or UINT32_MAX.
    TaskRef nextFrom(std::int64_t ts) const;

private:
    std::size_t innermostAt(std::int64_t ts) const;
    TaskRef pieceAt(const RecordingBuilder& builder, std::size_t entry, std::int64_t ts, bool producer) const;
    std::vector<Entry> m_entries;
};

} // namespace lookahead::formats
