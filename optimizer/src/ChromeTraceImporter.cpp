#include "lookahead/ChromeTraceImporter.h"

#include "JsonErrors.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/Loader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <unordered_map>

namespace lookahead {

namespace {

    using json = nlohmann::json;
    using detail::lineAndColumn;
    using detail::parseErrorReason;

    /// Units (tiles, ports) and engines beyond this are taken as garbage rather than hardware.
    constexpr unsigned kMaxUnits = 4096;


    /// A number, or a string holding one ("12.5"); `fromString` says which.
    std::optional<double> readNumber(const json& value, bool& fromString)
    {
        if (value.is_number()) {
            const double v = value.get<double>();
            return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
        }
        if (value.is_string()) {
            const std::string& s = value.get_ref<const std::string&>();
            if (s.empty())
                return std::nullopt;
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (end != s.c_str() + s.size() || !std::isfinite(v))
                return std::nullopt;
            fromString = true;
            return v;
        }
        return std::nullopt;
    }

    /// pid/tid as a key: integers in decimal, strings as they are, absent as "".
    std::string idKey(const json& event, const char* key, bool& fromString)
    {
        auto it = event.find(key);
        if (it == event.end())
            return {};
        if (it->is_number_integer() || it->is_number_unsigned())
            return std::to_string(it->get<std::int64_t>());
        if (it->is_number_float()) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%g", it->get<double>());
            return buffer;
        }
        if (it->is_string()) {
            fromString = true;
            return it->get<std::string>();
        }
        return it->dump();
    }

    /// Numeric order for keys that are numbers, then text order.
    bool keyLess(const std::string& a, const std::string& b)
    {
        char* endA = nullptr;
        char* endB = nullptr;
        const double na = std::strtod(a.c_str(), &endA);
        const double nb = std::strtod(b.c_str(), &endB);
        const bool numA = !a.empty() && *endA == '\0', numB = !b.empty() && *endB == '\0';
        if (numA != numB)
            return numA;
        if (numA && na != nb)
            return na < nb;
        return a < b;
    }

    std::string lower(std::string_view text)
    {
        std::string out(text);
        for (char& c : out)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    }

    /// NPU engine kind named by a thread or process name (`DMA`, `DPU 0`, `SW / Shave`, `ActShave`,
    /// `M2I`), or by a category when `exact` (`DMA`, `DPU`, `SW`, `M2I` only); empty when none.
    std::string npuKind(std::string_view name, bool exact = false)
    {
        const std::string l = lower(name);
        if (exact) {
            if (l == "dma" || l == "dpu" || l == "m2i")
                return l == "dma" ? "DMA" : l == "dpu" ? "DPU" : "M2I";
            return l == "sw" ? "SHAVE" : std::string();
        }
        if (l.rfind("dma", 0) == 0)
            return "DMA";
        if (l.rfind("dpu", 0) == 0)
            return "DPU";
        if (l == "sw" || l.rfind("sw /", 0) == 0 || l.rfind("sw/", 0) == 0 || l.find("shave") != std::string::npos)
            return "SHAVE";
        if (l.rfind("m2i", 0) == 0)
            return "M2I";
        return {};
    }

    /// N of "Cluster (N)" / "Cluster N", or -1.
    long clusterOfProcess(std::string_view name)
    {
        const std::string l = lower(name);
        if (l.rfind("cluster", 0) != 0)
            return -1;
        std::size_t i = 7;
        while (i < l.size() && (l[i] == ' ' || l[i] == '('))
            ++i;
        if (i >= l.size() || !std::isdigit(static_cast<unsigned char>(l[i])))
            return -1;
        return std::strtol(l.c_str() + i, nullptr, 10);
    }

    /// N of a trailing `cluster_N` in an event name, or -1.
    long clusterOfName(std::string_view name)
    {
        const auto at = name.rfind("cluster_");
        if (at == std::string_view::npos || at + 8 >= name.size())
            return -1;
        for (std::size_t i = at + 8; i < name.size(); ++i)
            if (!std::isdigit(static_cast<unsigned char>(name[i])))
                return -1;
        return std::strtol(std::string(name.substr(at + 8)).c_str(), nullptr, 10);
    }

    /// Kernel of an NPU SHAVE task name (see the header).
    std::string kernelOfName(std::string_view name)
    {
        const auto question = name.find('?');
        if (question != std::string_view::npos) {
            std::string_view rest = name.substr(question + 1);
            if (rest.rfind("t_", 0) == 0) {
                rest.remove_prefix(2);
                const auto slash = rest.find('/');
                const std::string_view type = rest.substr(0, slash);
                if (!type.empty())
                    return std::string(type);
            }
            name = name.substr(0, question);
        }
        for (bool changed = true; changed;) {
            changed = false;
            for (std::string_view suffix : { "/cluster_", "_cluster_", "/tile_", "cluster_" }) {
                const auto at = name.rfind(suffix);
                if (at == std::string_view::npos || at == 0)
                    continue;
                bool digits = at + suffix.size() < name.size();
                for (std::size_t i = at + suffix.size(); i < name.size(); ++i)
                    digits = digits && std::isdigit(static_cast<unsigned char>(name[i]));
                if (digits) {
                    name = name.substr(0, at);
                    changed = true;
                }
            }
        }
        while (!name.empty() && (name.back() == '/' || name.back() == '_'))
            name.remove_suffix(1);
        return std::string(name);
    }

    /// A span of time on one thread: an `X` event or a matched `B`/`E` pair.
    struct Span {
        std::size_t eventIndex = 0; ///< Of the `X` or the `B`.
        std::string lane;           ///< pid + '\x1f' + tid.
        std::string pid, tid;
        std::string name, cat;
        double tsMicros = 0, durMicros = 0;
        const json* args = nullptr;
        // v2 flows
        std::vector<std::string> bindIds; ///< Usually one.
        bool flowIn = false, flowOut = false;
        bool anchor = false;        ///< Our exporter's zero-length dependency anchor.
        std::size_t task = SIZE_MAX; ///< Index into tasks, for top-level spans; or the enclosing task.
    };

    /// A flow v1 step.
    struct FlowStep {
        std::size_t eventIndex;
        std::string key; ///< cat + '\x1f' + id
        char phase;
        std::string lane;
        double tsMicros;
        bool enclosing; ///< `f` with bp "e", and all `s`/`t`.
    };

    struct PendingTask {
        std::size_t span; ///< Into spans.
        std::int64_t startCycles = 0;
        std::int64_t cycles = 0;
        std::string id, name, kind, role, kernel, origin;
        long unit = 0;
        std::size_t order = 0;  ///< Position in program order.
        std::vector<std::size_t> after;
    };

    class Importer {
    public:
        Importer(const std::string& fileLabel, const TraceImportOptions& options)
            : m_file(fileLabel)
            , m_options(options)
        {
        }

        Result<ImportedTrace> run(std::string_view text);

    private:
        void drop(std::size_t index, const std::string& reason)
        {
            ++m_summary.droppedByReason[reason];
            if (m_summary.dropped.size() < TraceImportSummary::kMaxListedDrops)
                m_summary.dropped.push_back({ index, pointer(index), reason });
        }
        std::string pointer(std::size_t index) const { return m_prefix + "/" + std::to_string(index); }
        void lenient(const std::string& what)
        {
            if (std::find(m_summary.leniencies.begin(), m_summary.leniencies.end(), what) == m_summary.leniencies.end())
                m_summary.leniencies.push_back(what);
        }
        /// |µs × clock| small enough to round to an integer safely.
        bool inCycleRange(double micros) const { return std::fabs(micros * m_clock) < 4.0e18; }
        Error error(std::string where, std::string message) const { return Error { m_file, std::move(where), std::move(message) }; }

        void readEvent(const json& event, std::size_t index);
        void matchBeginEnd();
        void findTopLevel();
        std::optional<Error> mapExecutors();
        void orderTasks();
        void connectFlows();
        void connectLanes();
        Result<TaskGraph> buildGraph(const std::string& graphName);

        std::string m_file;
        TraceImportOptions m_options;
        TraceImportSummary m_summary;
        std::string m_prefix;
        bool m_ours = false;
        double m_clock = 0;

        std::map<std::string, std::string> m_processNames; ///< pid → name
        std::map<std::string, std::string> m_threadNames;  ///< lane → name
        std::map<std::string, double> m_processSort, m_threadSort;
        std::vector<Span> m_spans;
        std::vector<Span> m_beginEnd; ///< `B` and `E` events, matched later (name "B"/"E" in cat slot).
        std::vector<char> m_beginEndPhase;
        std::vector<FlowStep> m_flowSteps;
        bool m_anyFlow = false;
        bool m_unsorted = false;
        std::map<std::string, double> m_lastTs; ///< Per lane, of the previous X/B/E event in the file.
        std::vector<PendingTask> m_tasks;
        std::map<std::string, std::vector<std::size_t>> m_laneTasks; ///< lane → tasks by start.
        std::set<std::pair<std::size_t, std::size_t>> m_edges;        ///< (producer, consumer)
        // executors
        struct Kind {
            bool tiled = false;
            long units = 0;
            long engines = 1;
        };
        std::map<std::string, Kind> m_kinds;
    };

    void Importer::readEvent(const json& event, std::size_t index)
    {
        if (!event.is_object()) {
            ++m_summary.eventsByPhase["?"];
            drop(index, "not a JSON object");
            return;
        }
        std::string phase = "?";
        if (auto it = event.find("ph"); it != event.end() && it->is_string())
            phase = it->get<std::string>();
        ++m_summary.eventsByPhase[phase];
        if (phase == "?") {
            drop(index, "no \"ph\" (phase)");
            return;
        }
        bool pidString = false;
        const std::string pid = idKey(event, "pid", pidString);
        const std::string tid = idKey(event, "tid", pidString);
        if (pidString)
            lenient("pid or tid given as strings were used as names");
        const std::string lane = pid + '\x1f' + tid;
        const json* args = nullptr;
        if (auto it = event.find("args"); it != event.end() && it->is_object())
            args = &*it;
        auto stringField = [&](const json* object, const char* key) -> std::string {
            if (!object)
                return {};
            auto it = object->find(key);
            return it != object->end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        const std::string name = stringField(&event, "name");

        if (phase == "M") {
            const std::string value = stringField(args, "name");
            bool fromString = false;
            std::optional<double> sortIndex;
            if (args)
                if (auto it = args->find("sort_index"); it != args->end())
                    sortIndex = readNumber(*it, fromString);
            if (fromString)
                lenient("sort indexes given as strings were read as numbers");
            if (name == "process_name" && !value.empty())
                m_processNames[pid] = value;
            else if (name == "thread_name" && !value.empty())
                m_threadNames[lane] = value;
            else if (name == "process_sort_index" && sortIndex)
                m_processSort[pid] = *sortIndex;
            else if (name == "thread_sort_index" && sortIndex)
                m_threadSort[lane] = *sortIndex;
            else
                drop(index, "metadata other than process/thread names and sort indexes");
            return;
        }
        if (phase == "i" || phase == "I") {
            drop(index, "instant event: a mark, not work");
            return;
        }
        if (phase == "C") {
            drop(index, "counter sample: not work");
            return;
        }
        const bool isFlowV1 = phase == "s" || phase == "t" || phase == "f";
        if (phase != "X" && phase != "B" && phase != "E" && !isFlowV1) {
            drop(index, "unsupported phase \"" + phase + "\"");
            return;
        }
        bool tsString = false;
        std::optional<double> ts;
        if (auto it = event.find("ts"); it != event.end())
            ts = readNumber(*it, tsString);
        if (!ts) {
            drop(index, "no numeric \"ts\"");
            return;
        }
        if (!inCycleRange(*ts)) {
            drop(index, "timestamp out of range");
            return;
        }
        if (isFlowV1) {
            m_anyFlow = true;
            std::string id;
            if (auto it = event.find("id"); it != event.end())
                id = it->is_string() ? it->get<std::string>() : it->dump();
            else if (auto it2 = event.find("bind_id"); it2 != event.end())
                id = it2->is_string() ? it2->get<std::string>() : it2->dump();
            if (id.empty()) {
                drop(index, "flow event without \"id\"");
                return;
            }
            if (tsString)
                lenient("timestamps given as strings were read as numbers");
            const bool enclosing = phase != "f" || stringField(&event, "bp") == "e";
            m_flowSteps.push_back({ index, stringField(&event, "cat") + '\x1f' + id, phase[0], lane, *ts, enclosing });
            return;
        }
        Span span;
        span.eventIndex = index;
        span.lane = lane;
        span.pid = pid;
        span.tid = tid;
        span.name = name;
        span.cat = stringField(&event, "cat");
        span.tsMicros = *ts;
        span.args = args;
        if (phase == "X") {
            std::optional<double> dur;
            if (auto it = event.find("dur"); it != event.end())
                dur = readNumber(*it, tsString);
            if (!dur) {
                drop(index, "complete event without a numeric \"dur\"");
                return;
            }
            if (*dur < 0) {
                drop(index, "negative duration");
                return;
            }
            if (*dur * m_clock > double(kMaxCycles)) {
                drop(index, "duration too long (more than 2^53 cycles)");
                return;
            }
            span.durMicros = *dur;
        }
        if (tsString)
            lenient("timestamps given as strings were read as numbers");
        if (auto last = m_lastTs.find(lane); last != m_lastTs.end() && *ts < last->second)
            m_unsorted = true;
        m_lastTs[lane] = *ts;
        auto bind = event.find("bind_id");
        auto boolField = [&](const char* key) {
            auto it = event.find(key);
            return it != event.end() && it->is_boolean() && it->get<bool>();
        };
        const bool flowIn = boolField("flow_in");
        const bool flowOut = boolField("flow_out");
        if (bind == event.end() && (flowIn || flowOut))
            bind = event.find("id");
        if (bind != event.end() && (flowIn || flowOut)) {
            span.bindIds.push_back(bind->is_string() ? bind->get<std::string>() : bind->dump());
            span.flowIn = flowIn;
            span.flowOut = flowOut;
            m_anyFlow = true;
        }
        if (phase == "X") {
            m_spans.push_back(std::move(span));
        } else {
            m_beginEnd.push_back(std::move(span));
            m_beginEndPhase.push_back(phase[0]);
        }
    }

    void Importer::matchBeginEnd()
    {
        std::map<std::string, std::vector<std::size_t>> byLane;
        for (std::size_t i = 0; i < m_beginEnd.size(); ++i)
            byLane[m_beginEnd[i].lane].push_back(i);
        for (auto& [lane, indices] : byLane) {
            std::stable_sort(indices.begin(), indices.end(),
                [&](std::size_t a, std::size_t b) { return m_beginEnd[a].tsMicros < m_beginEnd[b].tsMicros; });
            std::vector<std::size_t> open;
            for (std::size_t i : indices) {
                Span& event = m_beginEnd[i];
                if (m_beginEndPhase[i] == 'B') {
                    open.push_back(i);
                    continue;
                }
                if (open.empty()) {
                    drop(event.eventIndex, "\"E\" without a matching \"B\" on its thread");
                    continue;
                }
                Span span = m_beginEnd[open.back()];
                open.pop_back();
                span.durMicros = event.tsMicros - span.tsMicros;
                if (span.durMicros * m_clock > double(kMaxCycles)) {
                    drop(span.eventIndex, "duration too long (more than 2^53 cycles)");
                    continue;
                }
                if (span.name.empty())
                    span.name = event.name;
                // Flows may sit on either end of the pair.
                for (const std::string& id : event.bindIds)
                    span.bindIds.push_back(id);
                span.flowIn = span.flowIn || event.flowIn;
                span.flowOut = span.flowOut || event.flowOut;
                if (!span.args)
                    span.args = event.args;
                m_spans.push_back(std::move(span));
            }
            for (std::size_t i : open)
                drop(m_beginEnd[i].eventIndex, "\"B\" never ended by an \"E\" on its thread");
        }
    }

    /// Marks which spans are tasks: the outermost ones of each thread. Nested spans keep the
    /// index of their enclosing task so that their flows can move to it.
    void Importer::findTopLevel()
    {
        std::sort(m_spans.begin(), m_spans.end(), [](const Span& a, const Span& b) { return a.eventIndex < b.eventIndex; });
        if (m_ours) {
            // Anchors follow the task event they belong to (ChromeTraceWriter writes them so).
            std::size_t lastTask = SIZE_MAX;
            for (std::size_t i = 0; i < m_spans.size(); ++i) {
                Span& span = m_spans[i];
                const bool hasId = span.args && span.args->contains("id");
                if (span.cat == "dependency" && !hasId && span.durMicros == 0) {
                    span.anchor = true;
                    if (lastTask == SIZE_MAX) {
                        drop(span.eventIndex, "dependency anchor before any task");
                        continue;
                    }
                    span.task = lastTask;
                    continue;
                }
                span.task = m_tasks.size();
                lastTask = span.task;
                m_tasks.push_back(PendingTask { i });
            }
            return;
        }
        std::map<std::string, std::vector<std::size_t>> byLane;
        for (std::size_t i = 0; i < m_spans.size(); ++i)
            byLane[m_spans[i].lane].push_back(i);
        bool overlapNoted = false;
        for (auto& [lane, indices] : byLane) {
            std::stable_sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
                const Span &x = m_spans[a], &y = m_spans[b];
                if (x.tsMicros != y.tsMicros)
                    return x.tsMicros < y.tsMicros;
                return x.durMicros > y.durMicros; // the enclosing one first
            });
            std::size_t top = SIZE_MAX;
            for (std::size_t i : indices) {
                Span& span = m_spans[i];
                if (top != SIZE_MAX) {
                    const Span& outer = m_spans[top];
                    const double outerEnd = outer.tsMicros + outer.durMicros;
                    const double end = span.tsMicros + span.durMicros;
                    if (outer.durMicros > 0 && span.tsMicros < outerEnd) {
                        if (end <= outerEnd) {
                            span.task = outer.task;
                            drop(span.eventIndex, "nested inside another event of its thread");
                            continue;
                        }
                        if (!overlapNoted)
                            lenient("events that overlap on one thread without nesting were kept as separate tasks");
                        overlapNoted = true;
                    }
                }
                span.task = m_tasks.size();
                m_tasks.push_back(PendingTask { i });
                top = i;
            }
        }
    }

    std::optional<Error> Importer::mapExecutors()
    {
        // Distinct lanes per (kind, tile) for NPU tiled kinds, and per kind for the others.
        std::map<std::string, std::vector<std::string>> lanesOfKind; // generic and DMA: kind → lanes
        std::map<std::pair<std::string, long>, std::vector<std::string>> lanesOfTile;
        auto laneLess = [&](const std::string& a, const std::string& b) {
            const auto sa = m_threadSort.find(a), sb = m_threadSort.find(b);
            const double ka = sa == m_threadSort.end() ? 0 : sa->second, kb = sb == m_threadSort.end() ? 0 : sb->second;
            if (ka != kb)
                return ka < kb;
            const auto pa = a.find('\x1f'), pb = b.find('\x1f');
            if (a.substr(0, pa) != b.substr(0, pb))
                return keyLess(a.substr(0, pa), b.substr(0, pb));
            return keyLess(a.substr(pa + 1), b.substr(pb + 1));
        };
        std::map<std::string, std::string> kindOfPid; // generic kinds, unique names
        std::set<std::string> genericNames;
        std::size_t npuTasks = 0;
        std::vector<bool> keep(m_tasks.size(), true);

        for (std::size_t t = 0; t < m_tasks.size(); ++t) {
            PendingTask& task = m_tasks[t];
            const Span& span = m_spans[task.span];
            const std::string process = m_processNames.count(span.pid) ? m_processNames[span.pid] : std::string();
            const std::string thread = m_threadNames.count(span.lane) ? m_threadNames[span.lane] : std::string();
            task.name = span.name;
            if (m_ours) {
                // Thread "unit U" / "tile U" [/ engine E].
                unsigned unit = 0, engine = 0;
                char word[8] = {};
                const int matched = std::sscanf(thread.c_str(), "%7s %u / engine %u", word, &unit, &engine);
                if (process.empty() || matched < 2 || (std::string(word) != "unit" && std::string(word) != "tile")) {
                    drop(span.eventIndex, "not on a thread named \"unit N\" or \"tile N\" of a named process");
                    keep[t] = false;
                    continue;
                }
                if (unit >= kMaxUnits || engine >= kMaxUnits) {
                    drop(span.eventIndex, "unit or engine number out of range");
                    keep[t] = false;
                    continue;
                }
                Kind& kind = m_kinds[process];
                kind.tiled = kind.tiled || std::string(word) == "tile";
                task.kind = process;
                task.unit = unit;
                continue;
            }
            if (lower(process) == "layers" || lower(span.cat) == "layer") {
                drop(span.eventIndex, "per-layer summary (the Layers process or cat \"Layer\")");
                keep[t] = false;
                continue;
            }
            std::string kind = npuKind(thread);
            if (kind.empty())
                kind = npuKind(process);
            if (kind.empty())
                kind = npuKind(span.cat, /*exact=*/true);
            if (!kind.empty()) {
                ++npuTasks;
                task.kind = kind;
                if (kind == "DPU" || kind == "SHAVE") {
                    long cluster = clusterOfProcess(process);
                    if (cluster < 0)
                        cluster = clusterOfName(span.name);
                    if (cluster >= long(kMaxUnits)) {
                        drop(span.eventIndex, "cluster number out of range");
                        keep[t] = false;
                        continue;
                    }
                    task.unit = std::max(0L, cluster);
                    m_kinds[kind].tiled = true;
                    lanesOfTile[{ kind, task.unit }].push_back(span.lane);
                    if (kind == "SHAVE")
                        task.kernel = kernelOfName(span.name);
                } else {
                    lanesOfKind[kind].push_back(span.lane);
                }
                if (kind == "DMA")
                    task.role = "dma";
                continue;
            }
            auto known = kindOfPid.find(span.pid);
            if (known == kindOfPid.end()) {
                std::string base = process.empty() ? "pid " + span.pid : process;
                std::string unique = base;
                for (int n = 2; genericNames.count(unique) || m_kinds.count(unique); ++n)
                    unique = base + " (" + std::to_string(n) + ")";
                genericNames.insert(unique);
                known = kindOfPid.emplace(span.pid, unique).first;
            }
            task.kind = known->second;
            lanesOfKind[task.kind].push_back(span.lane);
        }

        // Units (per kind) and engines (per tile) from the distinct lanes, in sort order.
        std::map<std::string, std::map<std::string, long>> unitOfLane;
        for (auto& [kind, lanes] : lanesOfKind) {
            std::sort(lanes.begin(), lanes.end(), laneLess);
            lanes.erase(std::unique(lanes.begin(), lanes.end()), lanes.end());
            for (std::size_t i = 0; i < lanes.size(); ++i)
                unitOfLane[kind][lanes[i]] = static_cast<long>(i);
            m_kinds[kind].units = static_cast<long>(lanes.size());
        }
        for (auto& [tile, lanes] : lanesOfTile) {
            std::sort(lanes.begin(), lanes.end(), laneLess);
            lanes.erase(std::unique(lanes.begin(), lanes.end()), lanes.end());
            Kind& kind = m_kinds[tile.first];
            kind.units = std::max(kind.units, tile.second + 1);
            kind.engines = std::max(kind.engines, static_cast<long>(lanes.size()));
        }
        std::vector<PendingTask> kept;
        for (std::size_t t = 0; t < m_tasks.size(); ++t) {
            if (!keep[t])
                continue;
            PendingTask& task = m_tasks[t];
            const Span& span = m_spans[task.span];
            if (m_ours) {
                Kind& kind = m_kinds[task.kind];
                kind.units = std::max(kind.units, task.unit + 1);
            } else if (auto it = unitOfLane.find(task.kind); it != unitOfLane.end()) {
                task.unit = it->second.at(span.lane);
            }
            kept.push_back(std::move(task));
        }
        // Re-point spans at the kept tasks.
        std::vector<std::size_t> newIndex(m_tasks.size(), SIZE_MAX);
        for (std::size_t t = 0, k = 0; t < m_tasks.size(); ++t)
            if (keep[t])
                newIndex[t] = k++;
        for (Span& span : m_spans)
            if (span.task != SIZE_MAX)
                span.task = newIndex[span.task];
        m_tasks = std::move(kept);
        if (m_ours) {
            // Engines from the thread names (the writer names every engine, busy or not).
            for (const auto& [lane, thread] : m_threadNames) {
                const std::string pid = lane.substr(0, lane.find('\x1f'));
                auto process = m_processNames.find(pid);
                unsigned unit = 0, engine = 0;
                char word[8] = {};
                if (process == m_processNames.end() || !m_kinds.count(process->second))
                    continue;
                const int matched = std::sscanf(thread.c_str(), "%7s %u / engine %u", word, &unit, &engine);
                if (matched < 2 || unit >= kMaxUnits || engine >= kMaxUnits)
                    continue;
                Kind& kind = m_kinds[process->second];
                kind.units = std::max(kind.units, static_cast<long>(unit) + 1);
                if (matched == 3)
                    kind.engines = std::max(kind.engines, static_cast<long>(engine) + 1);
            }
            m_summary.layout = "lookahead";
        } else {
            m_summary.layout = npuTasks > 0 ? "npu" : "generic";
        }
        return std::nullopt;
    }

    void Importer::orderTasks()
    {
        for (PendingTask& task : m_tasks) {
            const Span& span = m_spans[task.span];
            task.startCycles = std::llround(span.tsMicros * m_clock);
        }
        std::vector<std::size_t> order(m_tasks.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        if (!m_ours) {
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                const PendingTask &x = m_tasks[a], &y = m_tasks[b];
                if (x.startCycles != y.startCycles)
                    return x.startCycles < y.startCycles;
                return m_spans[x.span].eventIndex < m_spans[y.span].eventIndex;
            });
        }
        for (std::size_t position = 0; position < order.size(); ++position)
            m_tasks[order[position]].order = position;
        for (std::size_t position = 0; position < order.size(); ++position)
            m_laneTasks[m_spans[m_tasks[order[position]].span].lane].push_back(order[position]);
    }

    void Importer::connectFlows()
    {
        auto addEdge = [&](std::size_t producer, std::size_t consumer, std::size_t eventIndex) {
            if (producer == consumer)
                return;
            // Our own export keeps the graph's order, where `after` may name a later task; the loader
            // still refuses a cycle. Elsewhere program order is time order and edges must follow it.
            if (!m_ours && m_tasks[producer].order > m_tasks[consumer].order) {
                drop(eventIndex, "flow goes backwards in time (its source starts after its destination)");
                return;
            }
            m_edges.insert({ producer, consumer });
        };

        // v2: bind ids.
        struct End {
            std::size_t task;
            double ts;
            std::size_t eventIndex;
        };
        std::map<std::string, std::vector<End>> outs, ins;
        for (const Span& span : m_spans) {
            if (span.task == SIZE_MAX)
                continue;
            for (const std::string& id : span.bindIds) {
                if (span.flowOut)
                    outs[id].push_back({ span.task, span.tsMicros, span.eventIndex });
                if (span.flowIn)
                    ins[id].push_back({ span.task, span.tsMicros, span.eventIndex });
            }
        }
        for (auto& [id, destinations] : ins) {
            auto sources = outs.find(id);
            if (sources == outs.end()) {
                for (const End& d : destinations)
                    drop(d.eventIndex, "flow_in with a bind_id that no event starts (flow_out)");
                continue;
            }
            std::vector<End>& from = sources->second;
            std::sort(from.begin(), from.end(), [](const End& a, const End& b) {
                return a.ts != b.ts ? a.ts < b.ts : a.eventIndex < b.eventIndex;
            });
            for (const End& d : destinations) {
                if (from.size() == 1) {
                    addEdge(from.front().task, d.task, d.eventIndex);
                    continue;
                }
                const End* best = nullptr;
                for (const End& s : from)
                    if (s.ts < d.ts || (s.ts == d.ts && s.eventIndex < d.eventIndex))
                        best = &s;
                if (!best) {
                    drop(d.eventIndex, "flow_in before every flow_out of its bind_id");
                    continue;
                }
                addEdge(best->task, d.task, d.eventIndex);
            }
        }

        // v1: s/t/f steps bound to tasks of their thread.
        std::map<std::string, std::vector<std::pair<std::size_t, const FlowStep*>>> chains;
        for (const FlowStep& step : m_flowSteps) {
            auto lane = m_laneTasks.find(step.lane);
            std::size_t bound = SIZE_MAX;
            if (lane != m_laneTasks.end()) {
                const std::int64_t at = std::llround(step.tsMicros * m_clock);
                for (std::size_t t : lane->second) {
                    const Span& span = m_spans[m_tasks[t].span];
                    const std::int64_t start = m_tasks[t].startCycles;
                    const std::int64_t end = start + std::llround(span.durMicros * m_clock);
                    if (step.enclosing) {
                        if (start <= at && at <= end) {
                            bound = t;
                            if (at < end)
                                break; // prefer the task running at `at` over one ending there
                        }
                    } else if (start >= at) {
                        bound = t;
                        break;
                    }
                }
                if (bound == SIZE_MAX && !step.enclosing) {
                    for (std::size_t t : lane->second) {
                        const std::int64_t start = m_tasks[t].startCycles;
                        const std::int64_t end = start + std::llround(m_spans[m_tasks[t].span].durMicros * m_clock);
                        if (start <= at && at <= end)
                            bound = t;
                    }
                }
            }
            if (bound == SIZE_MAX) {
                drop(step.eventIndex, "flow step not inside (or, for \"f\", before) any task of its thread");
                continue;
            }
            chains[step.key].push_back({ bound, &step });
        }
        for (auto& [key, steps] : chains) {
            // A chain is `s`, then its `t` steps in time order, then `f`: a flow whose `f` lies
            // before its `s` is a flow backwards in time, not a forward one.
            auto rank = [](char phase) { return phase == 's' ? 0 : phase == 't' ? 1 : 2; };
            std::stable_sort(steps.begin(), steps.end(), [&](const auto& a, const auto& b) {
                if (rank(a.second->phase) != rank(b.second->phase))
                    return rank(a.second->phase) < rank(b.second->phase);
                return a.second->tsMicros < b.second->tsMicros;
            });
            for (std::size_t i = 1; i < steps.size(); ++i)
                addEdge(steps[i - 1].first, steps[i].first, steps[i].second->eventIndex);
        }
        for (const auto& [producer, consumer] : m_edges)
            m_tasks[consumer].after.push_back(producer);
        m_summary.flowDependencies = m_edges.size();
    }

    void Importer::connectLanes()
    {
        using Mode = TraceImportOptions::LaneDependencies;
        const bool use = m_options.laneDependencies == Mode::Always
            || (m_options.laneDependencies == Mode::Auto && !m_anyFlow);
        if (!use)
            return;
        for (const auto& [lane, tasks] : m_laneTasks) {
            for (std::size_t i = 1; i < tasks.size(); ++i) {
                if (m_edges.insert({ tasks[i - 1], tasks[i] }).second) {
                    m_tasks[tasks[i]].after.push_back(tasks[i - 1]);
                    ++m_summary.laneDependencies;
                }
            }
        }
    }

    Result<TaskGraph> Importer::buildGraph(const std::string& graphName)
    {
        // Ids: ours keep args.id; others use the name, made unique with "#N".
        std::set<std::string> used;
        std::map<std::string, std::size_t> firstOfId;
        for (PendingTask& task : m_tasks) {
            const Span& span = m_spans[task.span];
            if (m_ours && span.args && span.args->contains("id")) {
                const json& id = span.args->at("id");
                task.id = id.is_string() ? id.get<std::string>() : id.dump();
                if (!used.insert(task.id).second)
                    return error(pointer(span.eventIndex) + "/args/id",
                        "duplicate task id \"" + task.id + "\" (first at " + pointer(firstOfId[task.id]) + ")");
                firstOfId[task.id] = span.eventIndex;
                continue;
            }
            const std::string base = span.name.empty() ? "event " + std::to_string(span.eventIndex) : span.name;
            std::string id = base;
            for (int n = 2; used.count(id); ++n)
                id = base + "#" + std::to_string(n);
            used.insert(id);
            task.id = id;
        }

        std::vector<std::size_t> byOrder(m_tasks.size());
        for (std::size_t t = 0; t < m_tasks.size(); ++t)
            byOrder[m_tasks[t].order] = t;

        json doc = json::object();
        doc["format"] = "lookahead-taskgraph";
        doc["version"] = 1;
        doc["name"] = graphName;
        json executors = json::object();
        for (const auto& [name, kind] : m_kinds) {
            json e = { { "units", std::max(1L, kind.units) }, { "engines", std::max(1L, kind.engines) } };
            if (kind.tiled)
                e["tiled"] = true;
            executors[name] = e;
        }
        doc["platform"] = { { "clock_mhz", m_clock }, { "executors", executors } };
        json kernels = json::object();
        json tasks = json::array();
        for (std::size_t position : byOrder) {
            const PendingTask& task = m_tasks[position];
            const Span& span = m_spans[task.span];
            json t = json::object();
            t["id"] = task.id;
            if (task.name != task.id && !task.name.empty())
                t["name"] = task.name;
            t["exec"] = task.kind;
            t["unit"] = task.unit;
            std::string role = task.role;
            std::string kernel = task.kernel;
            if (m_ours && span.args) {
                bool ignored = false;
                const auto cycles = span.args->contains("cycles") ? readNumber(span.args->at("cycles"), ignored) : std::nullopt;
                const auto stall = span.args->contains("stall") ? readNumber(span.args->at("stall"), ignored) : std::nullopt;
                const double executed = cycles ? *cycles + stall.value_or(0) : span.durMicros * m_clock;
                if (!(executed >= 0 && executed <= double(kMaxCycles)))
                    return error(pointer(span.eventIndex) + "/args", "cycles + stall out of range");
                t["cycles"] = std::llround(executed);
                role = span.cat;
                if (auto k = span.args->find("kernel"); k != span.args->end() && k->is_string())
                    kernel = k->get<std::string>();
                if (auto o = span.args->find("origin"); o != span.args->end() && o->is_string())
                    t["origin"] = o->get<std::string>();
            } else {
                t["cycles"] = std::llround(span.durMicros * m_clock);
            }
            if (t["cycles"].get<std::int64_t>() > kMaxCycles || t["cycles"].get<std::int64_t>() < 0)
                return error(pointer(span.eventIndex), "duration out of range: " + t["cycles"].dump() + " cycles");
            if (!role.empty() && role != "compute")
                t["role"] = role;
            if (!kernel.empty()) {
                kernels[kernel] = { { "code_bytes", 0 } };
                t[role == "prefetch" ? "prefetch" : "kernel"] = kernel;
            } else if (role == "prefetch") {
                t.erase("role"); // a prefetch without its kernel cannot load anything: plain work
            }
            if (!task.after.empty()) {
                std::vector<std::size_t> after = task.after;
                std::sort(after.begin(), after.end(),
                    [&](std::size_t a, std::size_t b) { return m_tasks[a].order < m_tasks[b].order; });
                json list = json::array();
                for (std::size_t p : after)
                    list.push_back(m_tasks[p].id);
                t["after"] = list;
            }
            tasks.push_back(std::move(t));
        }
        doc["kernels"] = kernels;
        doc["tasks"] = tasks;
        Result<TaskGraph> graph = parseTaskGraph(doc.dump(), m_file);
        if (!graph.ok()) {
            Error e = graph.error();
            e.message = "the imported graph cannot be used: " + e.message;
            return e;
        }
        return graph;
    }

    Result<ImportedTrace> Importer::run(std::string_view text)
    {
        LenientJsonRepair repaired = repairLenientJson(text);
        if (repaired.skippedByteOrderMark)
            lenient("a UTF-8 byte order mark was skipped");
        if (repaired.trailingCommasRemoved)
            lenient(std::to_string(repaired.trailingCommasRemoved) + " trailing comma(s) before ] or } were removed");
        if (repaired.closedTruncatedArray)
            lenient("the event array was not closed (a cut recording); a ] was added");
        json root;
        try {
            root = json::parse(repaired.text);
        } catch (const json::parse_error& e) {
            const auto [line, column] = lineAndColumn(repaired.text, e.byte == 0 ? 0 : e.byte - 1);
            return error("line " + std::to_string(line) + ", column " + std::to_string(column),
                "invalid JSON: " + parseErrorReason(e.what()));
        } catch (const json::exception& e) {
            return error("", "invalid JSON: " + parseErrorReason(e.what()));
        }

        const json* events = nullptr;
        if (root.is_array()) {
            events = &root;
            m_prefix = "";
        } else if (root.is_object()) {
            auto it = root.find("traceEvents");
            if (it == root.end())
                return error("/traceEvents", "required key is missing (not a Chrome trace)");
            if (!it->is_array())
                return error("/traceEvents", "must be an array");
            events = &*it;
            m_prefix = "/traceEvents";
            if (auto other = root.find("otherData"); other != root.end() && other->is_object())
                m_ours = other->value("tool", json()) == "lookahead";
        } else {
            return error("/", "a Chrome trace is a JSON array of events or an object with \"traceEvents\"");
        }

        // The clock.
        if (m_options.clockMhz) {
            if (!(*m_options.clockMhz > 0) || !std::isfinite(*m_options.clockMhz))
                return error("option --clock-mhz", "must be a number > 0");
            m_clock = *m_options.clockMhz;
            m_summary.clockSource = "option";
        } else if (root.is_object()) {
            bool ignored = false;
            std::optional<double> freq;
            if (auto wp = root.find("workpoint"); wp != root.end() && wp->is_object() && wp->contains("freq")) {
                freq = readNumber(wp->at("freq"), ignored);
                if (!freq || *freq <= 0)
                    return error("/workpoint/freq", "must be a number > 0");
                m_summary.clockSource = "workpoint.freq";
            } else if (auto od = root.find("otherData"); od != root.end() && od->is_object() && od->contains("clock_mhz")) {
                freq = readNumber(od->at("clock_mhz"), ignored);
                if (!freq || *freq <= 0)
                    return error("/otherData/clock_mhz", "must be a number > 0");
                m_summary.clockSource = "otherData.clock_mhz";
            }
            if (freq)
                m_clock = *freq;
        }
        if (m_clock <= 0)
            return error("", "no clock frequency: the trace has no workpoint.freq or otherData.clock_mhz; give one "
                             "(--clock-mhz)");
        m_summary.clockMhz = m_clock;

        m_summary.events = events->size();
        for (std::size_t i = 0; i < events->size(); ++i)
            readEvent((*events)[i], i);
        if (m_unsorted)
            lenient("events were not sorted by time on their thread; they were sorted");
        matchBeginEnd();
        findTopLevel();
        if (auto failure = mapExecutors())
            return *failure;
        orderTasks();
        connectFlows();
        connectLanes();
        m_summary.tasks = m_tasks.size();
        std::stable_sort(m_summary.dropped.begin(), m_summary.dropped.end(),
            [](const DroppedTraceEvent& a, const DroppedTraceEvent& b) { return a.eventIndex < b.eventIndex; });
        if (m_tasks.empty())
            return error(m_prefix.empty() ? "/" : m_prefix, "no event became a task (" + std::to_string(m_summary.droppedCount())
                    + " dropped; the summary says why)");

        std::string graphName = m_file;
        if (const auto slash = graphName.find_last_of('/'); slash != std::string::npos)
            graphName = graphName.substr(slash + 1);
        if (m_ours && root["otherData"].contains("graph") && root["otherData"]["graph"].is_string()
            && !root["otherData"]["graph"].get<std::string>().empty())
            graphName = root["otherData"]["graph"].get<std::string>();
        Result<TaskGraph> graph = buildGraph(graphName);
        if (!graph.ok())
            return graph.error();
        return ImportedTrace { std::move(graph).value(), std::move(m_summary) };
    }

} // namespace

std::size_t TraceImportSummary::droppedCount() const
{
    std::size_t count = 0;
    for (const auto& [reason, n] : droppedByReason)
        count += n;
    return count;
}

std::string TraceImportSummary::toText() const
{
    char clock[64];
    std::snprintf(clock, sizeof clock, "%g", clockMhz);
    std::string text = "layout: " + layout + "\nclock: " + clock + " MHz (" + clockSource + ")\nevents: "
        + std::to_string(events);
    std::string phases;
    for (const auto& [phase, count] : eventsByPhase)
        phases += (phases.empty() ? "" : ", ") + phase + " " + std::to_string(count);
    if (!phases.empty())
        text += " (" + phases + ")";
    text += "\ntasks: " + std::to_string(tasks) + "\ndependencies: " + std::to_string(flowDependencies)
        + " from flows, " + std::to_string(laneDependencies) + " from lane order\ndropped: "
        + std::to_string(droppedCount()) + "\n";
    for (const auto& [reason, count] : droppedByReason)
        text += "  " + std::to_string(count) + " × " + reason + "\n";
    for (const DroppedTraceEvent& d : dropped)
        text += "  " + d.pointer + ": " + d.reason + "\n";
    if (droppedCount() > dropped.size())
        text += "  (" + std::to_string(droppedCount() - dropped.size()) + " more not listed)\n";
    for (const std::string& leniency : leniencies)
        text += "lenient: " + leniency + "\n";
    return text;
}

nlohmann::ordered_json TraceImportSummary::toJson() const
{
    nlohmann::ordered_json out;
    out["layout"] = layout;
    out["clock_mhz"] = clockMhz;
    out["clock_source"] = clockSource;
    out["events"] = events;
    out["events_by_phase"] = eventsByPhase;
    out["tasks"] = tasks;
    out["flow_dependencies"] = flowDependencies;
    out["lane_dependencies"] = laneDependencies;
    out["dropped_by_reason"] = droppedByReason;
    out["dropped"] = nlohmann::ordered_json::array();
    for (const DroppedTraceEvent& d : dropped)
        out["dropped"].push_back({ { "event", d.eventIndex }, { "pointer", d.pointer }, { "reason", d.reason } });
    out["leniencies"] = leniencies;
    return out;
}

LenientJsonRepair repairLenientJson(std::string_view text)
{
    LenientJsonRepair repair;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        repair.skippedByteOrderMark = true;
        text.remove_prefix(3);
    }
    repair.text.assign(text);
    std::string& out = repair.text;
    std::vector<char> stack; // open brackets outside strings
    bool inString = false, escaped = false;
    std::size_t pendingComma = std::string::npos; // last ',' outside strings not yet followed by a value
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            pendingComma = std::string::npos;
            break;
        case '[':
        case '{':
            stack.push_back(c);
            pendingComma = std::string::npos;
            break;
        case ']':
        case '}':
            if (pendingComma != std::string::npos) {
                out[pendingComma] = ' ';
                ++repair.trailingCommasRemoved;
            }
            pendingComma = std::string::npos;
            if (!stack.empty())
                stack.pop_back();
            break;
        case ',':
            pendingComma = i;
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        default:
            pendingComma = std::string::npos;
            break;
        }
    }
    // A cut array-form trace: only the top-level '[' is still open, after a complete event.
    if (!inString && stack.size() == 1 && stack.front() == '[') {
        std::size_t first = 0;
        while (first < out.size() && std::isspace(static_cast<unsigned char>(out[first])))
            ++first;
        if (first < out.size() && out[first] == '[') {
            if (pendingComma != std::string::npos) {
                out[pendingComma] = ' ';
                ++repair.trailingCommasRemoved;
            }
            out += ']';
            repair.closedTruncatedArray = true;
        }
    }
    return repair;
}

bool looksLikeChromeTrace(std::string_view text)
{
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    if (i < text.size() && text[i] == '[')
        return true;
    return text.find("\"traceEvents\"") != std::string_view::npos
        && text.find("\"lookahead-taskgraph\"") == std::string_view::npos;
}

Result<ImportedTrace> importChromeTrace(std::string_view text, const std::string& fileLabel, const TraceImportOptions& options)
{
    Importer importer(fileLabel, options);
    try {
        return importer.run(text);
    } catch (const std::exception& e) {
        // nlohmann accessors on unexpected shapes; never let them cross the API.
        return Error { fileLabel, "", std::string("cannot import: ") + e.what() };
    }
}

Result<ImportedTrace> importChromeTraceFile(const std::string& path, const TraceImportOptions& options)
{
    Result<std::string> text = readFile(path);
    if (!text.ok())
        return text.error();
    return importChromeTrace(text.value(), path, options);
}

} // namespace lookahead

namespace lookahead {

Result<TaskGraph> loadTaskGraphOrTrace(const std::string& path, const TraceImportOptions& traceOptions)
{
    Result<std::string> text = readFile(path);
    if (!text.ok())
        return text.error();
    if (!looksLikeChromeTrace(text.value()))
        return parseTaskGraph(text.value(), path);
    Result<ImportedTrace> imported = importChromeTrace(text.value(), path, traceOptions);
    if (!imported.ok())
        return imported.error();
    return std::move(std::move(imported).value().graph);
}

} // namespace lookahead
