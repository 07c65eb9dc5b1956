// Dependency graph on Boost.Graph and the verifier: cycles named, topological order, reachability,
// hazards (which tasks, which buffer, why) and lost dependencies.

#include "TestRegistry.h"

#include "lookahead/DependencyGraph.h"
#include "lookahead/Loader.h"
#include "lookahead/Verifier.h"

#include <QTest>

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
};

LOOKAHEAD_TEST(DependencyGraphTest)
#include "tst_dependencygraph.moc"
