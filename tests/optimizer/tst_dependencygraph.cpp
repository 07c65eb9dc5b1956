// Dependency graph on Boost.Graph and the verifier: cycles named, topological order, reachability,
// hazards (which tasks, which buffer, why) and lost dependencies.

#include "TestRegistry.h"

#include "BufferHazards.h"

#include "lookahead/DependencyGraph.h"
#include "lookahead/Loader.h"
#include "lookahead/Verifier.h"

#include <QTest>

#include <random>

using namespace lookahead;

namespace {
TaskGraph load(const std::string& tasks, const std::string& executors = R"({"X": {"units": 2}, "M": {"engines": 2}})")
{
    const std::string text = R"({"format": "lookahead-taskgraph", "version": 1, "platform": {"executors": )" + executors
        + R"(}, "tasks": )" + tasks + "}";
    auto graph = parseTaskGraph(text, "t.json");
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    return std::move(graph).value();
}

/// Hazards as `buffer first second kind` lines, in the order reported.
std::vector<std::string> hazardLines(const TaskGraph& g)
{
    std::vector<std::string> lines;
    for (const Hazard& h : Verifier::findHazards(g))
        lines.push_back(
            h.buffer + " " + std::string(g.taskId(h.first)) + " " + std::string(g.taskId(h.second)) + " " + h.kind);
    return lines;
}

/// A random graph of `count` tasks on two single-engine queues and one two-engine queue, with
/// barriers, `after` and reads/writes of three buffers; some references point forward in file order
/// (a cycle then makes the loader refuse the graph: the caller skips it).
std::string randomTasks(std::mt19937& random, int count)
{
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    static const char* kBuffers[] = { "p", "q", "r" };
    auto quoted = [](const std::string& text) { return "\"" + text + "\""; };
    auto join = [](std::string& list, const std::string& item) { list += (list.empty() ? "" : ", ") + item; };
    std::string tasks = "[";
    for (int i = 0; i < count; ++i) {
        const int exec = pick(3);
        tasks += std::string(i ? ", " : "") + R"({"id": "t)" + std::to_string(i) + R"(", "cycles": 1, "exec": )"
            + (exec == 2 ? R"("M")" : R"("X", "unit": )" + std::to_string(exec));
        tasks += R"(, "update": [)" + quoted("b" + std::to_string(i)) + "]";
        std::string waits, after, reads, writes;
        for (int k = pick(3); k > 0; --k) {
            const int other = pick(2 * count) == 0 ? pick(count) : (i ? pick(i) : -1); // rarely forward
            if (other >= 0 && other != i)
                join(waits, quoted("b" + std::to_string(other)));
        }
        if (i > 0 && pick(4) == 0)
            after = quoted("t" + std::to_string(pick(i)));
        for (const char* buffer : kBuffers) {
            const int use = pick(6); // 0: none, 1-2: read, 3: write, 4: both, 5: read twice
            if (use != 0 && use != 3)
                join(reads, quoted(buffer));
            if (use == 5)
                join(reads, quoted(buffer));
            if (use == 3 || use == 4)
                join(writes, quoted(buffer));
        }
        tasks += R"(, "wait": [)" + waits + R"(], "after": [)" + after + R"(], "reads": [)" + reads
            + R"(], "writes": [)" + writes + "]}";
    }
    return tasks + "]";
}
} // namespace

class DependencyGraphTest : public QObject {
    Q_OBJECT
private slots:
    void topologicalOrderRespectsEdges()
    {
        TaskGraph g = load(R"([{"id": "c", "exec": "X", "cycles": 1, "wait": ["b"]},
                               {"id": "a", "exec": "X", "unit": 1, "cycles": 1, "update": ["b"]},
                               {"id": "d", "exec": "X", "unit": 1, "cycles": 1, "after": ["c"]}])");
        const DependencyGraph dependencies(g);
        const auto order = dependencies.topologicalOrder();
        QCOMPARE(order.size(), 3u);
        auto position = [&](TaskIndex t) { return std::find(order.begin(), order.end(), t) - order.begin(); };
        QVERIFY(position(1) < position(0)); // a updates b before c waits
        QVERIFY(position(0) < position(2)); // d after c
        QVERIFY(!dependencies.findCycle());
        QCOMPARE(dependencies.predecessors(0), (std::vector<TaskIndex> { 1 }));
        QCOMPARE(dependencies.successors(1), (std::vector<TaskIndex> { 0, 2 }));
    }

    void hazardsNameTasksBufferAndWhy()
    {
        TaskGraph g = load(R"([{"id": "load1", "exec": "X", "cycles": 1, "writes": ["L1.K[1]"]},
                               {"id": "mm0", "exec": "X", "unit": 1, "cycles": 1, "reads": ["L1.K[1]"]},
                               {"id": "mm1", "exec": "X", "unit": 1, "cycles": 1, "reads": ["L1.K[1]"]}])");
        const auto hazards = Verifier::findHazards(g);
        // mm0 and mm1 only read: no hazard between them; mm1 is ordered after mm0 by its queue, but
        // neither is ordered with load1 (another queue, no barrier).
        QCOMPARE(hazards.size(), 2u);
        QCOMPARE(hazards[0].buffer, std::string("L1.K[1]"));
        QCOMPARE(hazards[0].kind, std::string("read-after-write"));
        QCOMPARE(hazards[0].explanation,
            std::string("hazard on buffer \"L1.K[1]\": load1 writes it and mm0 reads it, but no barrier, `after` or "
                        "single-engine queue order puts one before the other (read-after-write in file order)"));
    }

    void barriersAndSingleEngineQueuesOrder()
    {
        TaskGraph g = load(R"([{"id": "w", "exec": "X", "cycles": 1, "writes": ["buf"], "update": ["b"]},
                               {"id": "r", "exec": "X", "unit": 1, "cycles": 1, "reads": ["buf"], "wait": ["b"]},
                               {"id": "w2", "exec": "X", "unit": 1, "cycles": 1, "writes": ["buf"]}])");
        QVERIFY(Verifier::findHazards(g).empty());
    }

    void multiEngineQueueOrderDoesNotOrder()
    {
        TaskGraph g = load(R"([{"id": "w", "exec": "M", "cycles": 1, "writes": ["buf"]},
                               {"id": "r", "exec": "M", "cycles": 1, "reads": ["buf"]}])");
        QCOMPARE(Verifier::findHazards(g).size(), 1u);
    }

    void hazardsAmongManyReadersBetweenWriters()
    {
        // Readers ordered after the first write only; writes ordered through barriers, `after` and
        // queues, or not at all (w4); `acc` is read and written by w2 (a write). Every racing pair
        // is reported, sorted by buffer, then by the file order of both accesses.
        TaskGraph g = load(R"([{"id": "w1", "exec": "X", "cycles": 1, "writes": ["buf"], "update": ["b1"]},
            {"id": "r1", "exec": "M", "cycles": 1, "reads": ["buf"], "wait": ["b1"]},
            {"id": "r2", "exec": "M", "cycles": 1, "reads": ["buf"], "wait": ["b1"]},
            {"id": "r3", "exec": "M", "cycles": 1, "reads": ["buf"], "wait": ["b1"]},
            {"id": "r4", "exec": "M", "cycles": 1, "reads": ["buf", "acc"]},
            {"id": "w2", "exec": "X", "unit": 1, "cycles": 1, "writes": ["buf", "acc"], "reads": ["acc"],
             "wait": ["b1"], "after": ["r1", "r2"]},
            {"id": "w3", "exec": "M", "cycles": 1, "writes": ["buf"], "reads": ["acc"], "after": ["w2"]},
            {"id": "r5", "exec": "X", "cycles": 1, "reads": ["buf"]},
            {"id": "w4", "exec": "M", "cycles": 1, "writes": ["buf"], "update": ["b4"]},
            {"id": "r6", "exec": "M", "cycles": 1, "reads": ["buf"], "wait": ["b4"], "after": ["w3"]}])");
        const std::vector<std::string> expected { "acc r4 w2 write-after-read", "buf w1 r4 read-after-write",
            "buf w1 w4 write-after-write", "buf r1 w4 write-after-read", "buf r2 w4 write-after-read",
            "buf r3 w2 write-after-read", "buf r3 w3 write-after-read", "buf r3 w4 write-after-read",
            "buf r4 w2 write-after-read", "buf r4 w3 write-after-read", "buf r4 w4 write-after-read",
            "buf w2 r5 read-after-write", "buf w2 w4 write-after-write", "buf w3 r5 read-after-write",
            "buf w3 w4 write-after-write", "buf r5 w4 write-after-read" };
        QCOMPARE(hazardLines(g), expected);
    }

    void hazardsOfOneTaskAndOfQueues()
    {
        // A buffer listed twice by one task is two accesses (they race with each other when one
        // writes); single-engine queue order orders, even when the file order is not topological.
        TaskGraph g = load(R"([{"id": "a", "exec": "X", "cycles": 1, "writes": ["d", "d"], "wait": ["late"]},
            {"id": "b", "exec": "X", "cycles": 1, "reads": ["d"]},
            {"id": "c", "exec": "X", "unit": 1, "cycles": 1, "update": ["late"], "reads": ["d"]}])");
        const std::vector<std::string> expected { "d a a write-after-write" };
        QCOMPARE(hazardLines(g), expected);
    }

    void racingPairsMatchEveryPairChecked_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("seeds");
        QTest::newRow("small graphs") << 6 << 300;
        QTest::newRow("medium graphs") << 40 << 100;
        QTest::newRow("larger graphs") << 200 << 10;
    }

    void racingPairsMatchEveryPairChecked()
    {
        // The race-detector sweep against the definition (every pair), on random graphs.
        QFETCH(int, tasks);
        QFETCH(int, seeds);
        int compared = 0, racingSeen = 0;
        for (int seed = 1; seed <= seeds; ++seed) {
            std::mt19937 random(static_cast<std::uint32_t>(seed));
            const std::string text = R"({"format": "lookahead-taskgraph", "version": 1, "platform": {"executors": )"
                                     R"({"X": {"units": 2}, "M": {"engines": 2}}}, "tasks": )"
                + randomTasks(random, tasks) + "}";
            auto graph = parseTaskGraph(text, "t.json");
            if (!graph.ok())
                continue; // a cycle
            std::vector<BufferAccesses> buffers;
            std::vector<std::vector<BufferAccess>> storage;
            for (const char* name : { "p", "q", "r" }) {
                std::vector<BufferAccess>& buffer = storage.emplace_back();
                for (TaskIndex t = 0; t < graph.value().tasks.size(); ++t) {
                    const auto writes = graph.value().taskBuffers(graph.value().tasks[t], "writes");
                    for (const auto& w : writes)
                        if (w == name)
                            buffer.push_back({ t, true });
                    for (const auto& r : graph.value().taskBuffers(graph.value().tasks[t], "reads"))
                        if (r == name && std::find(writes.begin(), writes.end(), r) == writes.end())
                            buffer.push_back({ t, false });
                }
                buffers.push_back({ name, buffer });
            }
            const auto reference = racingPairsByPairs(graph.value(), buffers);
            // Clocks on every task, on the queues and a few chains, none (the search alone), and
            // built when the searches get costly (the default).
            for (const HazardSearch tuning :
                { HazardSearch { 256, true }, HazardSearch { 4, true }, HazardSearch { 0, true }, HazardSearch {} }) {
                const QString how = tuning.clocksUpFront ? QString("%1 chains").arg(tuning.maxChains) : "lazy clocks";
                const auto fast = racingPairs(graph.value(), buffers, tuning);
                for (std::size_t b = 0; b < buffers.size(); ++b)
                    if (fast[b] != reference[b])
                        QFAIL(qPrintable(QString("seed %1, buffer %2, %3: %4 racing pairs, expected %5")
                                             .arg(seed)
                                             .arg(buffers[b].buffer.data())
                                             .arg(how)
                                             .arg(fast[b].size())
                                             .arg(reference[b].size())));
            }
            for (const auto& pairs : reference)
                racingSeen += int(pairs.size());
            ++compared;
        }
        QVERIFY2(compared >= seeds / 4, qPrintable(QString("%1 of %2 graphs loaded").arg(compared).arg(seeds)));
        QVERIFY(racingSeen > 0);
    }

    void deadlockMatchesTheCycleSearch_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("seeds");
        QTest::newRow("small graphs") << 6 << 400;
        QTest::newRow("medium graphs") << 40 << 100;
    }

    void deadlockMatchesTheCycleSearch()
    {
        // findDeadlock() accepts a graph listed in a topological order without Kahn's algorithm;
        // both ways must agree with the Boost graph's own search, so every graph is loaded and then
        // given a few references pointing anywhere (forward ones may or may not close a cycle).
        QFETCH(int, tasks);
        QFETCH(int, seeds);
        int cyclic = 0, acyclicOutOfOrder = 0, inOrder = 0;
        for (int seed = 1; seed <= seeds; ++seed) {
            std::mt19937 random(static_cast<std::uint32_t>(seed));
            auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
            auto graph = parseTaskGraph(R"({"format": "lookahead-taskgraph", "version": 1, "platform": {"executors": )"
                                        R"({"X": {"units": 2}, "M": {"engines": 2}}}, "tasks": )"
                    + randomTasks(random, tasks) + "}",
                "t.json");
            if (!graph.ok())
                continue;
            TaskGraph g = std::move(graph).value();
            const std::size_t n = g.tasks.size();
            bool forward = false;
            for (int edit = int(pick(3)); edit > 0; --edit) {
                const TaskIndex t = TaskIndex(pick(n));
                const std::vector<BarrierIndex> wait { BarrierIndex(pick(g.barriers.size())) };
                const std::vector<BarrierIndex> update(g.updates(g.tasks[t]).begin(), g.updates(g.tasks[t]).end());
                const std::vector<TaskIndex> after { TaskIndex(pick(n)) };
                forward = forward || after[0] >= t;
                g.setReferences(t, pick(2) ? wait : std::vector<BarrierIndex> {}, update, after);
            }
            const bool found = findDeadlock(g).has_value();
            QCOMPARE(found, DependencyGraph(g).findCycle().has_value());
            (found ? cyclic : forward ? acyclicOutOfOrder : inOrder) += 1;
        }
        // Each kind of graph was seen, or the comparison says little.
        QVERIFY(cyclic > 0 && acyclicOutOfOrder > 0 && inOrder > 0);
    }

    void verifyReportsLostDependencies()
    {
        TaskGraph before = load(R"([{"id": "a", "exec": "X", "cycles": 1, "update": ["b"]},
                                    {"id": "c", "exec": "X", "unit": 1, "cycles": 1, "wait": ["b"]}])");
        TaskGraph after = before;
        after.setReferences(1, {}, {}, {});
        const VerificationReport report = Verifier::verify(before, after);
        QCOMPARE(report.lostDependencies, (std::vector<std::string> { "a -> c" }));
        QVERIFY(!report.deadlock);

        // Kept transitively through an inserted task: not lost.
        TaskGraph through = before;
        NewTask middle;
        middle.id = "m";
        middle.exec = "X";
        middle.unit = 1;
        middle.wait = { "b" };
        through.insertTasks({ { 1, middle } });
        through.setReferences(2, {}, {}, {});
        QVERIFY(Verifier::verify(before, through).lostDependencies.empty());
    }

    /// The input's side read on a thread of its own (a live rerun) or here (a parallel sweep's
    /// points): the same report, lost dependencies and new hazards alike.
    void verifyGivesOneReportWithTheInputAsideOrNot()
    {
        TaskGraph before = load(R"([{"id": "a", "exec": "X", "cycles": 1, "update": ["b"], "writes": ["L1.x"]},
                                    {"id": "c", "exec": "X", "unit": 1, "cycles": 1, "wait": ["b"], "reads": ["L1.x"]},
                                    {"id": "d", "exec": "X", "unit": 1, "cycles": 1, "writes": ["L1.y"]},
                                    {"id": "e", "exec": "X", "cycles": 1, "writes": ["L1.y"]}])");
        TaskGraph after = before;
        after.setReferences(1, {}, {}, {}); // c no longer waits for a: a lost dependency and a new race
        const VerificationReport here = Verifier::verify(before, after, HazardRules::standard(), false);
        const VerificationReport aside = Verifier::verify(before, after, HazardRules::standard(), true);
        QCOMPARE(here.lostDependencies, (std::vector<std::string> { "a -> c" }));
        QCOMPARE(here.hazards.size(), std::size_t(1)); // d and e raced in the input already
        QCOMPARE(aside.lostDependencies, here.lostDependencies);
        QCOMPARE(aside.hazards.size(), here.hazards.size());
        for (std::size_t i = 0; i < here.hazards.size(); ++i)
            QCOMPARE(aside.hazards[i].explanation, here.hazards[i].explanation);
        QCOMPARE(aside.deadlock.has_value(), here.deadlock.has_value());
    }
};

LOOKAHEAD_TEST(DependencyGraphTest)
#include "tst_dependencygraph.moc"
