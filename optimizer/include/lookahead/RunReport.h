#pragma once

/// \file The JSON report of `batch run --report` (cli.md), also exported by the GUI.

#include "lookahead/Pipeline.h"
#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lookahead {

struct RunSummary {
    const TaskGraph* before = nullptr;
    const Schedule* scheduleBefore = nullptr;
    const TaskGraph* after = nullptr;
    const Schedule* scheduleAfter = nullptr;
    const std::vector<PassRecord>* passes = nullptr;
    std::string pipeline; ///< Canonical text.
    bool specCosts = false;
};

/// Makespan before and after, per-executor utilisation, per-pass statistics and decisions (each pass
/// also lists its decisions as sentences in "decision_text", one per decision, same order), and the
/// hazards of the result. Contains no timings or paths, so it is stable enough for golden files.
nlohmann::ordered_json makeRunReport(const RunSummary& summary);

/// One decision record of a pass (PassContext::explain) as a sentence for an engineer: what was
/// done (inserted, skipped, the start test, fused, ...) to which task, kernel, group or loop, why
/// (the pass's own `detail` or `reason`), and the numbers behind it (gap and the task that opened
/// it, first use, slack, threshold). The GUI's Decisions dock and inspector and `batch run --report`
/// show this same sentence. Works for the records of every pass: fields it does not know are left
/// out, a record that is not an object gives its JSON text.
std::string decisionSentence(const nlohmann::json& record);

/// What a decision is about, for a table column: "kernel c", "group sk", "loop attn", "pair a → b",
/// the task it was made for, or empty.
std::string decisionSubject(const nlohmann::json& record);

/// The task ids a decision names, the one it is about first (the inserted task, else the first
/// use, the operator, ...), then the tasks around it (the task that opened the gap, after/before),
/// without repeats. Empty when it names none (a pass that skipped the whole graph).
std::vector<std::string> decisionTasks(const nlohmann::json& record);

/// Per-pass records in the form written to `provenance.passes`: name, options, statistics, decisions.
nlohmann::json provenanceOf(const std::vector<PassRecord>& passes);

} // namespace lookahead
