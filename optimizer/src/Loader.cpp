#include "lookahead/Loader.h"

#include "JsonErrors.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/CostModel.h"
#include "lookahead/DependencyGraph.h"

#include "JsonScanner.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lookahead {

namespace {

    using json = nlohmann::json;
    using detail::lineAndColumn;
    using detail::parseErrorReason;

    /// Thrown inside the parse callback and the conversion helpers, caught in parseTaskGraph():
    /// never crosses the public API, which returns Result.
    struct LoadError {
        std::string pointer;
        std::string message;
    };

    [[noreturn]] void fail(std::string pointer, std::string message)
    {
        throw LoadError { std::move(pointer), std::move(message) };
    }

    std::string escapeToken(std::string_view token)
    {
        std::string out;
        for (char c : token) {
            if (c == '~')
                out += "~0";
            else if (c == '/')
                out += "~1";
            else
                out += c;
        }
        return out;
    }

    std::string child(const std::string& pointer, std::string_view key) { return pointer + "/" + escapeToken(key); }
    std::string child(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

    std::string typeName(const json& value)
    {
        switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::string:
            return "a string";
        case json::value_t::number_float:
            return "a non-integer number";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "an integer";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return "an unsupported value";
        }
    }

    const std::string& requireString(const json& value, const std::string& pointer)
    {
        if (!value.is_string())
            fail(pointer, "must be a string, got " + typeName(value));
        return value.get_ref<const std::string&>();
    }

    /// An integer in [minimum, maximum]. Floats are refused even when integral: the format says
    /// integer, and a compiler writing 1.0 has a bug worth seeing.
    std::int64_t requireInteger(const json& value, const std::string& pointer, std::int64_t minimum,
        std::int64_t maximum = std::numeric_limits<std::int64_t>::max())
    {
        if (value.is_number_unsigned()) {
            const auto v = value.get<std::uint64_t>();
            if (minimum > 0 && v < static_cast<std::uint64_t>(minimum))
                fail(pointer, "must be at least " + std::to_string(minimum) + ", got " + std::to_string(v));
            if (v > static_cast<std::uint64_t>(maximum))
                fail(pointer, "must be at most " + std::to_string(maximum) + ", got " + std::to_string(v));
            return static_cast<std::int64_t>(v);
        }
        if (value.is_number_integer()) {
            const auto v = value.get<std::int64_t>();
            if (v < minimum)
                fail(pointer, "must be at least " + std::to_string(minimum) + ", got " + std::to_string(v));
            if (v > maximum)
                fail(pointer, "must be at most " + std::to_string(maximum) + ", got " + std::to_string(v));
            return v;
        }
        fail(pointer, "must be an integer, got " + typeName(value) + (value.is_number_float() ? " (" + value.dump() + ")" : ""));
    }

    const json& requireObject(const json& value, const std::string& pointer)
    {
        if (!value.is_object())
            fail(pointer, "must be an object, got " + typeName(value));
        return value;
    }

    const json& requireArray(const json& value, const std::string& pointer)
    {
        if (!value.is_array())
            fail(pointer, "must be an array, got " + typeName(value));
        return value;
    }

    const json& requireKey(const json& object, const std::string& pointer, const char* key)
    {
        auto it = object.find(key);
        if (it == object.end())
            fail(child(pointer, key), "required key is missing");
        return *it;
    }

    /// Copies the keys of `object` that are not in `known` into `extra`.
    void keepUnknown(const json& object, std::initializer_list<std::string_view> known, json& extra)
    {
        for (auto it = object.begin(); it != object.end(); ++it)
            if (std::find(known.begin(), known.end(), it.key()) == known.end())
                extra[it.key()] = it.value();
    }

    /// A task as parsed, before executors, kernels and `after` ids can be resolved (the file's
    /// `platform` and `kernels` may come after `tasks`, and `after` may name a later task).
    struct PendingNames {
        Symbol exec;   ///< In `names`.
        Symbol kernel; ///< In `names`, kNoSymbol for none.
        Symbol prefetch;
    };

    class TaskCollector {
    public:
        explicit TaskCollector(TaskGraph& graph)
            : m_graph(graph)
        {
        }

        void add(const json& object, std::size_t index)
        {
            const std::string pointer = child("/tasks", index);
            if (!object.is_object())
                fail(pointer, "must be an object, got " + typeName(object));
            Task task;
            const std::string& id = requireString(requireKey(object, pointer, "id"), child(pointer, "id"));
            if (id.empty())
                fail(child(pointer, "id"), "must not be empty");
            task.id = defineId(id, index);

            PendingNames names { kNoSymbol, kNoSymbol, kNoSymbol };
            names.exec = m_names.intern(requireString(requireKey(object, pointer, "exec"), child(pointer, "exec")));
            task.cycles = requireInteger(requireKey(object, pointer, "cycles"), child(pointer, "cycles"), 0, kMaxCycles);

            json extra = json::object();
            std::vector<std::uint32_t> wait, update, afterIds;
            for (auto it = object.begin(); it != object.end(); ++it) {
                const std::string& key = it.key();
                const json& value = it.value();
                const std::string at = child(pointer, key);
                if (key == "id" || key == "exec" || key == "cycles") {
                    continue;
                } else if (key == "name") {
                    task.name = m_graph.strings.intern(requireString(value, at));
                } else if (key == "unit") {
                    task.unit = static_cast<std::uint32_t>(requireInteger(value, at, 0, UINT32_MAX - 1));
                } else if (key == "kernel") {
                    names.kernel = m_names.intern(requireString(value, at));
                } else if (key == "prefetch") {
                    names.prefetch = m_names.intern(requireString(value, at));
                } else if (key == "wait" || key == "update") {
                    auto& list = key == "wait" ? wait : update;
                    readStrings(value, at, [&](const std::string& s) { list.push_back(m_graph.barriers.intern(s)); });
                } else if (key == "after") {
                    readStrings(value, at, [&](const std::string& s) { afterIds.push_back(m_graph.ids.intern(s)); });
                } else if (key == "role") {
                    setRole(task, requireString(value, at));
                } else if (key == "origin") {
                    task.origin = m_graph.strings.intern(requireString(value, at));
                } else if (key == "delay") {
                    task.delay = requireInteger(value, at, 0, kMaxCycles);
                } else if (key == "source") {
                    task.source = m_graph.strings.intern(requireString(value, at));
                } else {
                    checkOptionalKey(key, value, at, task);
                    extra[key] = value;
                }
            }
            if (task.role == TaskRole::Prefetch && names.prefetch == kNoSymbol)
                fail(child(pointer, "prefetch"), "required key is missing (the task has role \"prefetch\")");
            for (const char* key : { "wait", "update", "after" }) {
                const std::size_t count = key[0] == 'w' ? wait.size() : key[0] == 'u' ? update.size() : afterIds.size();
                if (count > UINT16_MAX)
                    fail(child(pointer, key), "has more than 65535 entries");
            }
            commit(task, names, wait, update, afterIds, std::move(extra));
        }

        /// A task whose keys are all plain (see parseFastTask): no type can be wrong, so only the
        /// checks that depend on other tasks remain, with the same messages as add().
        struct FastTask {
            std::string_view id, name, exec, kernel, role, prefetch, origin;
            std::int64_t cycles = -1, unit = 0;
            std::vector<std::string_view> wait, update, after;
        };

        void addFast(const FastTask& fast, std::size_t index)
        {
            Task task;
            task.id = defineId(fast.id, index);
            PendingNames names { m_names.intern(fast.exec), kNoSymbol, kNoSymbol };
            task.cycles = fast.cycles;
            task.unit = static_cast<std::uint32_t>(fast.unit);
            if (fast.name.data())
                task.name = m_graph.strings.intern(fast.name);
            if (fast.kernel.data())
                names.kernel = m_names.intern(fast.kernel);
            if (fast.prefetch.data())
                names.prefetch = m_names.intern(fast.prefetch);
            if (fast.origin.data())
                task.origin = m_graph.strings.intern(fast.origin);
            if (fast.role.data())
                setRole(task, fast.role);
            m_wait.clear();
            m_update.clear();
            m_after.clear();
            for (std::string_view b : fast.wait)
                m_wait.push_back(m_graph.barriers.intern(b));
            for (std::string_view b : fast.update)
                m_update.push_back(m_graph.barriers.intern(b));
            for (std::string_view a : fast.after)
                m_after.push_back(m_graph.ids.intern(a));
            commit(task, names, m_wait, m_update, m_after, json()); // null: no allocation
        }

    private:
        Symbol defineId(std::string_view id, std::size_t index)
        {
            // An id may already be interned by an earlier task's `after` (a forward reference), so
            // "defined" is tracked per symbol rather than inferred from the pool growing.
            const Symbol symbol = m_graph.ids.intern(id);
            if (m_definedAt.size() < m_graph.ids.size())
                m_definedAt.resize(m_graph.ids.size(), UINT32_MAX);
            if (m_definedAt[symbol] != UINT32_MAX)
                fail(child(child("/tasks", index), "id"), "duplicate task id \"" + std::string(id)
                        + "\" (first defined at /tasks/" + std::to_string(m_definedAt[symbol]) + ")");
            m_definedAt[symbol] = static_cast<std::uint32_t>(index);
            return symbol;
        }

        void setRole(Task& task, std::string_view role)
        {
            if (role == "compute")
                task.role = TaskRole::Compute;
            else if (role == "prefetch")
                task.role = TaskRole::Prefetch;
            else if (role == "sync")
                task.role = TaskRole::Sync;
            else if (role == "dma")
                task.role = TaskRole::Dma;
            else {
                task.role = TaskRole::Other;
                task.roleName = m_graph.strings.intern(role);
            }
        }

        void commit(Task& task, const PendingNames& names, const std::vector<std::uint32_t>& wait,
            const std::vector<std::uint32_t>& update, const std::vector<std::uint32_t>& afterIds, json extra)
        {
            task.refOffset = static_cast<std::uint32_t>(m_graph.refs.size());
            task.waitCount = static_cast<std::uint16_t>(wait.size());
            task.updateCount = static_cast<std::uint16_t>(update.size());
            task.afterCount = static_cast<std::uint16_t>(afterIds.size());
            m_graph.refs.insert(m_graph.refs.end(), wait.begin(), wait.end());
            m_graph.refs.insert(m_graph.refs.end(), update.begin(), update.end());
            m_graph.refs.insert(m_graph.refs.end(), afterIds.begin(), afterIds.end());
            if (!extra.is_null() && !extra.empty()) {
                task.extra = static_cast<std::uint32_t>(m_graph.taskExtras.size());
                m_graph.taskExtras.push_back(std::move(extra));
            }
            m_graph.tasks.push_back(task);
            m_pending.push_back(names);
        }

    public:
        /// Resolves names against the platform and kernels and `after` ids against all tasks.
        void resolve()
        {
            const std::size_t taskCount = m_graph.tasks.size();
            // Ids interned by `after` lists but never defined have symbols ≥ the defined ones only
            // if they were interned first by an `after`: check each reference against the index.
            m_graph.rebuildIndex();
            std::vector<int> execOf(m_names.size(), -2);
            std::vector<KernelIndex> kernelOf(m_names.size(), -2);
            for (TaskIndex i = 0; i < taskCount; ++i) {
                Task& task = m_graph.tasks[i];
                const PendingNames& names = m_pending[i];
                // Built only on failure: a string per task would dominate a million-task load.
                auto at = [i](const char* key) { return child(child("/tasks", i), key); };
                int& exec = execOf[names.exec];
                if (exec == -2)
                    exec = m_graph.platform.findExecutor(m_names.view(names.exec));
                if (exec < 0)
                    fail(at("exec"), "unknown executor kind \"" + std::string(m_names.view(names.exec)) + "\"");
                task.exec = static_cast<std::uint16_t>(exec);
                const ExecutorKind& kind = m_graph.platform.executors[task.exec];
                if (task.unit >= kind.units)
                    fail(at("unit"), "unit " + std::to_string(task.unit) + " is out of range: executor kind \""
                            + kind.name + "\" has " + std::to_string(kind.units) + " unit(s)");
                task.kernel = resolveKernel(names.kernel, kernelOf, [&] { return at("kernel"); });
                task.prefetch = resolveKernel(names.prefetch, kernelOf, [&] { return at("prefetch"); });
                auto* afterBegin = m_graph.refs.data() + task.refOffset + task.waitCount + task.updateCount;
                for (std::uint16_t a = 0; a < task.afterCount; ++a) {
                    const Symbol idSymbol = afterBegin[a];
                    const TaskIndex target = m_graph.findTask(m_graph.ids.view(idSymbol));
                    if (target == kNoTask)
                        fail(child(at("after"), a),
                            "unknown task \"" + std::string(m_graph.ids.view(idSymbol)) + "\"");
                    afterBegin[a] = target;
                }
                if (task.extra != UINT32_MAX) {
                    const json& extra = m_graph.taskExtras[task.extra];
                    auto phases = extra.find("phases");
                    if (phases != extra.end()) {
                        const std::int64_t head = phases->value("head", std::int64_t(0));
                        const std::int64_t tail = phases->value("tail", std::int64_t(0));
                        if (head + tail > task.cycles)
                            fail(at("phases"), "head + tail (" + std::to_string(head + tail)
                                    + ") exceeds cycles (" + std::to_string(task.cycles) + ")");
                    }
                }
            }
        }

    private:
        template <typename F> static void readStrings(const json& value, const std::string& pointer, F&& take)
        {
            requireArray(value, pointer);
            for (std::size_t i = 0; i < value.size(); ++i)
                take(requireString(value[i], child(pointer, i)));
        }

        static void checkOptionalKey(const std::string& key, const json& value, const std::string& at, const Task&)
        {
            if (key == "blocks") {
                requireInteger(value, at, 1, 1 << 20);
            } else if (key == "phases") {
                requireObject(value, at);
                for (const char* part : { "head", "tail" })
                    if (value.contains(part))
                        requireInteger(value[part], child(at, part), 0, kMaxCycles);
            } else if (key == "loop") {
                requireObject(value, at);
                if (value.contains("id"))
                    requireString(value["id"], child(at, "id"));
                if (value.contains("iter"))
                    requireInteger(value["iter"], child(at, "iter"), 0);
                if (value.contains("stage"))
                    requireString(value["stage"], child(at, "stage"));
            } else if (key == "reads" || key == "writes") {
                requireArray(value, at);
                for (std::size_t i = 0; i < value.size(); ++i)
                    requireString(value[i], child(at, i));
            }
        }

        template <typename Pointer>
        KernelIndex resolveKernel(Symbol name, std::vector<KernelIndex>& cache, Pointer&& pointer)
        {
            if (name == kNoSymbol)
                return kNoKernel;
            KernelIndex& kernel = cache[name];
            if (kernel == -2)
                kernel = m_graph.findKernel(m_names.view(name));
            if (kernel == kNoKernel)
                fail(pointer(), "unknown kernel \"" + std::string(m_names.view(name)) + "\"");
            return kernel;
        }

        TaskGraph& m_graph;
        StringPool m_names; ///< Executor and kernel names as written, resolved later.
        std::vector<std::uint32_t> m_wait, m_update, m_after; ///< Reused by addFast().
        std::vector<PendingNames> m_pending;
        std::vector<std::uint32_t> m_definedAt; ///< File index defining each id symbol, UINT32_MAX if none yet.
    };

    void loadPlatform(const json& root, TaskGraph& graph)
    {
        const json& platform = requireObject(requireKey(root, "", "platform"), "/platform");
        Platform& p = graph.platform;
        keepUnknown(platform, { "name", "clock_mhz", "executors", "icache", "costs" }, p.extra);
        if (platform.contains("name"))
            p.name = requireString(platform["name"], "/platform/name");
        if (platform.contains("clock_mhz")) {
            const json& clock = platform["clock_mhz"];
            if (!clock.is_number())
                fail("/platform/clock_mhz", "must be a number, got " + typeName(clock));
            p.clockMhz = clock.get<double>();
            if (!(p.clockMhz >= 1.0) || !std::isfinite(p.clockMhz))
                fail("/platform/clock_mhz", "must be at least 1, got " + clock.dump());
        }
        if (platform.contains("icache")) {
            const json& domains = requireObject(platform["icache"], "/platform/icache");
            for (auto it = domains.begin(); it != domains.end(); ++it) {
                const std::string at = child("/platform/icache", it.key());
                const json& d = requireObject(it.value(), at);
                IcacheDomain domain;
                domain.name = it.key();
                auto field = [&](const char* key, std::int64_t minimum) {
                    return requireInteger(requireKey(d, at, key), child(at, key), minimum);
                };
                domain.l1Bytes = field("l1_bytes", 0);
                domain.l2Bytes = field("l2_bytes", 0);
                domain.lineBytes = field("line_bytes", 1);
                domain.l2HitLatency = field("l2_hit_latency", 0);
                domain.l2BytesPerCycle = field("l2_bytes_per_cycle", 1);
                domain.missLatency = field("miss_latency", 0);
                domain.missBytesPerCycle = field("miss_bytes_per_cycle", 1);
                keepUnknown(d,
                    { "l1_bytes", "l2_bytes", "line_bytes", "l2_hit_latency", "l2_bytes_per_cycle", "miss_latency",
                        "miss_bytes_per_cycle" },
                    domain.extra);
                p.icache.push_back(std::move(domain));
            }
        }
        const json& executors = requireObject(requireKey(platform, "/platform", "executors"), "/platform/executors");
        for (auto it = executors.begin(); it != executors.end(); ++it) {
            const std::string at = child("/platform/executors", it.key());
            const json& e = requireObject(it.value(), at);
            ExecutorKind kind;
            kind.name = it.key();
            if (e.contains("units"))
                kind.units = static_cast<std::uint32_t>(requireInteger(e["units"], child(at, "units"), 1, 65535));
            if (e.contains("engines"))
                kind.engines = static_cast<std::uint32_t>(requireInteger(e["engines"], child(at, "engines"), 1, 65535));
            if (e.contains("tiled")) {
                if (!e["tiled"].is_boolean())
                    fail(child(at, "tiled"), "must be a boolean, got " + typeName(e["tiled"]));
                kind.tiled = e["tiled"].get<bool>();
            }
            if (e.contains("icache")) {
                const std::string& domain = requireString(e["icache"], child(at, "icache"));
                kind.icacheDomain = p.findIcache(domain);
                if (kind.icacheDomain < 0)
                    fail(child(at, "icache"), "unknown icache domain \"" + domain + "\"");
            }
            keepUnknown(e, { "units", "engines", "tiled", "icache" }, kind.extra);
            p.executors.push_back(std::move(kind));
        }
        if (p.executors.size() > UINT16_MAX)
            fail("/platform/executors", "has more than 65535 executor kinds");
        if (platform.contains("costs")) {
            p.costs = requireObject(platform["costs"], "/platform/costs");
            Status costs = CostModel::standard().validate(p.costs);
            if (!costs.ok())
                fail(costs.error().where, costs.error().message);
        }
    }

    void loadKernels(const json& root, TaskGraph& graph)
    {
        if (!root.contains("kernels"))
            return;
        const json& kernels = requireObject(root["kernels"], "/kernels");
        for (auto it = kernels.begin(); it != kernels.end(); ++it) {
            const std::string at = child("/kernels", it.key());
            const json& k = requireObject(it.value(), at);
            Kernel kernel;
            kernel.name = it.key();
            kernel.codeBytes = requireInteger(requireKey(k, at, "code_bytes"), child(at, "code_bytes"), 0);
            if (k.contains("type"))
                kernel.type = requireString(k["type"], child(at, "type"));
            keepUnknown(k, { "code_bytes", "type" }, kernel.extra);
            graph.kernels.push_back(std::move(kernel)); // JSON objects iterate sorted by key.
        }
    }

    void loadGroups(const json& root, TaskGraph& graph)
    {
        if (!root.contains("groups"))
            return;
        const json& groups = requireArray(root["groups"], "/groups");
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const std::string at = child("/groups", g);
            const json& object = requireObject(groups[g], at);
            Group group;
            group.id = requireString(requireKey(object, at, "id"), child(at, "id"));
            group.kind = requireString(requireKey(object, at, "kind"), child(at, "kind"));
            const json& members = requireArray(requireKey(object, at, "tasks"), child(at, "tasks"));
            for (std::size_t m = 0; m < members.size(); ++m) {
                const std::string& id = requireString(members[m], child(child(at, "tasks"), m));
                const TaskIndex task = graph.findTask(id);
                if (task == kNoTask)
                    fail(child(child(at, "tasks"), m), "unknown task \"" + id + "\"");
                group.tasks.push_back(task);
            }
            keepUnknown(object, { "id", "kind", "tasks" }, group.extra);
            graph.groups.push_back(std::move(group));
        }
    }


} // namespace

namespace {

    /// Everything after the syntax: the root's keys, platform, kernels, name resolution, groups.
    void finishLoad(json& root, TaskGraph& graph, TaskCollector& collector)
    {
        if (!root.is_object())
            fail("", "the document must be a JSON object, got " + typeName(root));
        const std::string& format = requireString(requireKey(root, "", "format"), "/format");
        if (format != "lookahead-taskgraph")
            fail("/format", "must be \"lookahead-taskgraph\", got \"" + format + "\"");
        const std::int64_t version = requireInteger(requireKey(root, "", "version"), "/version", 0);
        if (version != 1)
            fail("/version", "unsupported version " + std::to_string(version) + " (this build reads version 1)");
        if (root.contains("name"))
            graph.name = requireString(root["name"], "/name");
        if (!root.contains("tasks"))
            fail("/tasks", "required key is missing");
        if (!root["tasks"].is_array())
            fail("/tasks", "must be an array, got " + typeName(root["tasks"]));

        loadPlatform(root, graph);
        loadKernels(root, graph);
        collector.resolve();
        loadGroups(root, graph);
        if (root.contains("provenance")) {
            const json& provenance = requireObject(root["provenance"], "/provenance");
            if (provenance.contains("passes"))
                graph.provenancePasses = requireArray(provenance["passes"], "/provenance/passes");
        }
        keepUnknown(root, { "format", "version", "name", "platform", "kernels", "tasks", "groups", "schedule", "provenance" },
            graph.extra);
    }

    constexpr unsigned kNotAFastKey = 99;

    /// Index of a plain task key (id, name, exec, unit, cycles, kernel, wait, update, after, role,
    /// prefetch, origin), dispatched on length and first letter: one compare per key.
    unsigned fastKeyIndex(std::string_view key)
    {
        auto is = [&](std::string_view word, unsigned index) { return key == word ? index : kNotAFastKey; };
        switch (key.size()) {
        case 2:
            return is("id", 0);
        case 4:
            switch (key[0]) {
            case 'n':
                return is("name", 1);
            case 'e':
                return is("exec", 2);
            case 'u':
                return is("unit", 3);
            case 'w':
                return is("wait", 6);
            case 'r':
                return is("role", 9);
            }
            return kNotAFastKey;
        case 5:
            return is("after", 8);
        case 6:
            switch (key[0]) {
            case 'c':
                return is("cycles", 4);
            case 'k':
                return is("kernel", 5);
            case 'u':
                return is("update", 7);
            case 'o':
                return is("origin", 11);
            }
            return kNotAFastKey;
        case 8:
            return is("prefetch", 10);
        }
        return kNotAFastKey;
    }

    /// One task object whose keys are all the plain ones with plain values (ASCII strings without
    /// escapes, digit-only integers in range, lists of such strings), each key once, and the
    /// required keys present. Anything else returns false and the caller reparses the task with
    /// nlohmann and the full checks.
    bool parseFastTask(detail::JsonScanner& scanner, TaskCollector::FastTask& task, std::string_view text)
    {
        std::string scratch;
        auto plainString = [&](std::string_view& out) {
            if (scanner.peek() != '"' || !scanner.string(out, scratch))
                return false;
            // Views into `scratch` would not outlive this task: escaped strings take the slow path.
            return out.data() >= text.data() && out.data() + out.size() <= text.data() + text.size();
        };
        auto plainList = [&](std::vector<std::string_view>& out) {
            out.clear();
            if (!scanner.consume('['))
                return false;
            if (scanner.consume(']'))
                return true;
            for (;;) {
                std::string_view item;
                if (!plainString(item))
                    return false;
                out.push_back(item);
                if (scanner.consume(']'))
                    return out.size() <= UINT16_MAX;
                if (!scanner.consume(','))
                    return false;
            }
        };
        // Reset field by field: the lists keep their capacity across a million tasks.
        task.id = task.name = task.exec = task.kernel = task.role = task.prefetch = task.origin = {};
        task.cycles = -1;
        task.unit = 0;
        task.wait.clear();
        task.update.clear();
        task.after.clear();
        if (!scanner.consume('{'))
            return false;
        unsigned seen = 0;
        for (;;) {
            std::string_view key;
            if (!plainString(key) || !scanner.consume(':'))
                return false;
            const unsigned bit = fastKeyIndex(key);
            if (bit == kNotAFastKey || (seen & (1u << bit)))
                return false; // optional or unknown key, or a duplicate: full path
            seen |= 1u << bit;
            bool ok = false;
            switch (bit) {
            case 0:
                ok = plainString(task.id) && !task.id.empty();
                break;
            case 1:
                ok = plainString(task.name);
                break;
            case 2:
                ok = plainString(task.exec);
                break;
            case 3:
                ok = scanner.plainUnsigned(task.unit) && task.unit <= std::int64_t(UINT32_MAX - 1);
                break;
            case 4:
                ok = scanner.plainUnsigned(task.cycles) && task.cycles <= kMaxCycles;
                break;
            case 5:
                ok = plainString(task.kernel);
                break;
            case 6:
                ok = plainList(task.wait);
                break;
            case 7:
                ok = plainList(task.update);
                break;
            case 8:
                ok = plainList(task.after);
                break;
            case 9:
                ok = plainString(task.role);
                break;
            case 10:
                ok = plainString(task.prefetch);
                break;
            case 11:
                ok = plainString(task.origin);
                break;
            }
            if (!ok)
                return false;
            if (scanner.consume('}'))
                break;
            if (!scanner.consume(','))
                return false;
        }
        const bool required = task.id.data() && task.exec.data() && task.cycles >= 0;
        return required && !(task.role == "prefetch" && !task.prefetch.data());
    }

    /// The fast path over the whole document. Returns false when the scanner met anything it does
    /// not accept (then nothing it did counts); throws LoadError for problems of the model.
    bool parseFast(std::string_view text, json& root, TaskCollector& collector)
    {
        detail::JsonScanner scanner(text);
        if (!scanner.consume('{'))
            return false;
        root = json::object();
        if (scanner.consume('}'))
            return scanner.atEnd();
        bool sawTasks = false;
        std::string scratch;
        TaskCollector::FastTask fast;
        for (;;) {
            std::string_view keyView;
            if (!scanner.string(keyView, scratch) || !scanner.consume(':'))
                return false;
            const std::string key(keyView);
            if (key == "tasks" && scanner.peek() == '[') {
                if (sawTasks || root.contains("tasks"))
                    return false; // duplicate key: nlohmann's last-wins semantics, leave it to the slow path
                sawTasks = true;
                scanner.consume('[');
                root["tasks"] = json::array();
                if (!scanner.consume(']')) {
                    for (std::size_t index = 0;; ++index) {
                        const std::size_t begin = scanner.position();
                        if (parseFastTask(scanner, fast, text)) {
                            collector.addFast(fast, index);
                        } else {
                            scanner.rewind(begin);
                            json element;
                            if (!scanner.value(element))
                                return false;
                            collector.add(element, index);
                        }
                        if (scanner.consume(']'))
                            break;
                        if (!scanner.consume(','))
                            return false;
                    }
                }
            } else {
                if (key == "tasks" && sawTasks)
                    return false;
                json value;
                if (!scanner.value(value))
                    return false;
                root[key] = std::move(value);
            }
            if (scanner.consume('}'))
                break;
            if (!scanner.consume(','))
                return false;
        }
        return scanner.atEnd();
    }

} // namespace

Result<TaskGraph> parseTaskGraph(std::string_view text, const std::string& fileLabel, ParsePath path)
{
    if (path != ParsePath::NlohmannOnly) {
        // Fast path first; any syntax it does not accept falls through to nlohmann, whose messages
        // (with line and column) are the ones users see.
        TaskGraph graph;
        graph.ids.reserve(text.size() / 160, text.size() / 40);
        TaskCollector collector(graph);
        json root;
        try {
            if (parseFast(text, root, collector)) {
                finishLoad(root, graph, collector);
                Status acyclic = checkNoDeadlock(graph, fileLabel);
                if (!acyclic.ok())
                    return acyclic.error();
                return graph;
            }
        } catch (const LoadError& e) {
            return Error { fileLabel, e.pointer.empty() ? "/" : e.pointer, e.message };
        }
    }

    TaskGraph graph;
    TaskCollector collector(graph);
    std::string topKey;
    bool inTaskArray = false;
    std::size_t taskIndex = 0;

    // Tasks are converted as soon as each object closes and then discarded from the DOM.
    auto callback = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
        switch (event) {
        case json::parse_event_t::key:
            if (depth == 1)
                topKey = parsed.get<std::string>();
            return true;
        case json::parse_event_t::array_start:
            if (depth == 1 && topKey == "tasks")
                inTaskArray = true;
            return true;
        case json::parse_event_t::array_end:
            if (depth == 1)
                inTaskArray = false;
            return true;
        case json::parse_event_t::object_end:
        case json::parse_event_t::value:
            if (inTaskArray && depth == 2) {
                collector.add(parsed, taskIndex++);
                return false;
            }
            return true;
        default:
            return true;
        }
    };

    try {
        json root;
        try {
            root = json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true, /*ignore_comments=*/false);
        } catch (const json::parse_error& e) {
            const auto [line, column] = lineAndColumn(text, e.byte == 0 ? 0 : e.byte - 1);
            return Error { fileLabel, "line " + std::to_string(line) + ", column " + std::to_string(column),
                "invalid JSON: " + parseErrorReason(e.what()) };
        } catch (const json::exception& e) {
            return Error { fileLabel, "", "invalid JSON: " + parseErrorReason(e.what()) };
        }
        finishLoad(root, graph, collector);
    } catch (const LoadError& e) {
        return Error { fileLabel, e.pointer.empty() ? "/" : e.pointer, e.message };
    }

    Status acyclic = checkNoDeadlock(graph, fileLabel);
    if (!acyclic.ok())
        return acyclic.error();
    return graph;
}

Result<TaskGraph> loadTaskGraphFile(const std::string& path)
{
    Result<std::string> text = readFile(path);
    if (!text.ok())
        return text.error();
    return parseTaskGraph(text.value(), path);
}

} // namespace lookahead
