#include "formats/TaskReader.h"

namespace lookahead::graphformat {

namespace {

    const Place kTasks = Place {}.child("tasks");

    /// The task keys of the model, in the order they are checked after the required ones
    /// (alphabetical, as the loader has always reported the first problem of a task).
    enum Key : unsigned {
        Id,
        Exec,
        Cycles,
        After,
        Delay,
        Kernel,
        Name,
        Origin,
        Prefetch,
        Role,
        Source,
        Unit,
        Update,
        Wait,
        KeyCount,
        NotAKey = KeyCount
    };
    constexpr std::string_view kKeyNames[KeyCount] = { "id", "exec", "cycles", "after", "delay", "kernel", "name",
        "origin", "prefetch", "role", "source", "unit", "update", "wait" };

    /// Dispatched on length and first letter: one string compare per key.
    Key keyOf(std::string_view key)
    {
        auto is = [&](Key k) { return key == kKeyNames[k] ? k : NotAKey; };
        switch (key.size()) {
        case 2:
            return is(Id);
        case 4:
            switch (key[0]) {
            case 'n':
                return is(Name);
            case 'e':
                return is(Exec);
            case 'u':
                return is(Unit);
            case 'w':
                return is(Wait);
            case 'r':
                return is(Role);
            }
            return NotAKey;
        case 5:
            return key[0] == 'a' ? is(After) : is(Delay);
        case 6:
            switch (key[0]) {
            case 'c':
                return is(Cycles);
            case 'k':
                return is(Kernel);
            case 'u':
                return is(Update);
            case 'o':
                return is(Origin);
            case 's':
                return is(Source);
            }
            return NotAKey;
        case 8:
            return is(Prefetch);
        }
        return NotAKey;
    }

    /// Optional keys (blocks, phases, loop, reads, writes) are checked; any other key is kept as is.
    /// Returns head + tail of `phases` (checked against cycles later), 0 for other keys.
    std::int64_t checkOptionalKey(std::string_view key, Element value, const Place& at)
    {
        std::int64_t phaseCycles = 0;
        if (key == "blocks") {
            requireInteger(value, at, 1, 1 << 20);
        } else if (key == "phases") {
            const Object phases = requireObject(value, at);
            for (std::string_view part : { "head", "tail" })
                if (auto cycles = findKey(phases, part))
                    phaseCycles += requireInteger(*cycles, at.child(part), 0, kMaxCycles);
        } else if (key == "loop") {
            const Object loop = requireObject(value, at);
            if (auto id = findKey(loop, "id"))
                requireString(*id, at.child("id"));
            if (auto iter = findKey(loop, "iter"))
                requireInteger(*iter, at.child("iter"), 0);
            if (auto stage = findKey(loop, "stage"))
                requireString(*stage, at.child("stage"));
        } else if (key == "reads" || key == "writes") {
            std::size_t i = 0;
            for (Element name : requireArray(value, at)) {
                requireString(name, at.child(i));
                ++i;
            }
        }
        return phaseCycles;
    }

} // namespace

TaskReader::TaskReader(TaskGraph& graph)
    : m_graph(graph)
{
    // As many as the graph has room for (address space until filled): grown by doubling, these
    // were copied and faulted in again at every step.
    m_pending.reserve(graph.tasks.capacity());
    m_definedAt.reserve(graph.tasks.capacity());
}

namespace {
    template <typename T>
    void addRoom(std::vector<json::PrefaultAhead::Room>& rooms, const std::vector<T>& table, double growth)
    {
        const auto expected = std::min(table.capacity(), json::projectedCount(table.size(), growth));
        if (expected > table.size())
            rooms.push_back(
                { reinterpret_cast<const char*>(table.data() + table.size()), (expected - table.size()) * sizeof(T) });
    }
} // namespace

std::vector<json::PrefaultAhead::Room> TaskReader::roomAhead(double growth)
{
    std::vector<json::PrefaultAhead::Room> rooms;
    // The ids' arena was reserved from the text's size, which may say too little (short ids grew
    // it, copied it and faulted it in twice): now the tasks read tell.
    StringPool& ids = m_graph.ids;
    ids.reserveArena(json::projectedCount(ids.size(), growth), json::projectedCount(ids.chars(), growth));
    for (const std::span<const std::byte> room : ids.unusedArena())
        rooms.push_back({ reinterpret_cast<const char*>(room.data()), room.size() });
    addRoom(rooms, m_graph.tasks, growth);
    addRoom(rooms, m_graph.refs, growth);
    addRoom(rooms, m_pending, growth);
    addRoom(rooms, m_definedAt, growth);
    return rooms;
}

void TaskReader::add(Element value, std::size_t index)
{
    const Place at = kTasks.child(index);
    const Object object = requireObject(value, at);
    // One pass over the fields; a repeated key counts once, its last value (nlohmann's reading).
    Element keys[KeyCount];
    unsigned seen = 0;
    m_other.clear();
    for (simdjson::dom::key_value_pair field : object) {
        const Key key = keyOf(field.key);
        if (key == NotAKey) {
            m_other.emplace_back(field.key, field.value);
        } else {
            keys[key] = field.value;
            seen |= 1u << key;
        }
    }
    for (Key required : { Id, Exec, Cycles })
        if (!(seen & (1u << required)))
            fail(at.child(kKeyNames[required]), "required key is missing");

    Task task;
    const std::string_view id = requireString(keys[Id], at.child("id"));
    if (id.empty())
        fail(at.child("id"), "must not be empty");
    pendingId(id, static_cast<TaskIndex>(index));
    PendingNames names { m_names.intern(requireString(keys[Exec], at.child("exec"))), kNoSymbol, kNoSymbol };
    task.cycles = requireInteger(keys[Cycles], at.child("cycles"), 0, kMaxCycles);
    m_wait.clear();
    m_update.clear();
    m_after.clear();
    for (unsigned key = After; key < KeyCount; ++key)
        if (seen & (1u << key))
            readKnownKey(key, keys[key], at.child(kKeyNames[key]), task, names);
    if (task.role == TaskRole::Prefetch && names.prefetch == kNoSymbol)
        fail(at.child("prefetch"), "required key is missing (the task has role \"prefetch\")");
    if (!m_other.empty())
        readOptionalKeys(at, static_cast<TaskIndex>(index), task);
    commit(task, names);
}

void TaskReader::readKnownKey(unsigned key, Element value, const Place& at, Task& task, PendingNames& names)
{
    switch (key) {
    case After:
        readStrings(value, at, [&](std::string_view id) { m_after.push_back(pendingId(id, kNoTask)); });
        break;
    case Delay:
        task.delay = requireInteger(value, at, 0, kMaxCycles);
        break;
    case Kernel:
        names.kernel = m_names.intern(requireString(value, at));
        break;
    case Name:
        task.name = pendingString(requireString(value, at));
        break;
    case Origin:
        task.origin = pendingString(requireString(value, at));
        break;
    case Prefetch:
        names.prefetch = m_names.intern(requireString(value, at));
        break;
    case Role:
        setRole(task, requireString(value, at));
        break;
    case Source:
        task.source = pendingString(requireString(value, at));
        break;
    case Unit:
        task.unit = static_cast<std::uint32_t>(requireInteger(value, at, 0, UINT32_MAX - 1));
        break;
    case Update:
        readStrings(value, at, [&](std::string_view b) { m_update.push_back(pendingBarrier(b)); });
        break;
    case Wait:
        readStrings(value, at, [&](std::string_view b) { m_wait.push_back(pendingBarrier(b)); });
        break;
    }
}

void TaskReader::readOptionalKeys(const Place& at, TaskIndex index, Task& task)
{
    // Checked in key order, a repeated key once (its last value), as nlohmann's sorted object reads;
    // kept as the text the writer will copy (TaskExtras.h).
    json::sortUniqueFields(m_other);
    for (const auto& [key, value] : m_other) {
        const std::int64_t phaseCycles = checkOptionalKey(key, value, at.child(key));
        if (key == "phases")
            m_phaseCycles.emplace_back(index, phaseCycles);
    }
    m_extraText.clear();
    {
        json::TextWriter out(m_extraText, 256); // small: each task's text starts a new writer
        json::writeCanonicalFields(out, m_other);
    }
    task.extra = m_graph.taskExtras.addText(m_extraText);
}

template <typename Take> void TaskReader::readStrings(Element value, const Place& at, Take&& take)
{
    std::size_t i = 0;
    for (Element item : requireArray(value, at)) {
        take(requireString(item, at.child(i)));
        ++i;
    }
    if (i > UINT16_MAX)
        fail(at, "has more than 65535 entries");
}

std::uint32_t TaskReader::pendingId(std::string_view id, TaskIndex owner)
{
    m_idTexts.push_back(id);
    m_idOwner.push_back(owner);
    return static_cast<std::uint32_t>(m_idTexts.size() - 1);
}

Symbol TaskReader::pendingString(std::string_view text)
{
    m_stringTexts.push_back(text);
    return static_cast<Symbol>(m_stringTexts.size() - 1);
}

std::uint32_t TaskReader::pendingBarrier(std::string_view name)
{
    m_barrierTexts.push_back(name);
    return static_cast<std::uint32_t>(m_barrierTexts.size() - 1);
}

void TaskReader::internNames()
{
    std::vector<Symbol> idSymbols(m_idTexts.size());
    m_graph.ids.intern(m_idTexts, idSymbols);
    // An id may be interned by an earlier task's `after` (a forward reference), so "defined" is
    // tracked per symbol rather than inferred from the pool growing.
    m_definedAt.resize(m_graph.ids.size(), UINT32_MAX);
    for (std::size_t i = 0; i < idSymbols.size(); ++i) {
        const TaskIndex owner = m_idOwner[i];
        if (owner == kNoTask)
            continue;
        std::uint32_t& first = m_definedAt[idSymbols[i]];
        if (first != UINT32_MAX)
            fail(kTasks.child(std::size_t(owner)).child("id"),
                "duplicate task id \"" + std::string(m_idTexts[i]) + "\" (first defined at /tasks/"
                    + std::to_string(first) + ")");
        first = owner;
        if (owner < m_graph.tasks.size()) // not the task add() refused
            m_graph.tasks[owner].id = idSymbols[i];
    }
    std::vector<Symbol> barrierSymbols(m_barrierTexts.size());
    m_graph.barriers.intern(m_barrierTexts, barrierSymbols);
    std::vector<Symbol> stringSymbols(m_stringTexts.size());
    m_graph.strings.intern(m_stringTexts, stringSymbols);
    for (std::size_t t = m_internedTasks; t < m_graph.tasks.size(); ++t) {
        Task& task = m_graph.tasks[t];
        for (Symbol* text : { &task.name, &task.origin, &task.source, &task.roleName })
            if (*text != kNoSymbol)
                *text = stringSymbols[*text];
        std::uint32_t* refs = m_graph.refs.data() + task.refOffset;
        const std::size_t barriers = std::size_t(task.waitCount) + task.updateCount;
        for (std::size_t r = 0; r < barriers; ++r)
            refs[r] = barrierSymbols[refs[r]];
        for (std::size_t r = barriers; r < barriers + task.afterCount; ++r)
            refs[r] = idSymbols[refs[r]];
    }
    m_internedTasks = m_graph.tasks.size();
    m_idTexts.clear();
    m_idOwner.clear();
    m_barrierTexts.clear();
    m_stringTexts.clear();
}

void TaskReader::setRole(Task& task, std::string_view role)
{
    if (role == "compute") {
        task.role = TaskRole::Compute;
    } else if (role == "prefetch") {
        task.role = TaskRole::Prefetch;
    } else if (role == "sync") {
        task.role = TaskRole::Sync;
    } else if (role == "dma") {
        task.role = TaskRole::Dma;
    } else {
        task.role = TaskRole::Other;
        task.roleName = pendingString(role);
    }
}

void TaskReader::commit(Task& task, const PendingNames& names)
{
    task.refOffset = static_cast<std::uint32_t>(m_graph.refs.size());
    task.waitCount = static_cast<std::uint16_t>(m_wait.size());
    task.updateCount = static_cast<std::uint16_t>(m_update.size());
    task.afterCount = static_cast<std::uint16_t>(m_after.size());
    m_graph.refs.insert(m_graph.refs.end(), m_wait.begin(), m_wait.end());
    m_graph.refs.insert(m_graph.refs.end(), m_update.begin(), m_update.end());
    m_graph.refs.insert(m_graph.refs.end(), m_after.begin(), m_after.end());
    m_graph.tasks.push_back(task);
    m_pending.push_back(names);
}

KernelIndex TaskReader::resolveKernel(
    Symbol name, std::vector<KernelIndex>& cache, const Place& at, std::string_view key)
{
    if (name == kNoSymbol)
        return kNoKernel;
    KernelIndex& kernel = cache[name];
    if (kernel == -2)
        kernel = m_graph.findKernel(m_names.view(name));
    if (kernel == kNoKernel)
        fail(at.child(key), "unknown kernel \"" + std::string(m_names.view(name)) + "\"");
    return kernel;
}

void TaskReader::resolve()
{
    m_graph.rebuildIndex();
    std::vector<int> execOf(m_names.size(), -2);
    std::vector<KernelIndex> kernelOf(m_names.size(), -2);
    auto phases = m_phaseCycles.begin();
    for (TaskIndex i = 0; i < m_graph.tasks.size(); ++i) {
        Task& task = m_graph.tasks[i];
        const PendingNames& names = m_pending[i];
        const Place at = kTasks.child(std::size_t(i));
        int& exec = execOf[names.exec];
        if (exec == -2)
            exec = m_graph.platform.findExecutor(m_names.view(names.exec));
        if (exec < 0)
            fail(at.child("exec"), "unknown executor kind \"" + std::string(m_names.view(names.exec)) + "\"");
        task.exec = static_cast<std::uint16_t>(exec);
        const ExecutorKind& kind = m_graph.platform.executors[task.exec];
        if (task.unit >= kind.units)
            fail(at.child("unit"),
                "unit " + std::to_string(task.unit) + " is out of range: executor kind \"" + kind.name + "\" has "
                    + std::to_string(kind.units) + " unit(s)");
        task.kernel = resolveKernel(names.kernel, kernelOf, at, "kernel");
        task.prefetch = resolveKernel(names.prefetch, kernelOf, at, "prefetch");
        auto* afterBegin = m_graph.refs.data() + task.refOffset + task.waitCount + task.updateCount;
        for (std::uint16_t a = 0; a < task.afterCount; ++a) {
            const Symbol idSymbol = afterBegin[a];
            // The symbol names its task directly: no second hash look-up of the id.
            const TaskIndex target = idSymbol < m_definedAt.size() ? m_definedAt[idSymbol] : kNoTask;
            if (target == kNoTask)
                fail(at.child("after").child(std::size_t(a)),
                    "unknown task \"" + std::string(m_graph.ids.view(idSymbol)) + "\"");
            afterBegin[a] = target;
        }
        if (phases != m_phaseCycles.end() && phases->first == i) {
            if (phases->second > task.cycles)
                fail(at.child("phases"),
                    "head + tail (" + std::to_string(phases->second) + ") exceeds cycles ("
                        + std::to_string(task.cycles) + ")");
            ++phases;
        }
    }
}

} // namespace lookahead::graphformat
