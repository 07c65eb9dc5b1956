// Writers: the graph export (format section 7) and the Chrome trace, as golden files; the
// export → load → export round trip is byte-identical; unknown keys survive.

#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"
#include "lookahead/SyntheticGraph.h"

#include "formats/JsonText.h"

#include <nlohmann/json.hpp>

#include <cstring>

#include <QTest>

using namespace lookahead;
using lookahead::test::sharedPath;
using lookahead::test::sourcePath;

namespace {
struct Loaded {
    TaskGraph graph;
    std::shared_ptr<const Schedule> schedule;
};

Loaded loadAndSimulate(const std::string& path)
{
    auto graph = loadTaskGraphFile(path);
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    SimulationOptions options;
    options.specCosts = true;
    auto schedule = simulate(graph.value(), CostModel::standard(), options);
    return { std::move(graph).value(), schedule.value() };
}

QByteArray bytes(const std::string& text) { return QByteArray::fromStdString(text); }

/// Keeps the pieces a streamed writer hands over, to check that it streamed.
class PieceSink final : public TextSink {
public:
    void append(std::string_view piece) override
    {
        text.append(piece);
        ++pieces;
    }
    std::string text;
    std::size_t pieces = 0;
};
} // namespace

class WriterTest : public QObject {
    Q_OBJECT
private slots:
    void exportGolden_data()
    {
        QTest::addColumn<QString>("example");
        QTest::newRow("npu-two-tile") << QStringLiteral("npu-two-tile");
        QTest::newRow("cache-semantics") << QStringLiteral("cache-semantics");
    }

    void exportGolden()
    {
        QFETCH(QString, example);
        Loaded loaded = loadAndSimulate(sharedPath(QStringLiteral("spec/examples/%1.json").arg(example)).toStdString());
        GraphWriteOptions options;
        options.schedule = loaded.schedule.get();
        const std::string exported = writeTaskGraph(loaded.graph, options);
        LOOKAHEAD_COMPARE_GOLDEN(
            bytes(exported), sourcePath(QStringLiteral("tests/golden/writer/%1.export.json").arg(example)));
        const std::string trace = writeChromeTrace(loaded.graph, *loaded.schedule);
        LOOKAHEAD_COMPARE_GOLDEN(
            bytes(trace), sourcePath(QStringLiteral("tests/golden/writer/%1.trace.json").arg(example)));
    }

    void roundTripIsByteIdentical()
    {
        Loaded first = loadAndSimulate(sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString());
        first.graph.extra["compiler"] = { { "name", "vpux" }, { "flags", { 1, 2 } } };
        first.graph.setTaskExtra(3, { { "mlir_loc", "fused/conv" }, { "blocks", 2 } });
        first.graph.tasks[2].delay = 1234;
        first.graph.tasks[2].source = first.graph.strings.intern("/traceEvents/7");
        first.graph.provenancePasses.push_back({ { "name", "earlier" }, { "options", nlohmann::json::object() } });
        SimulationOptions specCosts;
        specCosts.specCosts = true;
        first.schedule = simulate(first.graph, CostModel::standard(), specCosts).value(); // with the delay
        GraphWriteOptions options;
        options.schedule = first.schedule.get();
        const std::string once = writeTaskGraph(first.graph, options);

        auto reloaded = parseTaskGraph(once, "once.json");
        QVERIFY2(reloaded.ok(), reloaded.ok() ? "" : reloaded.error().toString().c_str());
        SimulationOptions spec;
        spec.specCosts = true;
        auto schedule = simulate(reloaded.value(), CostModel::standard(), spec);
        GraphWriteOptions again;
        again.schedule = schedule.value().get();
        const std::string twice = writeTaskGraph(reloaded.value(), again);
        QCOMPARE(QByteArray::fromStdString(twice), QByteArray::fromStdString(once));
        QVERIFY(once.find("\"mlir_loc\":\"fused/conv\"") != std::string::npos);
        QCOMPARE(reloaded.value().tasks[2].delay, std::int64_t(1234));
        QCOMPARE(reloaded.value().strings.view(reloaded.value().tasks[2].source), std::string_view("/traceEvents/7"));
        // Written only when set, right after `cycles` and `origin` (stable key order).
        auto occurrences = [&](std::string_view needle) {
            int count = 0;
            for (auto at = once.find(needle); at != std::string::npos; at = once.find(needle, at + 1))
                ++count;
            return count;
        };
        QCOMPARE(occurrences("\"delay\":"), 1);
        QCOMPARE(occurrences("\"cycles\":" + std::to_string(reloaded.value().tasks[2].cycles) + ",\"delay\":1234"), 1);
        QCOMPARE(occurrences("\"source\":\"/traceEvents/7\""), 1);
        QVERIFY(once.find("\"compiler\"") != std::string::npos);
    }

    void directTaskLinesMatchTheDom_data()
    {
        QTest::addColumn<QString>("path"); // empty: a synthetic graph
        QTest::addColumn<bool>("awkwardStrings");
        QTest::addColumn<std::size_t>("syntheticTasks");
        for (const char* name : { "gemm-loop", "moe-superkernel", "npu40xx-decode-0.6b", "paged-attention-b64-128blk" })
            QTest::newRow(name) << sourcePath(QStringLiteral("samples/%1.json").arg(QString::fromUtf8(name))) << false
                                << std::size_t(0);
        const QString twoTile = sharedPath(QStringLiteral("spec/examples/npu-two-tile.json"));
        QTest::newRow("npu-two-tile") << twoTile << false << std::size_t(0);
        QTest::newRow("escapes, UTF-8, extras") << twoTile << true << std::size_t(0);
        QTest::newRow("synthetic 6 000 tasks") << QString() << false << std::size_t(6000);
    }

    /// The direct writer spells every task line exactly as nlohmann's dump of taskToJson() does
    /// (escapes, UTF-8, optional and unknown keys, an extra that shadows a known key).
    void directTaskLinesMatchTheDom()
    {
        QFETCH(QString, path);
        QFETCH(bool, awkwardStrings);
        QFETCH(std::size_t, syntheticTasks);
        TaskGraph graph;
        if (path.isEmpty()) {
            graph = generateSyntheticGraph({ .tasks = syntheticTasks });
        } else {
            auto loaded = loadTaskGraphFile(path.toStdString());
            QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
            graph = std::move(loaded).value();
        }
        if (awkwardStrings) {
            graph.tasks[0].name = graph.strings.intern("q\"b\\s/\b\f\n\r\t\x01\x1f\x7f é ✓ 😀");
            graph.tasks[1].origin = graph.strings.intern(std::string("nul\0inside", 10));
            graph.setTaskExtra(2, { { "zeta", "\x02" }, { "alpha", { 1.5, -2, nullptr, true } }, { "mid", 1e300 } });
            graph.setTaskExtra(3, { { "cycles", "shadowed" }, { "blocks", 3 } });
        }
        const std::string text = writeTaskGraph(graph);
        std::size_t at = text.find("\"tasks\": [\n  ");
        QVERIFY(at != std::string::npos);
        at += std::strlen("\"tasks\": [\n  ");
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const std::string expected = taskToJson(graph, t).dump();
            QCOMPARE(QByteArray::fromStdString(text.substr(at, expected.size())), QByteArray::fromStdString(expected));
            at += expected.size() + std::strlen(",\n  ");
        }
        QCOMPARE(text.substr(at - std::strlen(",\n  "), 3), std::string("\n ]")); // no line more
        // And the schedule's lines, one per task in order.
        const auto schedule = simulate(graph, CostModel::standard(), {});
        QVERIFY(schedule.ok());
        GraphWriteOptions options;
        options.schedule = schedule.value().get();
        const auto written = nlohmann::ordered_json::parse(writeTaskGraph(graph, options));
        const auto& lines = written["schedule"]["tasks"];
        QCOMPARE(lines.size(), graph.tasks.size());
        TaskIndex t = 0;
        for (auto it = lines.begin(); it != lines.end(); ++it, ++t) {
            QCOMPARE(it.key(), std::string(graph.taskId(t)));
            QCOMPARE(it.value()["end"].get<std::int64_t>(), schedule.value()->end[t]);
        }
    }

    /// nlohmann throws on invalid UTF-8; the direct writer writes U+FFFD for each bad byte instead.
    void invalidUtf8BecomesReplacementCharacters()
    {
        std::string out;
        json::appendString(out, "a\xff\xc3(\xed\xa0\x80z\xf0\x9f\x98");
        QCOMPARE(QByteArray::fromStdString(out),
            QByteArray("\"a\xEF\xBF\xBD\xEF\xBF\xBD("
                       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""));
        QVERIFY(nlohmann::json::parse(out).is_string());
    }

    /// Streaming into a file gives the very text written to a string, in buffer-sized pieces.
    void streamedTextIsTheSame_data()
    {
        QTest::addColumn<std::size_t>("syntheticTasks"); // 0: the spec example
        QTest::addColumn<std::size_t>("leastPieces");
        QTest::newRow("npu-two-tile") << std::size_t(0) << std::size_t(1);
        QTest::newRow("synthetic 20 k tasks") << std::size_t(20000) << std::size_t(8);
    }

    void streamedTextIsTheSame()
    {
        QFETCH(std::size_t, syntheticTasks);
        QFETCH(std::size_t, leastPieces);
        Loaded loaded;
        if (syntheticTasks == 0) {
            loaded = loadAndSimulate(sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString());
        } else {
            loaded.graph = generateSyntheticGraph({ .tasks = syntheticTasks });
            loaded.schedule = simulate(loaded.graph, CostModel::standard(), {}).value();
        }
        GraphWriteOptions options;
        options.schedule = loaded.schedule.get();
        PieceSink graph;
        writeTaskGraph(loaded.graph, options, graph);
        QCOMPARE(bytes(graph.text), bytes(writeTaskGraph(loaded.graph, options)));
        QVERIFY2(graph.pieces >= leastPieces, std::to_string(graph.pieces).c_str());
        PieceSink trace;
        writeChromeTrace(loaded.graph, *loaded.schedule, trace);
        QCOMPARE(bytes(trace.text), bytes(writeChromeTrace(loaded.graph, *loaded.schedule)));
        QVERIFY2(trace.pieces >= leastPieces, std::to_string(trace.pieces).c_str());
    }

    /// A value larger than the whole buffer still goes through whole.
    void tinyBufferStreamsOutsizeValues()
    {
        const std::string name(100, 'n');
        std::string expected;
        {
            json::TextWriter writer(expected);
            writer.raw("[");
            writer.string(name + "\"\n");
            writer.raw(",");
            writer.integer(-1234567890123);
            writer.raw("]");
        }
        PieceSink sink;
        {
            json::TextWriter writer(sink, 16);
            writer.raw("[");
            writer.string(name + "\"\n");
            writer.raw(",");
            writer.integer(-1234567890123);
            writer.raw("]");
        } // the destructor hands over what is left
        QCOMPARE(bytes(sink.text), bytes(expected));
        QVERIFY(sink.pieces >= 2);
    }

    /// Strings are written eight bytes at a time while no byte needs care: every character that
    /// does, at every offset around those words, is still spelled as nlohmann's dump() spells it.
    void escapingMatchesNlohmannAtEveryOffset()
    {
        const std::string pieces[] = { "\"", "\\", "\n", "\x01", "\x1f", "\x7f", " ", "/", "\xc3\xa9", "\xe2\x9c\x93",
            "\xf0\x9f\x98\x80", "\t\"\\" };
        for (const std::string& piece : pieces) {
            for (std::size_t offset = 0; offset <= 17; ++offset) {
                for (std::size_t after : { 0, 3, 8, 13 }) {
                    const std::string text = std::string(offset, 'a') + piece + std::string(after, 'z');
                    std::string out;
                    json::appendString(out, text);
                    QCOMPARE(bytes(out), bytes(nlohmann::json(text).dump()));
                }
            }
        }
    }

    /// The Chrome trace's µs: exact thousandths, never through a double.
    void thousandthsAreExact()
    {
        std::string out;
        {
            json::TextWriter writer(out);
            for (std::int64_t value : { std::int64_t(0), std::int64_t(7), std::int64_t(12345), std::int64_t(-7),
                     std::int64_t(1000000001), (std::int64_t(1) << 53) - 1 }) {
                writer.thousandths(value);
                writer.raw(' ');
            }
        }
        QCOMPARE(
            QByteArray::fromStdString(out), QByteArray("0.000 0.007 12.345 -0.007 1000000.001 9007199254740.991 "));
    }

    void traceIsValidJsonWithFlows()
    {
        Loaded loaded = loadAndSimulate(sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString());
        const auto trace = nlohmann::json::parse(writeChromeTrace(loaded.graph, *loaded.schedule));
        int complete = 0, flowStarts = 0, flowEnds = 0, threadNames = 0;
        for (const auto& event : trace["traceEvents"]) {
            complete += event["ph"] == "X";
            flowStarts += event["ph"] == "s";
            flowEnds += event["ph"] == "f";
            if (event["ph"] == "M" && event["name"] == "thread_name")
                ++threadNames;
        }
        QCOMPARE(complete, int(loaded.graph.tasks.size())); // no marker events (#13)
        QCOMPARE(threadNames, 2 + 2 + 4);                   // DMA 2×1, DPU 2×1, SHAVE 2×2
        QVERIFY(flowStarts > 0);
        QCOMPARE(flowEnds, flowStarts);
        QCOMPARE(trace["displayTimeUnit"].get<std::string>(), std::string("ns"));
    }
};

LOOKAHEAD_TEST(WriterTest)
#include "tst_writer.moc"
