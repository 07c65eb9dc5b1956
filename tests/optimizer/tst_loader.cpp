// Loader: every rule of format section 8, each with the exact message a user sees.

#include "Golden.h"
#include "Gzip.h"
#include "TestRegistry.h"

#include "formats/LoaderPaths.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <QFile>
#include <QTemporaryDir>

#include <functional>
#include <set>

using namespace lookahead;
using json = nlohmann::json;

namespace {
json baseDocument()
{
    return json::parse(R"({
      "format": "lookahead-taskgraph", "version": 1, "name": "base",
      "platform": {"clock_mhz": 1000,
        "executors": {"DMA": {"units": 2, "engines": 1},
                      "SHAVE": {"units": 2, "engines": 2, "tiled": true, "icache": "shave"}},
        "icache": {"shave": {"l1_bytes": 4096, "l2_bytes": 65536, "line_bytes": 64, "l2_hit_latency": 10,
                             "l2_bytes_per_cycle": 32, "miss_latency": 100, "miss_bytes_per_cycle": 4}}},
      "kernels": {"softmax": {"code_bytes": 1000}},
      "tasks": [
        {"id": "a", "exec": "DMA", "cycles": 10, "update": ["b0"]},
        {"id": "s", "exec": "SHAVE", "unit": 1, "cycles": 20, "kernel": "softmax", "wait": ["b0"]}
      ],
      "groups": [{"id": "g", "kind": "loop", "tasks": ["a", "s"]}]
    })");
}
using Mutation = std::function<void(json&)>;

QByteArray gzipped(const std::string& text) { return QByteArray::fromStdString(test::gzipMember(text)); }
} // namespace

Q_DECLARE_METATYPE(Mutation)

class LoaderTest : public QObject {
    Q_OBJECT
private slots:
    void acceptsBase()
    {
        auto graph = parseTaskGraph(baseDocument().dump(), "base.json");
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        QCOMPARE(graph.value().tasks.size(), 2u);
        QCOMPARE(graph.value().platform.executors.size(), 2u);
        QCOMPARE(graph.value().name, std::string("base"));
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<Mutation>("mutate");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, Mutation m, const char* expected) {
            QTest::newRow(name) << m << QString::fromUtf8(expected);
        };
        row(
            "not an object", [](json& d) { d = json::array(); },
            "bad.json: /: the document must be a JSON object, got an array");
        row(
            "format missing", [](json& d) { d.erase("format"); }, "bad.json: /format: required key is missing");
        row(
            "format wrong", [](json& d) { d["format"] = "other"; },
            "bad.json: /format: must be \"lookahead-taskgraph\", got \"other\"");
        row(
            "version 2", [](json& d) { d["version"] = 2; },
            "bad.json: /version: unsupported version 2 (this build reads version 1)");
        row(
            "version string", [](json& d) { d["version"] = "1"; },
            "bad.json: /version: must be an integer, got a string");
        row(
            "name number", [](json& d) { d["name"] = 3; }, "bad.json: /name: must be a string, got an integer");
        row(
            "platform missing", [](json& d) { d.erase("platform"); }, "bad.json: /platform: required key is missing");
        row(
            "tasks missing", [](json& d) { d.erase("tasks"); }, "bad.json: /tasks: required key is missing");
        row(
            "tasks object", [](json& d) { d["tasks"] = json::object(); },
            "bad.json: /tasks: must be an array, got an object");
        row(
            "executors missing", [](json& d) { d["platform"].erase("executors"); },
            "bad.json: /platform/executors: required key is missing");
        row(
            "units zero", [](json& d) { d["platform"]["executors"]["DMA"]["units"] = 0; },
            "bad.json: /platform/executors/DMA/units: must be at least 1, got 0");
        row(
            "engines negative", [](json& d) { d["platform"]["executors"]["SHAVE"]["engines"] = -1; },
            "bad.json: /platform/executors/SHAVE/engines: must be at least 1, got -1");
        row(
            "tiled string", [](json& d) { d["platform"]["executors"]["SHAVE"]["tiled"] = "yes"; },
            "bad.json: /platform/executors/SHAVE/tiled: must be a boolean, got a string");
        row(
            "clock zero", [](json& d) { d["platform"]["clock_mhz"] = 0; },
            "bad.json: /platform/clock_mhz: must be at least 1, got 0");
        row(
            "clock string", [](json& d) { d["platform"]["clock_mhz"] = "fast"; },
            "bad.json: /platform/clock_mhz: must be a number, got a string");
        row(
            "unknown icache domain", [](json& d) { d["platform"]["executors"]["SHAVE"]["icache"] = "vec"; },
            "bad.json: /platform/executors/SHAVE/icache: unknown icache domain \"vec\"");
        row(
            "line bytes zero", [](json& d) { d["platform"]["icache"]["shave"]["line_bytes"] = 0; },
            "bad.json: /platform/icache/shave/line_bytes: must be at least 1, got 0");
        row(
            "l2 bytes per cycle zero", [](json& d) { d["platform"]["icache"]["shave"]["l2_bytes_per_cycle"] = 0; },
            "bad.json: /platform/icache/shave/l2_bytes_per_cycle: must be at least 1, got 0");
        row(
            "miss latency negative", [](json& d) { d["platform"]["icache"]["shave"]["miss_latency"] = -5; },
            "bad.json: /platform/icache/shave/miss_latency: must be at least 0, got -5");
        row(
            "l2 bytes missing", [](json& d) { d["platform"]["icache"]["shave"].erase("l2_bytes"); },
            "bad.json: /platform/icache/shave/l2_bytes: required key is missing");
        row(
            "code bytes negative", [](json& d) { d["kernels"]["softmax"]["code_bytes"] = -1; },
            "bad.json: /kernels/softmax/code_bytes: must be at least 0, got -1");
        row(
            "task not object", [](json& d) { d["tasks"][1] = 7; },
            "bad.json: /tasks/1: must be an object, got an integer");
        row(
            "id missing", [](json& d) { d["tasks"][0].erase("id"); }, "bad.json: /tasks/0/id: required key is missing");
        row(
            "id empty", [](json& d) { d["tasks"][0]["id"] = ""; }, "bad.json: /tasks/0/id: must not be empty");
        row(
            "duplicate id", [](json& d) { d["tasks"][1]["id"] = "a"; },
            "bad.json: /tasks/1/id: duplicate task id \"a\" (first defined at /tasks/0)");
        row(
            "unknown executor", [](json& d) { d["tasks"][1]["exec"] = "SHAVEX"; },
            "bad.json: /tasks/1/exec: unknown executor kind \"SHAVEX\"");
        row(
            "unit out of range", [](json& d) { d["tasks"][1]["unit"] = 2; },
            "bad.json: /tasks/1/unit: unit 2 is out of range: executor kind \"SHAVE\" has 2 unit(s)");
        row(
            "unit negative", [](json& d) { d["tasks"][1]["unit"] = -1; },
            "bad.json: /tasks/1/unit: must be at least 0, got -1");
        row(
            "cycles missing", [](json& d) { d["tasks"][0].erase("cycles"); },
            "bad.json: /tasks/0/cycles: required key is missing");
        row(
            "cycles negative", [](json& d) { d["tasks"][0]["cycles"] = -10; },
            "bad.json: /tasks/0/cycles: must be at least 0, got -10");
        row(
            "cycles fractional", [](json& d) { d["tasks"][0]["cycles"] = 1.5; },
            "bad.json: /tasks/0/cycles: must be an integer, got a non-integer number (1.5)");
        row(
            "cycles 2^53", [](json& d) { d["tasks"][0]["cycles"] = 9007199254740992ull; },
            "bad.json: /tasks/0/cycles: must be at most 9007199254740991, got 9007199254740992");
        row(
            "delay negative", [](json& d) { d["tasks"][1]["delay"] = -1; },
            "bad.json: /tasks/1/delay: must be at least 0, got -1");
        row(
            "delay string", [](json& d) { d["tasks"][1]["delay"] = "5"; },
            "bad.json: /tasks/1/delay: must be an integer, got a string");
        row(
            "delay fractional", [](json& d) { d["tasks"][1]["delay"] = 2.5; },
            "bad.json: /tasks/1/delay: must be an integer, got a non-integer number (2.5)");
        row(
            "delay 2^53", [](json& d) { d["tasks"][1]["delay"] = 9007199254740992ull; },
            "bad.json: /tasks/1/delay: must be at most 9007199254740991, got 9007199254740992");
        row(
            "source number", [](json& d) { d["tasks"][0]["source"] = 12; },
            "bad.json: /tasks/0/source: must be a string, got an integer");
        row(
            "unknown kernel", [](json& d) { d["tasks"][1]["kernel"] = "gelu"; },
            "bad.json: /tasks/1/kernel: unknown kernel \"gelu\"");
        row(
            "after unknown task", [](json& d) { d["tasks"][1]["after"] = { "zzz" }; },
            "bad.json: /tasks/1/after/0: unknown task \"zzz\"");
        row(
            "prefetch without kernel", [](json& d) { d["tasks"][1]["role"] = "prefetch"; },
            "bad.json: /tasks/1/prefetch: required key is missing (the task has role \"prefetch\")");
        row(
            "prefetch unknown kernel",
            [](json& d) {
                d["tasks"][1]["role"] = "prefetch";
                d["tasks"][1]["prefetch"] = "nope";
            },
            "bad.json: /tasks/1/prefetch: unknown kernel \"nope\"");
        row(
            "wait not array", [](json& d) { d["tasks"][1]["wait"] = "b0"; },
            "bad.json: /tasks/1/wait: must be an array, got a string");
        row(
            "wait entry number", [](json& d) { d["tasks"][1]["wait"] = { 3 }; },
            "bad.json: /tasks/1/wait/0: must be a string, got an integer");
        row(
            "blocks zero", [](json& d) { d["tasks"][1]["blocks"] = 0; },
            "bad.json: /tasks/1/blocks: must be at least 1, got 0");
        row(
            "phases too long",
            [](json& d) {
                d["tasks"][1]["phases"] = { { "head", 15 }, { "tail", 10 } };
            },
            "bad.json: /tasks/1/phases: head + tail (25) exceeds cycles (20)");
        row(
            "reads entry",
            [](json& d) {
                d["tasks"][1]["reads"] = { "L1", false };
            },
            "bad.json: /tasks/1/reads/1: must be a string, got a boolean");
        row(
            "group unknown task", [](json& d) { d["groups"][0]["tasks"][1] = "q"; },
            "bad.json: /groups/0/tasks/1: unknown task \"q\"");
        row(
            "deadlock through barriers",
            [](json& d) {
                d["tasks"][0]["wait"] = { "b1" };
                d["tasks"][1]["update"] = { "b1" };
            },
            "bad.json: /tasks: deadlock: the dependencies form a cycle: a -[b0]-> s -[b1]-> a");
        row(
            "deadlock through after and queue",
            [](json& d) {
                d["tasks"].push_back({ { "id", "c" }, { "exec", "DMA" }, { "cycles", 1 } });
                d["tasks"][0]["after"] = { "c" };
            },
            "bad.json: /tasks: deadlock: the dependencies form a cycle: a -(queue)-> c -(after)-> a");
        row(
            "pointer escaping",
            [](json& d) {
                d["platform"]["executors"]["a/b~c"] = { { "units", 0 } };
            },
            "bad.json: /platform/executors/a~1b~0c/units: must be at least 1, got 0");
    }

    void rejectsMalformed()
    {
        QFETCH(Mutation, mutate);
        QFETCH(QString, expected);
        json document = baseDocument();
        mutate(document);
        auto graph = parseTaskGraph(document.dump(), "bad.json");
        QVERIFY(!graph.ok());
        QCOMPARE(QString::fromStdString(graph.error().toString()), expected);
    }

    void rejectsInvalidJson_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << QByteArray(
            "{\"format\": \"lookahead-taskgraph\",\n \"version\": 1,\n \"tasks\": [")
                                   << QStringLiteral(
                                          "bad.json: line 3, column 12: invalid JSON: syntax error while parsing "
                                          "value - unexpected end of input; expected '[', '{', or a literal");
        QTest::newRow("trailing garbage")
            << QByteArray("{\"format\": \"x\"} extra")
            << QStringLiteral("bad.json: line 1, column 17: invalid JSON: syntax error while parsing value - invalid "
                              "literal; last read: '\"x\"} e'; expected end of input");
        QTest::newRow("NaN") << QByteArray("{\"version\": NaN}")
                             << QStringLiteral("bad.json: line 1, column 13: invalid JSON: syntax error while parsing "
                                               "value - invalid literal; last read: '\"version\": N'");
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"name\": \"\xff\"}")
            << QString::fromUtf8("bad.json: line 1, column 11: invalid JSON: syntax error while "
                                 "parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"\xff'");
        QTest::newRow("empty") << QByteArray("")
                               << QStringLiteral("bad.json: line 1, column 1: invalid JSON: syntax error while parsing "
                                                 "value - unexpected end of input; expected '[', '{', or a literal");
    }

    void rejectsInvalidJson()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        auto graph = parseTaskGraph(std::string_view(text.constData(), size_t(text.size())), "bad.json");
        QVERIFY(!graph.ok());
        QCOMPARE(QString::fromStdString(graph.error().toString()), expected);
    }

    void readsDelayAndSource()
    {
        json document = baseDocument();
        document["tasks"][1]["delay"] = 9007199254740991ull;
        document["tasks"][1]["source"] = "/traceEvents/12";
        auto graph = parseTaskGraph(document.dump(), "x.json");
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        const TaskGraph& g = graph.value();
        QCOMPARE(g.tasks[0].delay, std::int64_t(0));
        QCOMPARE(g.tasks[0].source, kNoSymbol);
        QCOMPARE(g.tasks[1].delay, std::int64_t(9007199254740991));
        QCOMPARE(g.strings.view(g.tasks[1].source), std::string_view("/traceEvents/12"));
        QVERIFY(g.taskExtra(g.tasks[1]).empty()); // known keys, not extras
    }

    void forwardAfterReferenceIsNotADuplicate()
    {
        json document = baseDocument();
        document["tasks"][0]["after"] = { "s2" };
        document["tasks"].push_back({ { "id", "s2" }, { "exec", "DMA" }, { "unit", 1 }, { "cycles", 5 } });
        auto graph = parseTaskGraph(document.dump(), "fwd.json");
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        const TaskGraph& g = graph.value();
        QCOMPARE(g.after(g.tasks[0]).size(), 1u);
        QCOMPARE(g.taskId(g.after(g.tasks[0])[0]), std::string_view("s2"));
    }

    void keepsUnknownKeysAndIgnoresSchedule()
    {
        json document = baseDocument();
        document["compiler"] = { { "version", "2025.4" } };
        document["tasks"][0]["mlir_loc"] = "loc(\"conv\")";
        document["platform"]["vendor"] = "x";
        document["schedule"] = { { "makespan", 1 } };
        auto graph = parseTaskGraph(document.dump(), "x.json");
        QVERIFY(graph.ok());
        const TaskGraph& g = graph.value();
        QCOMPARE(g.extra["compiler"]["version"].get<std::string>(), std::string("2025.4"));
        QCOMPARE(g.taskExtra(g.tasks[0])["mlir_loc"].get<std::string>(), std::string("loc(\"conv\")"));
        QCOMPARE(g.platform.extra["vendor"].get<std::string>(), std::string("x"));
        QVERIFY(!g.extra.contains("schedule"));
    }

    void readsTasksAsNlohmannReadsThem_data()
    {
        QTest::addColumn<QByteArray>("tasks");
        QTest::newRow("plain") << QByteArray(R"([{"id": "a", "exec": "DMA", "cycles": 10, "update": ["b0"]}])");
        // Not a raw string: moc misreads backslash-quote inside raw strings.
        QTest::newRow("escapes and unicode")
            << QByteArray("[{\"id\": \"a\\\"q\\u00e9\", \"name\": "
                          "\"soft\\u00e9max/\\ud83d\\ude00\", \"exec\": \"DMA\", \"cycles\": 1}]");
        QTest::newRow("optional keys") << QByteArray(
            R"([{"id": "a", "exec": "DMA", "cycles": 10, "blocks": 2, "loop": {"id": "kv", "iter": 1}, "custom": [1, {"x": null}]}])");
        QTest::newRow("duplicate key in task")
            << QByteArray(R"([{"id": "a", "exec": "DMA", "cycles": 10, "cycles": 20}])");
        QTest::newRow("duplicate unknown key")
            << QByteArray(R"([{"id": "a", "exec": "DMA", "cycles": 1, "x": 1, "x": [2]}])");
        QTest::newRow("numbers") << QByteArray(
            R"([{"id": "a", "exec": "DMA", "cycles": 0, "unit": 1, "weight": -0.5e3, "big": 18446744073709551616, "z": -0}])");
        QTest::newRow("empty lists") << QByteArray(
            R"([{"id": "a", "exec": "DMA", "cycles": 3, "wait": [], "after": []}])");
        // Kept as text (TaskExtras.h), spelled as nlohmann's dump() spells the same values.
        QTest::newRow("nested objects out of order, repeated keys") << QByteArray(
            R"([{"id": "a", "exec": "DMA", "cycles": 1, "z": {"b": 1, "a": {"y": 2, "x": 3}, "b": 4}, "m": {}, "e": [[], [{}]]}])");
        QTest::newRow("doubles") << QByteArray(
            R"([{"id": "a", "exec": "DMA", "cycles": 1, "d": [1.0, 0.1, 1e300, -0.0, 5e-324, 123456789012345678.0, 1E2]}])");
        QTest::newRow("integer extremes") << QByteArray(
            R"([{"id": "a", "exec": "DMA", "cycles": 1, "i": [18446744073709551615, -9223372036854775808, 9223372036854775807, 0, -1]}])");
        QTest::newRow("escapes in keys and values")
            << QByteArray("[{\"id\": \"a\", \"exec\": \"DMA\", \"cycles\": 1, \"k\\\"\\u0001\": "
                          "[\"\\/\\b\\u001f\\u007f\u00e9\", true, false, null], \"reads\": [\"L1\\\\x\"]}]");
    }

    /// Values, repeated keys and the kept unknown keys read as nlohmann reads the same text.
    void readsTasksAsNlohmannReadsThem()
    {
        QFETCH(QByteArray, tasks);
        json document = baseDocument();
        document.erase("groups");
        std::string text = document.dump();
        const std::string placeholder = document["tasks"].dump();
        text.replace(text.find(placeholder), placeholder.size(), tasks.toStdString());
        auto loaded = parseTaskGraph(text, "x.json");
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
        const TaskGraph& g = loaded.value();
        const json reference = json::parse(tasks.toStdString());
        QCOMPARE(g.tasks.size(), reference.size());
        for (TaskIndex t = 0; t < g.tasks.size(); ++t) {
            const json& r = reference[t];
            QCOMPARE(std::string(g.taskId(t)), r["id"].get<std::string>());
            QCOMPARE(std::string(g.taskName(t)), r.value("name", r["id"].get<std::string>()));
            QCOMPARE(g.tasks[t].cycles, r["cycles"].get<std::int64_t>());
            QCOMPARE(g.tasks[t].unit, r.value("unit", 0u));
            json extra = json::object();
            for (auto it = r.begin(); it != r.end(); ++it)
                if (!std::set<std::string> { "id", "name", "exec", "cycles", "unit", "wait", "update", "after" }.count(
                        it.key()))
                    extra[it.key()] = it.value();
            QCOMPARE(g.taskExtra(g.tasks[t]).dump(), extra.dump());
        }
    }

    /// The loader reads a well-formed file without a DOM of the whole document (tasks a batch of
    /// about a megabyte at a time) and anything unusual through the whole-document DOM: both give
    /// the same graph, and the same first error.
    void readsLargeAndUnusualRootsAlike_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<QString>("firstIds");
        QTest::addColumn<QString>("error"); // "pointer: message", empty when it loads
        QTest::addColumn<bool>("streamed"); // read by readStreamed(), else by readWhole() alone
        const std::string base = baseDocument().dump();
        std::string repeated = base;
        repeated.insert(1, R"("tasks": [{"id": "x", "exec": "DMA", "cycles": 1}], )");
        QTest::newRow("tasks repeated: the last counts") << QByteArray::fromStdString(repeated) << 2 << "a s"
                                                         << "" << false;
        std::string escaped = base;
        escaped.replace(escaped.find("\"version\""), 9, "\"\\u0076ersion\"");
        QTest::newRow("escaped root key") << QByteArray::fromStdString(escaped) << 2 << "a s"
                                          << "" << false;
        QTest::newRow("plain") << QByteArray::fromStdString(base) << 2 << "a s"
                               << "" << true;
        // 30 000 tasks of ~70 bytes: three batches, `after` pointing across their boundaries.
        json document = baseDocument();
        document.erase("groups");
        json& tasks = document["tasks"];
        for (int i = 0; i < 30000; ++i)
            tasks.push_back({ { "id", "t" + std::to_string(i) }, { "exec", "DMA" }, { "cycles", 1 },
                { "after", i ? json::array({ "t" + std::to_string(i - 1) }) : json::array({ "a" }) } });
        QTest::newRow("several batches") << QByteArray::fromStdString(document.dump()) << 30002 << "a s t0"
                                         << "" << true;
        tasks.push_back({ { "id", "t3" }, { "exec", "DMA" }, { "cycles", 1 } });
        QTest::newRow("duplicate id batches apart")
            << QByteArray::fromStdString(document.dump()) << 0 << ""
            << R"(/tasks/30002/id: duplicate task id "t3" (first defined at /tasks/5))" << false;
        tasks.back() = { { "id", "late" }, { "exec", "DMA" }, { "cycles", 1 }, { "after", { "nowhere" } } };
        QTest::newRow("unknown after in the last batch") << QByteArray::fromStdString(document.dump()) << 0 << ""
                                                         << R"(/tasks/30002/after/0: unknown task "nowhere")" << false;
    }

    void readsLargeAndUnusualRootsAlike()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, tasks);
        QFETCH(QString, firstIds);
        QFETCH(QString, error);
        QFETCH(bool, streamed);
        const simdjson::padded_string padded(text.toStdString());
        const std::optional<TaskGraph> fast = graphformat::readStreamed(padded);
        QCOMPARE(fast.has_value(), streamed);
        // Read again on two threads, in batches of 512 bytes: the two batches taking turns many times.
        const std::optional<TaskGraph> pipelined = graphformat::readStreamed(padded, { 512, 0 });
        QCOMPARE(pipelined.has_value(), streamed);
        auto graph = parseTaskGraph(text.toStdString(), "x.json");
        if (fast) { // the same graph all ways
            const std::string whole = writeTaskGraph(graphformat::readWhole(padded, "x.json").value());
            QCOMPARE(writeTaskGraph(*fast), whole);
            QCOMPARE(writeTaskGraph(*pipelined), whole);
        }
        if (!error.isEmpty()) {
            QVERIFY(!graph.ok());
            QCOMPARE(QString::fromStdString(graph.error().where + ": " + graph.error().message), error);
            return;
        }
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        QCOMPARE(int(graph.value().tasks.size()), tasks);
        QStringList ids;
        for (TaskIndex t = 0; t < TaskIndex(firstIds.count(' ') + 1); ++t)
            ids << QString::fromUtf8(graph.value().taskId(t).data(), qsizetype(graph.value().taskId(t).size()));
        QCOMPARE(ids.join(' '), firstIds);
        const TaskGraph& g = graph.value();
        for (TaskIndex t = 3; t < g.tasks.size(); ++t) // each generated task after the one before
            QCOMPARE(g.after(g.tasks[t]).size() == 1 ? g.after(g.tasks[t])[0] : kNoTask, t - 1);
    }

    void readsGzipFiles()
    {
        // The loader reads through the JSON layer, which inflates gzip (tested in JsonInputTest).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("g.json.gz"));
        const std::string text = baseDocument().dump();
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(gzipped(text));
        file.close();
        auto graph = loadTaskGraphFile(path.toStdString());
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        QCOMPARE(graph.value().tasks.size(), 2u);
    }

    void missingFileNamesIt()
    {
        auto graph = loadTaskGraphFile("/nonexistent/graph.json");
        QVERIFY(!graph.ok());
        QCOMPARE(QString::fromStdString(graph.error().toString()),
            QStringLiteral("/nonexistent/graph.json: cannot open: No such file or directory"));
    }
};

LOOKAHEAD_TEST(LoaderTest)
#include "tst_loader.moc"
