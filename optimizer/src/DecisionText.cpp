// decisionSentence(), decisionSubject() and decisionTasks() of RunReport.h: pass decision records in words.
//
// Records are written by each pass with its own keys (passes.md); the words here follow those keys
// rather than the pass names, so a new pass that reuses them (task, kernel, gap, opened_by, slack,
// reason, detail) reads well without a change here.

#include "lookahead/RunReport.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace lookahead {

namespace {

    std::string text(const nlohmann::json& record, const char* key)
    {
        const auto it = record.find(key);
        if (it == record.end() || it->is_null())
            return {};
        if (it->is_string())
            return it->get<std::string>();
        if (it->is_array()) {
            std::string joined;
            for (const auto& item : *it)
                joined += (joined.empty() ? "" : " → ") + (item.is_string() ? item.get<std::string>() : item.dump());
            return joined;
        }
        return it->dump();
    }

} // namespace

std::string decisionSubject(const nlohmann::json& record)
{
    if (!record.is_object())
        return {};
    static constexpr std::array<std::pair<const char*, const char*>, 7> kSubjects { { { "kernel", "kernel " },
        { "operator", "operator " }, { "sync", "sync " }, { "pair", "pair " }, { "loop", "loop " },
        { "group", "group " }, { "for", "" } } };
    for (const auto& [key, noun] : kSubjects)
        if (std::string value = text(record, key); !value.empty())
            return noun + value;
    return {};
}

namespace {

    std::string head(const nlohmann::json& record, const std::string& action)
    {
        const std::string about = decisionSubject(record);
        const std::string task = text(record, "task");
        if (action == "inserted" && !task.empty()) {
            std::string sentence = "Inserted " + task;
            if (!about.empty())
                sentence += " for " + about;
            if (record.contains("unit"))
                sentence += " on unit " + text(record, "unit");
            if (std::string after = text(record, "after_task"); !after.empty())
                sentence += " after " + after;
            if (std::string before = text(record, "before_task"); !before.empty())
                sentence += ", before " + before;
            return sentence;
        }
        if (action == "test") {
            const std::string phase = text(record, "phase");
            std::string sentence = (phase.empty() ? std::string("The") : "The " + phase) + " test";
            if (record.contains("passed"))
                sentence += record["passed"] == true ? " passed" : " failed";
            return sentence;
        }
        std::string sentence = action.empty() ? std::string("Decision") : action;
        sentence[0] = char(std::toupper(static_cast<unsigned char>(sentence[0])));
        if (!about.empty())
            sentence += " " + about;
        // A reason that is a code (gap-too-small) beside a detail sentence names the rule.
        if (record.contains("detail") && !text(record, "reason").empty())
            sentence += " (" + text(record, "reason") + ")";
        return sentence;
    }

    /// The numbers behind it: "gap 100001 cycles opened by a1, first use c0 at cycle 110001, slack 5000 cycles".
    std::string numbers(const nlohmann::json& record)
    {
        std::vector<std::string> parts;
        if (std::string gap = text(record, "gap"); !gap.empty()) {
            std::string part = "gap " + gap + " cycles";
            if (std::string opener = text(record, "opened_by"); !opener.empty())
                part += " opened by " + opener;
            parts.push_back(part);
        } else if (std::string from = text(record, "interval_start"); !from.empty()) {
            std::string part = "interval " + from + "–" + text(record, "interval_end");
            if (std::string opener = text(record, "opened_by"); !opener.empty())
                part += " opened by " + opener;
            if (std::string closer = text(record, "closed_by"); !closer.empty())
                part += ", closed by " + closer;
            parts.push_back(part);
        }
        if (std::string use = text(record, "first_use"); !use.empty()) {
            std::string part = "first use " + use;
            if (std::string at = text(record, "first_use_start"); !at.empty())
                part += " at cycle " + at;
            parts.push_back(part);
        }
        static constexpr std::array<std::pair<const char*, const char*>, 7> kCycles { { { "slack", "slack " },
            { "start_threshold", "start threshold " }, { "usable", "usable " }, { "saved_cycles", "saves " },
            { "overlap", "overlap " }, { "mid_min_gap", "minimum gap " }, { "idle_min", "minimum idle " } } };
        for (const auto& [key, label] : kCycles)
            if (std::string value = text(record, key); !value.empty())
                parts.push_back(label + value + " cycles");
        std::string joined;
        for (const std::string& part : parts)
            joined += (joined.empty() ? "" : ", ") + part;
        return joined;
    }

} // namespace

std::string decisionSentence(const nlohmann::json& record)
{
    if (!record.is_object())
        return record.dump();
    std::string sentence = head(record, text(record, "action"));
    std::string why = text(record, "detail");
    if (why.empty())
        why = text(record, "reason");
    if (!why.empty())
        sentence += ": " + why;
    if (std::string behind = numbers(record); !behind.empty())
        sentence += " (" + behind + ")";
    return sentence + ".";
}

std::vector<std::string> decisionTasks(const nlohmann::json& record)
{
    std::vector<std::string> tasks;
    if (!record.is_object())
        return tasks;
    auto add = [&tasks](const nlohmann::json& value) {
        if (value.is_string() && std::find(tasks.begin(), tasks.end(), value.get<std::string>()) == tasks.end())
            tasks.push_back(value.get<std::string>());
    };
    for (const char* key : { "task", "first_use", "operator", "sync", "for", "first_task", "pair", "between",
             "opened_by", "issued-at", "after_task", "before_task", "closed_by" }) {
        const auto it = record.find(key);
        if (it == record.end())
            continue;
        if (it->is_array())
            for (const auto& item : *it)
                add(item);
        else
            add(*it);
    }
    return tasks;
}

} // namespace lookahead
