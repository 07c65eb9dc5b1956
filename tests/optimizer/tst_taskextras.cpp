// TaskExtras: a task's optional and unknown keys kept as text. The key look-up that searches the
// text before parsing must never miss a key, and the string lists the hazard check reads straight
// out of the text must be what nlohmann reads.

#include "TestRegistry.h"

#include "lookahead/TaskExtras.h"

#include <QTest>

#include <string>
#include <vector>

using namespace lookahead;
using json = nlohmann::json;

class TaskExtrasTest : public QObject {
    Q_OBJECT

private slots:
    void valueOfOneKey_data()
    {
        // Not raw strings where a backslash-quote is needed: moc misreads those.
        QTest::addColumn<QByteArray>("object");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("expected"); // the value's dump(), empty when absent
        QTest::newRow("present") << QByteArray(R"({"a":1,"b":[2]})") << QByteArray("b") << QByteArray("[2]");
        QTest::newRow("absent") << QByteArray(R"({"a":1})") << QByteArray("blocks") << QByteArray();
        QTest::newRow("only nested") << QByteArray(R"({"b":{"a":2}})") << QByteArray("a") << QByteArray();
        QTest::newRow("only inside a string")
            << QByteArray("{\"s\":\"\\\"a\\\": 1\"}") << QByteArray("a") << QByteArray();
        QTest::newRow("nested and top level")
            << QByteArray(R"({"a":{"a":1},"z":0})") << QByteArray("a") << QByteArray(R"({"a":1})");
        QTest::newRow("a key with a quote")
            << QByteArray("{\"q\\\"k\":true}") << QByteArray("q\"k") << QByteArray("true");
        QTest::newRow("null is a value") << QByteArray(R"({"n":null})") << QByteArray("n") << QByteArray("null");
    }

    void valueOfOneKey()
    {
        QFETCH(QByteArray, object);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, expected);
        TaskExtras extras;
        const TaskExtras::Handle handle = extras.add(json::parse(object.toStdString()));
        const std::optional<json> value = extras.value(handle, key.toStdString());
        QCOMPARE(value ? QByteArray::fromStdString(value->dump()) : QByteArray(), expected);
    }

    void textIsWhatDumpSpellsAndReplaceKeepsTheHandle()
    {
        TaskExtras extras;
        const TaskExtras::Handle first = extras.add({ { "z", 1 }, { "a", { { "y", 2 }, { "b", 3 } } } });
        const TaskExtras::Handle second = extras.add({ { "cycles", "shadowed" } });
        QCOMPARE(std::string(extras.text(first)), std::string(R"({"a":{"b":3,"y":2},"z":1})"));
        QVERIFY(!extras.shadowsTaskKey(first));
        QVERIFY(extras.shadowsTaskKey(second));
        extras.replace(first, { { "blocks", 4 } });
        QCOMPARE(std::string(extras.text(first)), std::string(R"({"blocks":4})"));
        QCOMPARE(extras.object(second).dump(), std::string(R"({"cycles":"shadowed"})"));
        QCOMPARE(extras.size(), std::size_t(2));
    }

    void stringListsReadAsNlohmannReadsThem()
    {
        TaskExtras extras;
        const json lists = { { "reads", { "L1.a", "y\"z\\w", 5, "é✓", "tab\there", nullptr } },
            { "writes", "not a list" }, { "other", { { "reads", { "nested" } } } } };
        const TaskExtras::Handle handle = extras.add(lists);
        // Objects added after it move the arena: the reader must still find the first.
        for (int i = 0; i < 2000; ++i)
            extras.add({ { "reads", { "buffer/" + std::to_string(i) } } });
        ExtraStringLists reader;
        std::vector<std::string_view> names;
        reader.read(extras, handle, "reads", names);
        const std::vector<std::string_view> expected { "L1.a", "y\"z\\w", "é✓", "tab\there" };
        QCOMPARE(names, expected);
        names.clear();
        reader.read(extras, handle, "writes", names); // not an array
        reader.read(extras, handle, "absent", names);
        QVERIFY(names.empty());
        reader.read(extras, TaskExtras::Handle(extras.size() - 1), "reads", names);
        QCOMPARE(names, std::vector<std::string_view> { "buffer/1999" });

        // Several keys in one parse, in the order asked, whatever their order in the object.
        const TaskExtras::Handle both
            = extras.add({ { "writes", { "w1", "w2" } }, { "blocks", 2 }, { "reads", { "r1" } }, { "a", { "x" } } });
        names.clear();
        const std::string_view keys[] = { "writes", "absent", "reads", "a" };
        std::size_t ends[4] = {};
        reader.read(extras, both, keys, names, ends);
        QCOMPARE(names, (std::vector<std::string_view> { "w1", "w2", "r1", "x" }));
        QCOMPARE(std::vector<std::size_t>(ends, ends + 4), (std::vector<std::size_t> { 2, 2, 3, 4 }));
        const std::string_view reversed[] = { "reads", "writes" };
        names.clear();
        reader.read(extras, both, reversed, names, std::span(ends, 2));
        QCOMPARE(names, (std::vector<std::string_view> { "r1", "w1", "w2" }));
        QCOMPARE(ends[0], std::size_t(1));
    }
};

LOOKAHEAD_TEST(TaskExtrasTest)
#include "tst_taskextras.moc"
