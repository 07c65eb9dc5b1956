#include "lookahead/Sweep.h"

#include "lookahead/Csv.h"
#include "lookahead/Rerun.h"

#include <algorithm>
#include <charconv>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace lookahead {

namespace {

    Error varyError(std::string message) { return Error { "", "--vary", std::move(message) }; }

    /// The last occurrence of `passName` in `pipeline` (the one that is varied), or nullptr.
    Pass* variedPass(Pipeline& pipeline, const std::string& passName)
    {
        Pass* target = nullptr;
        for (const auto& pass : pipeline.passes)
            if (pass->name() == passName)
                target = pass.get();
        return target;
    }

    /// Parses `pipelineText` and sets the varied option to `value`.
    Result<Pipeline> pipelineFor(
        const std::string& pipelineText, const SweepVariation& variation, const std::string& value)
    {
        Result<Pipeline> pipeline = Pipeline::parse(pipelineText);
        if (!pipeline.ok())
            return pipeline.error();
        Pass* target = variedPass(pipeline.value(), variation.pass);
        if (!target)
            return varyError("unknown pass \"" + variation.pass + "\"");
        OptionBase* option = target->findOption(variation.option);
        if (!option)
            return varyError("pass \"" + variation.pass + "\" has no option \"" + variation.option + "\"");
        OptionText text;
        text.word = value;
        if (Status set = option->parse(text); !set.ok())
            return varyError(set.error().toString());
        return pipeline;
    }

} // namespace

Result<std::vector<std::string>> integerSweepValues(std::int64_t from, std::int64_t to, std::int64_t step)
{
    const std::string range = std::to_string(from) + ":" + std::to_string(to) + ":" + std::to_string(step);
    if (step <= 0 || to < from)
        return varyError("expected FROM:TO:STEP with FROM ≤ TO and STEP > 0, got \"" + range + "\"");
    // TO - FROM can exceed INT64_MAX (-9e18:9e18): count in unsigned, where it is exact for TO ≥ FROM.
    const std::uint64_t span = static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from);
    const std::uint64_t last = span / static_cast<std::uint64_t>(step);
    if (last >= 10000)
        return varyError("more than 10000 values in \"" + range + "\"");
    std::vector<std::string> values;
    for (std::uint64_t i = 0; i <= last; ++i) // FROM + i × STEP ≤ TO, so the wrap-around sum is exact
        values.push_back(std::to_string(
            static_cast<std::int64_t>(static_cast<std::uint64_t>(from) + i * static_cast<std::uint64_t>(step))));
    return values;
}

Result<SweepVariation> parseSweepVariation(std::string_view specView)
{
    const std::string spec(specView);
    const auto dot = spec.find('.');
    const auto eq = spec.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot > eq)
        return varyError("expected PASS.OPTION=FROM:TO:STEP or PASS.OPTION={a,b,c}, got \"" + spec + "\"");
    SweepVariation v { spec.substr(0, dot), spec.substr(dot + 1, eq - dot - 1), {} };
    const std::string range = spec.substr(eq + 1);
    if (range.size() >= 2 && range.front() == '{' && range.back() == '}') {
        std::stringstream items(range.substr(1, range.size() - 2));
        for (std::string item; std::getline(items, item, ',');)
            if (!item.empty())
                v.values.push_back(item);
    } else {
        std::int64_t bounds[3] = {};
        std::stringstream parts(range);
        std::string part;
        int count = 0;
        while (std::getline(parts, part, ':')) {
            if (count == 3)
                break;
            auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), bounds[count]);
            if (ec != std::errc() || ptr != part.data() + part.size())
                return varyError("\"" + part + "\" is not an integer in \"" + spec + "\"");
            ++count;
        }
        if (count != 3 || bounds[2] <= 0 || bounds[1] < bounds[0])
            return varyError("expected FROM:TO:STEP with FROM ≤ TO and STEP > 0, got \"" + range + "\"");
        Result<std::vector<std::string>> values = integerSweepValues(bounds[0], bounds[1], bounds[2]);
        if (!values.ok())
            return values.error();
        v.values = std::move(values).value();
    }
    if (v.values.empty())
        return varyError("no values in \"" + spec + "\"");
    return v;
}

Result<std::string> checkSweep(const SweepVariation& variation, const std::string& pipeline)
{
    Result<Pipeline> probe = Pipeline::parse(pipeline);
    if (!probe.ok())
        return probe.error();
    std::string text = pipeline;
    if (!variedPass(probe.value(), variation.pass)) {
        if (!PassRegistry::global().create(variation.pass))
            return varyError("unknown pass \"" + variation.pass + "\"");
        text += (text.empty() ? "" : ",") + variation.pass;
    }
    if (variation.values.empty())
        return varyError("no values");
    for (const std::string& value : variation.values) {
        Result<Pipeline> checked = pipelineFor(text, variation, value);
        if (!checked.ok())
            return checked.error();
    }
    return text;
}

namespace {

    /// One point: the pipeline with the varied option set to `value`, rerun on `input`.
    Result<SweepPoint> sweepPoint(const TaskGraph& input, const SweepVariation& variation,
        const std::string& pipelineText, const std::string& value, const RerunOptions& options)
    {
        Result<Pipeline> pipeline = pipelineFor(pipelineText, variation, value);
        if (!pipeline.ok())
            return pipeline.error();
        Result<RerunOutcome> outcome = rerun(input, pipeline.value(), options);
        if (!outcome.ok()) {
            Error error = outcome.error();
            if (error.where != kAfterThePipeline)
                error.message += " (at " + variation.pass + "." + variation.option + "=" + value + ")";
            return error;
        }
        SweepPoint point;
        point.value = value;
        point.makespan = outcome.value().schedule->makespan;
        point.totalStall = outcome.value().schedule->totalStall;
        point.insertedTasks = outcome.value().insertedTasks;
        point.statistics = outcome.value().statistics();
        return point;
    }

    /// Computes `count` points on up to `jobs` threads (the calling thread is one of them) and
    /// hands each finished point to `deliver` in index order, under a lock. Points are taken in
    /// index order, so when point i fails every point before it has been started: they finish, no
    /// point after i starts, and the error returned is the lowest failing index's, as in a serial
    /// run. Nothing is delivered once `cancel` is set.
    class OrderedPointRunner {
    public:
        using Compute = std::function<Result<SweepPoint>(std::size_t)>;
        using Deliver = std::function<void(std::size_t, const SweepPoint&)>;

        OrderedPointRunner(std::size_t count, const std::atomic<bool>* cancel, Compute compute, Deliver deliver)
            : m_slots(count)
            , m_cancel(cancel)
            , m_compute(std::move(compute))
            , m_deliver(std::move(deliver))
        {
        }

        /// The points in index order, or the first error (by index).
        Result<std::vector<SweepPoint>> run(unsigned jobs)
        {
            const std::size_t threads = std::max<std::size_t>(1, std::min<std::size_t>(jobs, m_slots.size()));
            std::vector<std::thread> helpers;
            for (std::size_t t = 1; t < threads; ++t)
                helpers.emplace_back([this] { work(); });
            work();
            for (std::thread& helper : helpers)
                helper.join();
            if (cancelled())
                return Error { "", "", "cancelled" };
            std::vector<SweepPoint> points;
            points.reserve(m_slots.size());
            for (auto& slot : m_slots) {
                if (!slot->ok())
                    return slot->error();
                points.push_back(std::move(*slot).value());
            }
            return points;
        }

    private:
        bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }

        void work()
        {
            for (;;) {
                const std::size_t i = m_next.fetch_add(1);
                if (i >= m_slots.size() || i > m_firstFailure.load() || cancelled())
                    return;
                Result<SweepPoint> point = m_compute(i);
                std::lock_guard lock(m_mutex);
                if (!point.ok())
                    m_firstFailure = std::min(m_firstFailure.load(), i);
                m_slots[i].emplace(std::move(point));
                while (m_delivered < m_slots.size() && m_slots[m_delivered] && m_slots[m_delivered]->ok()
                    && !cancelled()) {
                    m_deliver(m_delivered, m_slots[m_delivered]->value());
                    ++m_delivered;
                }
            }
        }

        std::vector<std::optional<Result<SweepPoint>>> m_slots;
        const std::atomic<bool>* m_cancel;
        Compute m_compute;
        Deliver m_deliver;
        std::atomic<std::size_t> m_next { 0 };
        std::atomic<std::size_t> m_firstFailure { SIZE_MAX };
        std::mutex m_mutex; ///< Guards m_slots and m_delivered.
        std::size_t m_delivered = 0;
    };

    std::vector<std::string> statisticColumnsOf(const Pipeline& pipeline)
    {
        std::vector<std::string> columns;
        for (const auto& pass : pipeline.passes)
            for (const Statistic* statistic : pass->statistics())
                columns.push_back(std::string(pass->name()) + "." + std::string(statistic->name()));
        return columns;
    }

} // namespace

Result<SweepShard> parseSweepShard(std::string_view text)
{
    auto error = [&] {
        return Error { "", "--shard", "expected K/N with 1 ≤ K ≤ N ≤ 100000, got \"" + std::string(text) + "\"" };
    };
    const auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return error();
    SweepShard shard;
    const std::string_view index = text.substr(0, slash), count = text.substr(slash + 1);
    auto [indexEnd, indexError] = std::from_chars(index.data(), index.data() + index.size(), shard.index);
    auto [countEnd, countError] = std::from_chars(count.data(), count.data() + count.size(), shard.count);
    if (indexError != std::errc() || countError != std::errc() || indexEnd != index.data() + index.size()
        || countEnd != count.data() + count.size() || shard.index < 1 || shard.index > shard.count
        || shard.count > 100000)
        return error();
    return shard;
}

std::pair<std::size_t, std::size_t> shardRange(const SweepShard& shard, std::size_t total)
{
    return { (shard.index - 1) * total / shard.count, shard.index * total / shard.count };
}

Result<SweepResult> runSweep(const TaskGraph& input, const SweepVariation& variation, const SweepOptions& options)
{
    Result<std::string> pipelineText = checkSweep(variation, options.pipeline);
    if (!pipelineText.ok())
        return pipelineText.error();
    SweepResult result;
    result.variation = variation;
    result.pipeline = pipelineText.value();
    result.statisticColumns
        = statisticColumnsOf(pipelineFor(result.pipeline, variation, variation.values.front()).value());

    auto baseline = simulate(input, CostModel::standard(), options.simulation);
    if (!baseline.ok())
        return baseline.error();
    result.baselineMakespan = baseline.value()->makespan;
    result.baselineStall = baseline.value()->totalStall;

    const unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    RerunOptions rerunOptions;
    rerunOptions.simulation = options.simulation;
    rerunOptions.verifyInputAside = jobs == 1; // more points at once keep every core busy already
    // Every point's first pass would simulate the input again under the same options.
    rerunOptions.inputSchedule = baseline.value();
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const auto shard = shardRange(options.shard, variation.values.size());
    const std::size_t first = shard.first;
    const std::size_t count = shard.second - shard.first;
    OrderedPointRunner runner(
        count, options.simulation.cancel,
        [&](std::size_t i) {
            return sweepPoint(input, variation, result.pipeline, variation.values[first + i], rerunOptions);
        },
        [&](std::size_t i, const SweepPoint& point) {
            if (options.progress)
                options.progress(i + 1, count, point);
        });
    Result<std::vector<SweepPoint>> points = runner.run(jobs);
    if (!points.ok())
        return points.error();
    result.points = std::move(points).value();
    return result;
}

Result<std::string> mergeSweepCsv(const std::vector<std::pair<std::string, std::string>>& tables)
{
    if (tables.empty())
        return Error { "", "--merge", "no tables to merge" };
    auto headerOf = [](const std::string& text) { return text.substr(0, text.find('\n')); };
    const std::string header = headerOf(tables.front().second);
    std::string merged;
    for (const auto& [label, text] : tables) {
        if (text.empty() || text.find('\n') == std::string::npos)
            return Error { label, "--merge", "not a sweep table (no header line)" };
        if (headerOf(text) != header)
            return Error { label, "--merge",
                "header differs from the one of " + tables.front().first + " (shards of different sweeps?)" };
        merged += merged.empty() ? text : text.substr(text.find('\n') + 1);
        if (merged.back() != '\n')
            merged += '\n';
    }
    return merged;
}

std::string SweepResult::toCsv() const
{
    std::string csv
        = csvField(variation.pass + "." + variation.option) + ",makespan,makespan_delta,total_stall,inserted_tasks";
    for (const std::string& column : statisticColumns)
        csv += "," + csvField(column);
    csv += "\n";
    for (const SweepPoint& point : points) {
        csv += csvField(point.value) + "," + std::to_string(point.makespan) + ","
            + std::to_string(point.makespan - baselineMakespan) + "," + std::to_string(point.totalStall) + ","
            + std::to_string(point.insertedTasks);
        for (const auto& [column, count] : point.statistics)
            csv += "," + std::to_string(count);
        csv += "\n";
    }
    return csv;
}

} // namespace lookahead
