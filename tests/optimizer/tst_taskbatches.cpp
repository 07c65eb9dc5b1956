// The loader's task batches (formats/TaskBatches.h) on two threads: the reader gets every task in
// the walk's order, a problem on either side ends both, and nothing waits forever.

#include "TestRegistry.h"

#include "formats/TaskBatches.h"

#include <QTest>

#include <stdexcept>

using namespace lookahead;
using namespace lookahead::graphformat;

namespace {

constexpr std::size_t kTextBytes = std::size_t(1) << 20; // for the reader's estimates only

std::string taskText(std::size_t i, std::int64_t cycles = 1)
{
    return R"({"id": "t)" + std::to_string(i) + R"(", "exec": "DMA", "cycles": )" + std::to_string(cycles) + "}";
}

} // namespace

class TaskBatchesTest : public QObject {
    Q_OBJECT
private slots:
    void readsEveryTaskInOrder_data()
    {
        QTest::addColumn<int>("batchBytes");
        QTest::newRow("a task per batch") << 1;
        QTest::newRow("a few tasks per batch") << 200;
        QTest::newRow("all in one batch") << (1 << 20);
    }

    void readsEveryTaskInOrder()
    {
        QFETCH(int, batchBytes);
        TaskGraph graph;
        TaskReader reader(graph);
        const bool walked = readPipelined(reader, kTextBytes, std::size_t(batchBytes), [](TaskBatches& batches) {
            for (std::size_t i = 0; i < 5000; ++i)
                if (!batches.add(taskText(i)))
                    return false;
            return batches.finish();
        });
        QVERIFY(walked);
        QCOMPARE(graph.tasks.size(), std::size_t(5000));
        for (TaskIndex t : { TaskIndex(0), TaskIndex(1), TaskIndex(2999), TaskIndex(4999) })
            QCOMPARE(graph.taskId(t), "t" + std::to_string(t));
    }

    void aReaderProblemEndsTheWalk()
    {
        // The walk would add tasks for ever: only the reader's stop ends it.
        TaskGraph graph;
        TaskReader reader(graph);
        std::size_t added = 0;
        bool walked = true;
        try {
            readPipelined(reader, kTextBytes, 64, [&](TaskBatches& batches) {
                while (batches.add(taskText(added, added == 700 ? -1 : 1)))
                    ++added;
                walked = false;
                return false;
            });
            QFAIL("the reader's problem was not rethrown");
        } catch (const LoadError& e) {
            QCOMPARE(QString::fromStdString(e.pointer), QStringLiteral("/tasks/700/cycles"));
        }
        QVERIFY(!walked);
        QVERIFY(added >= 700);
    }

    void aBatchThatDoesNotParseEndsTheWalk()
    {
        TaskGraph graph;
        TaskReader reader(graph);
        const bool walked = readPipelined(reader, kTextBytes, 64, [](TaskBatches& batches) {
            for (std::size_t i = 0; i < 100; ++i)
                if (!batches.add(i == 50 ? std::string(R"({"id": "t50", "exec": )") : taskText(i)))
                    return false;
            return batches.finish();
        });
        QVERIFY(!walked);
        QVERIFY(graph.tasks.size() <= 50); // the batches before it, at most
    }

    void aWalkThatThrowsIsRethrownHere()
    {
        TaskGraph graph;
        TaskReader reader(graph);
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, readPipelined(reader, kTextBytes, 64, [](TaskBatches& batches) -> bool {
                for (std::size_t i = 0; i < 100; ++i)
                    batches.add(taskText(i));
                throw std::runtime_error("out of memory");
            }));
    }
};

LOOKAHEAD_TEST(TaskBatchesTest)
#include "tst_taskbatches.moc"
