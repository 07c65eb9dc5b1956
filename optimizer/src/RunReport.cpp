#include "lookahead/RunReport.h"

#include "lookahead/Verifier.h"

#include <cmath>

namespace lookahead {

namespace {
    using ojson = nlohmann::ordered_json;

    double rounded(double value, int digits = 4)
    {
        const double scale = std::pow(10.0, digits);
        return std::round(value * scale) / scale;
    }

    ojson statisticsJson(const PassRecord& record)
    {
        ojson stats = ojson::object();
        for (const auto& [name, value] : record.statistics)
            stats[name] = value;
        return stats;
    }
} // namespace

ojson makeRunReport(const RunSummary& s)
{
    ojson report = ojson::object();
    report["graph"] = s.after->name;
    report["pipeline"] = s.pipeline;
    report["spec_costs"] = s.specCosts;
    report["tasks_before"] = s.before->tasks.size();
    report["tasks_after"] = s.after->tasks.size();
    report["makespan_before"] = s.scheduleBefore->makespan;
    report["makespan_after"] = s.scheduleAfter->makespan;
    report["makespan_delta"] = s.scheduleAfter->makespan - s.scheduleBefore->makespan;
    report["makespan_change_percent"] = s.scheduleBefore->makespan == 0
        ? 0.0
        : rounded(100.0 * double(s.scheduleAfter->makespan - s.scheduleBefore->makespan)
            / double(s.scheduleBefore->makespan));
    report["clock_mhz"] = s.after->platform.clockMhz;
    report["makespan_after_us"] = rounded(double(s.scheduleAfter->makespan) / s.after->platform.clockMhz, 3);
    report["total_stall_before"] = s.scheduleBefore->totalStall;
    report["total_stall_after"] = s.scheduleAfter->totalStall;
    report["icache_after"] = { { "l1_hits", s.scheduleAfter->l1Hits }, { "l2_hits", s.scheduleAfter->l2Hits },
        { "misses", s.scheduleAfter->misses } };

    ojson executors = ojson::array();
    for (std::size_t e = 0; e < s.after->platform.executors.size(); ++e) {
        const ExecutorKind& kind = s.after->platform.executors[e];
        executors.push_back({ { "name", kind.name }, { "units", kind.units }, { "engines", kind.engines },
            { "busy_cycles_before", s.scheduleBefore->busyCycles[e] },
            { "busy_cycles_after", s.scheduleAfter->busyCycles[e] },
            { "utilisation_before", rounded(s.scheduleBefore->utilisation[e]) },
            { "utilisation_after", rounded(s.scheduleAfter->utilisation[e]) } });
    }
    report["executors"] = std::move(executors);

    ojson terms = ojson::object();
    for (const auto& [name, cycles] : s.scheduleAfter->termCycles)
        terms[name] = cycles;
    report["cost_terms_after"] = std::move(terms);

    ojson passes = ojson::array();
    for (const PassRecord& record : *s.passes) {
        ojson p = ojson::object();
        p["name"] = record.name;
        p["text"] = record.text;
        p["statistics"] = statisticsJson(record);
        p["decisions"] = ojson::parse(record.decisions.dump());
        ojson sentences = ojson::array();
        for (const auto& decision : record.decisions)
            sentences.push_back(decisionSentence(decision));
        p["decision_text"] = std::move(sentences);
        p["warnings"] = record.warnings;
        p["tasks_after"] = record.tasksAfter;
        ojson verification = ojson::object();
        verification["lost_dependencies"] = record.verification.lostDependencies;
        ojson hazards = ojson::array();
        for (const Hazard& h : record.verification.hazards)
            hazards.push_back(h.explanation);
        verification["new_hazards"] = std::move(hazards);
        p["verification"] = std::move(verification);
        passes.push_back(std::move(p));
    }
    report["passes"] = std::move(passes);

    ojson hazards = ojson::array();
    for (const Hazard& h : Verifier::findHazards(*s.after))
        hazards.push_back({ { "buffer", h.buffer }, { "first", s.after->taskId(h.first) },
            { "second", s.after->taskId(h.second) }, { "kind", h.kind }, { "explanation", h.explanation } });
    report["hazards"] = std::move(hazards);
    return report;
}

nlohmann::json provenanceOf(const std::vector<PassRecord>& passes)
{
    nlohmann::json list = nlohmann::json::array();
    for (const PassRecord& record : passes) {
        nlohmann::json entry;
        entry["name"] = record.name;
        entry["options"] = record.options;
        nlohmann::json stats = nlohmann::json::object();
        for (const auto& [name, value] : record.statistics)
            stats[name] = value;
        entry["statistics"] = std::move(stats);
        if (!record.decisions.empty())
            entry["decisions"] = record.decisions;
        list.push_back(std::move(entry));
    }
    return list;
}

} // namespace lookahead
