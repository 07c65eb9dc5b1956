// StringPool's batch interning (the loader's path) against one-by-one interning, and the loader's
// error order now that ids are interned after the task array: a duplicate id still comes first.

#include "TestRegistry.h"

#include "lookahead/Loader.h"
#include "lookahead/StringPool.h"

#include <QTest>

#include <string>
#include <vector>

using namespace lookahead;

class StringPoolTest : public QObject {
    Q_OBJECT

private slots:
    void batchInternNumbersAsOneByOne()
    {
        // Repeats, the empty string, 8-byte boundaries and long ids; enough strings to rehash and
        // to run the prefetch ring around many times.
        std::vector<std::string> texts;
        for (int i = 0; i < 5000; ++i) {
            texts.push_back("model.encoder.layers." + std::to_string(i % 700) + ".self_attn/op_" + std::to_string(i));
            texts.push_back("b" + std::to_string(i % 37));
            texts.emplace_back(static_cast<std::size_t>(i % 17), 'x');
        }
        std::vector<std::string_view> views(texts.begin(), texts.end());
        StringPool batch;
        batch.intern("already here");
        std::vector<Symbol> symbols(views.size());
        batch.intern(views, symbols);

        StringPool single;
        single.intern("already here");
        for (std::size_t i = 0; i < views.size(); ++i)
            QCOMPARE(symbols[i], single.intern(views[i]));
        QCOMPARE(batch.size(), single.size());
        for (Symbol s = 0; s < batch.size(); ++s) {
            QCOMPARE(batch.view(s), single.view(s));
            QCOMPARE(batch.find(batch.view(s)), s);
        }
        QCOMPARE(batch.find("never interned"), kNoSymbol);
    }

    /// The table grows by its slots' tags alone: every symbol stays findable across many doublings
    /// and a reserve() in between, and interning a known string never makes a second symbol.
    void growingKeepsEverySymbol()
    {
        StringPool pool;
        const auto text
            = [](int i) { return "barrier/model.layers." + std::to_string(i % 977) + "/" + std::to_string(i); };
        for (int i = 0; i < 60000; ++i) {
            QCOMPARE(pool.intern(text(i)), Symbol(i));
            if (i == 30000)
                pool.reserve(400000, 0); // a jump of several doublings at once
        }
        for (int i = 0; i < 60000; i += 7) {
            QCOMPARE(pool.find(text(i)), Symbol(i));
            QCOMPARE(pool.intern(text(i)), Symbol(i));
        }
        QCOMPARE(pool.size(), std::size_t(60000));
        QCOMPARE(pool.find("barrier/model.layers.0/60000"), kNoSymbol);
    }

    void firstProblemWithBatchedIds_data()
    {
        QTest::addColumn<QString>("tasks");
        QTest::addColumn<QString>("expected");
        const QString a = R"({"id": "a", "exec": "X", "cycles": 1})";
        QTest::newRow("duplicate before a later refused task")
            << a + R"(, {"id": "a", "exec": "X", "cycles": 1}, {"id": "c", "exec": "X", "cycles": "1"})"
            << "t.json: /tasks/1/id: duplicate task id \"a\" (first defined at /tasks/0)";
        QTest::newRow("duplicate in the refused task, found before its cycles")
            << a + R"(, {"id": "a", "exec": "X", "cycles": -1})"
            << "t.json: /tasks/1/id: duplicate task id \"a\" (first defined at /tasks/0)";
        QTest::newRow("missing key before the duplicate of the same task")
            << a + R"(, {"id": "a", "cycles": 1})"
            << "t.json: /tasks/1/exec: required key is missing";
        QTest::newRow("forward after reference is not a definition")
            << R"({"id": "a", "exec": "X", "cycles": 1, "after": ["b"]}, {"id": "b", "exec": "X", "cycles": 1},)"
               R"( {"id": "c", "exec": "X", "cycles": 1, "after": ["d"]})"
            << "t.json: /tasks/2/after/0: unknown task \"d\"";
    }

    void firstProblemWithBatchedIds()
    {
        QFETCH(QString, tasks);
        QFETCH(QString, expected);
        const std::string text = R"({"format": "lookahead-taskgraph", "version": 1,)"
                                 R"( "platform": {"executors": {"X": {"units": 1}}}, "tasks": [)"
            + tasks.toStdString() + "]}";
        auto graph = parseTaskGraph(text, "t.json");
        QVERIFY(!graph.ok());
        QCOMPARE(QString::fromStdString(graph.error().toString()), expected);
    }
};

LOOKAHEAD_TEST(StringPoolTest)
#include "tst_stringpool.moc"
