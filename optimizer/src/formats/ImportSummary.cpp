// The import summary as text (batch import, the GUI's import dialog) and JSON (`--summary`).

#include "lookahead/InputOpener.h"

#include <cstdio>

namespace lookahead {

std::size_t ImportSummary::droppedCount() const
{
    std::size_t count = 0;
    for (const auto& [reason, n] : droppedByReason)
        count += n;
    return count;
}

std::string ImportSummary::toText() const
{
    char clock[64];
    std::snprintf(clock, sizeof clock, "%g", clockMhz);
    std::string text = "producer: " + producer + " (" + producerName + ")\nreader: " + reader + (gzip ? " (gzip)" : "")
        + "\nclock: " + clock + " MHz ("
        + (clockAssumed() ? std::string("assumed: the recording has no clock; 1 cycle = 1 ns") : clockSource) + ")\n";
    text += "platform: " + platform + "\nevents: " + std::to_string(events);
    std::string phases;
    for (const auto& [phase, count] : eventsByPhase)
        phases += (phases.empty() ? "" : ", ") + phase + " " + std::to_string(count);
    if (!phases.empty())
        text += " (" + phases + ")";
    text += "\ntasks: " + std::to_string(tasks) + "\ndependencies: " + std::to_string(flowDependencies)
        + " from flows, " + std::to_string(laneDependencies) + " from lane order, " + std::to_string(inferredBarriers)
        + " inferred barriers (" + std::to_string(inferredWaits) + " waits), " + std::to_string(callDependencies)
        + " from call frames, " + std::to_string(hostWaits)
        + " host waits on the device\ndelayed: " + std::to_string(delayedTasks)
        + " tasks start later than their dependencies explain (the rest is their delay)\n";
    text += "flows not dependencies: " + std::to_string(flowsNotDependenciesCount) + "\n";
    for (const FlowNotDependency& flow : flowsNotDependencies)
        text += "  " + flow.pointer + ": " + flow.reason + "\n";
    if (flowsNotDependenciesCount > flowsNotDependencies.size())
        text += "  (" + std::to_string(flowsNotDependenciesCount - flowsNotDependencies.size()) + " more not listed)\n";
    text += "lanes not imported: " + std::to_string(lanesNotImported.size()) + "\n";
    for (const LaneNotImported& lane : lanesNotImported)
        text += "  " + lane.lane + ": " + lane.reason + " (" + std::to_string(lane.events) + " events)\n";
    text += "not tasks: " + std::to_string(droppedCount()) + "\n";
    for (const auto& [reason, count] : droppedByReason)
        text += "  " + std::to_string(count) + " × " + reason + "\n";
    for (const DroppedEvent& d : dropped)
        text += "  " + d.pointer + ": " + d.reason + "\n";
    for (const std::string& leniency : leniencies)
        text += "lenient: " + leniency + "\n";
    for (const std::string& note : notes)
        text += "note: " + note + "\n";
    if (!costTermsOff.empty()) {
        text += "cost terms off for the replay:";
        for (const std::string& term : costTermsOff)
            text += " " + term;
        text += " (" + costTermsNote + ")\n";
    }
    return text;
}

nlohmann::ordered_json ImportSummary::toJson() const
{
    nlohmann::ordered_json out;
    out["producer"] = producer;
    out["producer_name"] = producerName;
    out["reader"] = reader;
    out["gzip"] = gzip;
    out["clock_mhz"] = clockMhz;
    out["clock_source"] = clockSource;
    out["clock_assumed"] = clockAssumed();
    out["platform"] = platform;
    out["events"] = events;
    out["events_by_phase"] = eventsByPhase;
    out["tasks"] = tasks;
    out["flow_dependencies"] = flowDependencies;
    out["lane_dependencies"] = laneDependencies;
    out["inferred_barriers"] = inferredBarriers;
    out["inferred_waits"] = inferredWaits;
    out["call_dependencies"] = callDependencies;
    out["host_waits"] = hostWaits;
    out["delayed_tasks"] = delayedTasks;
    out["flows_not_dependencies_count"] = flowsNotDependenciesCount;
    out["flows_not_dependencies"] = nlohmann::ordered_json::array();
    for (const FlowNotDependency& flow : flowsNotDependencies)
        out["flows_not_dependencies"].push_back({ { "pointer", flow.pointer }, { "reason", flow.reason } });
    out["lanes_not_imported"] = nlohmann::ordered_json::array();
    for (const LaneNotImported& lane : lanesNotImported)
        out["lanes_not_imported"].push_back(
            { { "lane", lane.lane }, { "reason", lane.reason }, { "events", lane.events } });
    out["dropped_by_reason"] = droppedByReason;
    out["dropped"] = nlohmann::ordered_json::array();
    for (const DroppedEvent& d : dropped)
        out["dropped"].push_back({ { "event", d.eventIndex }, { "pointer", d.pointer }, { "reason", d.reason } });
    out["leniencies"] = leniencies;
    out["notes"] = notes;
    out["cost_terms_off"] = costTermsOff;
    out["cost_terms_note"] = costTermsNote;
    return out;
}

} // namespace lookahead
