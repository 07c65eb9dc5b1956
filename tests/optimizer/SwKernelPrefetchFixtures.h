#pragma once

// The small graphs and readers the `sw-kernel-prefetch` tests share (SwKernelPrefetchTest: what
// each mode decides; SwKernelPrefetchInsertionTest: how a prefetch goes in and what it costs).

#include "lookahead/Pipeline.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

/// Compares JSON values by their text (QCOMPARE cannot print nlohmann::json).
#define JSON_COMPARE(actual, expected)                                                                                 \
    QCOMPARE(QString::fromStdString(nlohmann::json(actual).dump()),                                                    \
        QString::fromStdString(nlohmann::json(expected).dump()))

namespace lookahead::test {

/// A small graph written as format v1 JSON, with cheap instruction fetches so that the times
/// stay close to the `cycles` given (miss = 1 cycle per 64 KB).
struct GraphBuilder {
    nlohmann::json root;
    GraphBuilder(std::uint32_t units, std::uint32_t enginesPerUnit);
    GraphBuilder& kernel(const std::string& name, std::int64_t bytes = 4096);
    GraphBuilder& task(const std::string& id, const std::string& exec, std::uint32_t unit, std::int64_t cycles,
        const std::string& kernel, const std::vector<std::string>& wait, const std::vector<std::string>& update);
    TaskGraph load() const;
};

/// One pass run: the graph after it and its record, or the pipeline's error.
struct Outcome {
    bool ok = false;
    std::string error;
    TaskGraph graph;
    PassRecord record;
};

/// Runs `pipelineText` (one pass) on a copy of `input`.
Outcome runPass(const TaskGraph& input, const std::string& pipelineText, bool specCosts = true);

/// Inserted prefetches as "kernel@unit after:ID before:ID wait:[..] update:[..]", in file order.
std::vector<std::string> inserted(const TaskGraph& graph);

/// kernel → reason of the skipped decisions, "inserted" for inserted ones.
std::map<std::string, std::string> verdicts(const PassRecord& record);

/// The decision about `kernel` (null when there is none).
nlohmann::json decisionFor(const PassRecord& record, const std::string& kernel);

/// The pass statistic `name`, -1 when the pass has none of that name.
std::int64_t statistic(const PassRecord& record, const std::string& name);

using Lines = std::vector<std::string>;
using Verdicts = std::map<std::string, std::string>;

/// Start-of-schedule graph: 3 tiles × 2 SHAVEs (E = 6). A 300 K-cycle load releases b1; five
/// kernels k0..k4 wait on it (units 0,1,2,0,1). A kernel-less SHAVE task keeps unit 0 busy for
/// 200 K cycles before the load ends (for least-loaded).
TaskGraph startGraph(std::vector<std::int64_t> sizes = { 4096, 4096, 4096, 4096, 4096 });

/// Mid-schedule graph: 2 tiles × 1 SHAVE (E = 2). Kernel starts: x0 5 K (tile 0, runs to 60 K),
/// a1 10 K (tile 1), c0 + c1 110 K (saturated), e1 250 K (tile 1), k0 320 K (tile 0). The start
/// test fails (slack 5 K).
TaskGraph midGraph();

/// The start+mid pipeline without its closing brace (rows append options).
inline constexpr const char* kMid = "sw-kernel-prefetch{mode=start+mid,max-prefetches=8";

} // namespace lookahead::test
