// The trace reader's windowed pass (TraceDocument.h, readChromeTraceWindows()): a large trace is
// read in windows that end at line breaks, with brackets written over the text around each window
// and restored. It must give exactly the whole pass's document, or decline, so that readChromeTrace()
// words every problem as before; and the text must come back unchanged.

#include "Golden.h"
#include "TestRegistry.h"

#include "formats/JsonInput.h"
#include "formats/TraceDocument.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QTest>

using namespace lookahead;
using namespace lookahead::formats;
using Json = nlohmann::json;

namespace {

constexpr int kEvents = 2000;

/// Kineto-like events: CPU ops with args, GPU kernels, flows with ids and bind points, escapes,
/// metadata naming the lanes; `indent` -1 writes one per line, 2 several lines each (Kineto's
/// layout), and args hold nested objects and arrays of objects.
std::vector<std::string> eventTexts(int indent)
{
    std::vector<std::string> events;
    events.push_back(Json(
        { { "ph", "M" }, { "name", "process_name" }, { "pid", 1 }, { "tid", 0 }, { "args", { { "name", "python" } } } })
                         .dump(indent));
    events.push_back(Json({ { "ph", "M" }, { "name", "thread_name" }, { "pid", 1 }, { "tid", "stream 7" },
                              { "args", { { "name", "stream \"7\"" } } } })
                         .dump(indent));
    for (int i = 0; i < kEvents; ++i) {
        Json event = { { "ph", "X" }, { "cat", i % 3 ? "kernel" : "cpu_op" }, { "pid", i % 3 ? 1 : 0 },
            { "tid", i % 3 ? Json("stream 7") : Json(17) }, { "ts", 1000.5 + i * 3 }, { "dur", 2.25 } };
        event["name"] = i % 7 ? "aten::mm " + std::to_string(i % 11) : "kernel<\"q\", \\u00e9> " + std::to_string(i);
        if (i % 4 == 0)
            event["args"] = { { "External id", i }, { "shapes", Json::array({ Json::array({ 3, 4 }), Json::array() }) },
                { "frames", Json::array({ { { "file", "a.py" } }, { { "file", "b\nc.py" } } }) } };
        if (i % 10 == 5) {
            event["ph"] = i % 20 == 5 ? "s" : "f";
            event["id"] = i / 20;
            if (event["ph"] == "f")
                event["bp"] = "e";
        }
        if (i % 50 == 0)
            event["ts"] = std::to_string(1000 + i * 3) + ".125"; // Ascend's string timestamps
        events.push_back(event.dump(indent));
    }
    return events;
}

/// A trace laid out as a profiler writes it: `before` the events, the events separated by
/// `separator`, `after` them.
std::string objectForm(const std::vector<std::string>& events, const std::string& separator, const std::string& after)
{
    std::string text = "{\n  \"schemaVersion\": 1,\n  \"deviceProperties\": [{\"id\": 0, \"name\": \"A100\"}],\n"
                       "  \"traceEvents\": [\n";
    for (std::size_t i = 0; i < events.size(); ++i)
        text += (i ? separator : std::string()) + events[i];
    return text + "\n  ]" + after + "\n}\n";
}

std::string arrayForm(const std::vector<std::string>& events)
{
    std::string text = "[\n";
    for (std::size_t i = 0; i < events.size(); ++i)
        text += (i ? ",\n" : "") + events[i];
    return text + "\n]\n";
}

std::string withCrLf(const std::string& text)
{
    std::string out;
    for (char c : text)
        out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
}

/// The whole pass's verdict (the text is under readChromeTrace()'s windowed size).
std::string wholeRead(const std::string& text)
{
    auto doc = readChromeTrace(simdjson::padded_string(text), "t.json");
    return doc.ok() ? describeDocument(*doc.value()) : "error: " + doc.error().toString();
}

} // namespace

class TraceWindowsTest : public QObject {
    Q_OBJECT
private slots:
    void readsAsTheWholeTextDoes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("windowBytes");
        QTest::addColumn<bool>("windowed"); // the windowed pass reads it (else it declines)
        const std::vector<std::string> lines = eventTexts(-1), indented = eventTexts(2);
        auto row = [](const char* name, const std::string& text, int window, bool windowed) {
            QTest::newRow(name) << QByteArray::fromStdString(text) << window << windowed;
        };
        const std::string kineto = objectForm(indented, ",\n", R"(, "traceName": "x.json", "traceEvents": [])");
        row("Kineto's layout, keys after the events", kineto, 4096, true);
        row("an event per line", objectForm(lines, ",\n", ""), 4096, true);
        row("the array form", arrayForm(lines), 4096, true);
        row("comma on the next line", objectForm(lines, "\n  , ", ""), 4096, true);
        row("CR LF line breaks", withCrLf(objectForm(indented, ",\n", "")), 4096, true);
        row("events longer than a window", objectForm(indented, ",\n", ""), 48, true);
        row("windows of a byte", objectForm(lines, ",\n", ""), 1, true);
        row("an empty event array", "{\n\"a\": 1,\n\"traceEvents\": [\n]\n,\n\"b\": 2}\n", 4, true);
        std::string flat = arrayForm(lines);
        std::erase(flat, '\n');
        row("one line: declined", flat, 4096, false);
        row("a trace of one window: declined", objectForm(lines, ",\n", ""), 1 << 30, false);

        std::vector<std::string> broken = lines;
        broken[1200] = "\n" + broken[1200];
        row("a missing comma between lines", objectForm(broken, "\n", ""), 4096, false);
        const std::string plain = objectForm(lines, ",\n", "");
        row("a trailing comma", std::string(plain).insert(plain.rfind(']'), ","), 4096, false);
        broken = lines;
        broken[1500].insert(broken[1500].find("\"cat\"") + 3, "\n"); // a raw line break in a key
        row("a line break inside a string", objectForm(broken, ",\n", ""), 4096, false);
        broken = lines;
        broken[700].replace(broken[700].find('}'), 1, "]");
        row("a closer of the wrong kind", objectForm(broken, ",\n", ""), 4096, false);
        row("text after the root", plain + "{}", 4096, false);
        row("an unclosed event array", plain.substr(0, plain.rfind(']')), 4096, false);
        row("no event array", "{\n\"a\": [\n1,\n2\n],\n\"b\": 3\n}\n", 4, false);
    }

    void readsAsTheWholeTextDoes()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, windowBytes);
        QFETCH(bool, windowed);
        const std::string original = text.toStdString();
        simdjson::padded_string padded(original);
        auto read = readChromeTraceWindows(std::move(padded), "t.json", std::size_t(windowBytes));
        QCOMPARE(read.has_value(), windowed);
        if (!read)
            return;
        if (!read->ok())
            QFAIL(read->error().toString().c_str());
        const TraceDocument& doc = *read->value();
        QCOMPARE(std::string_view(doc.json.data(), doc.json.size()), std::string_view(original)); // restored
        QCOMPARE(describeDocument(doc), wholeRead(original));
    }

    /// Every shared recording the windowed pass takes gives the whole pass's document, in windows
    /// small enough to cut most events.
    void sharedRecordings_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("windowed");
        // torch_npu writes the trace on one line: the whole pass reads it.
        QTest::newRow("ascend (one line)") << "ascend-torchnpu-level0-rank0-trace_view.json" << false;
        QTest::newRow("chrome") << "chrome69-tracing-array.json" << true;
        QTest::newRow("kineto cuda") << "kineto-cuda-alexnet.json.gz" << true;
        QTest::newRow("kineto rocm") << "kineto-rocm-mi250-minitoy-train.json.gz" << true;
        QTest::newRow("npu 37xx") << "npu-prof-parser-37xx.json" << true;
        QTest::newRow("npu 40xx") << "npu-prof-parser-40xx.json" << true;
        QTest::newRow("rspack") << "rspack-tracing-async-only.json.gz" << true;
        QTest::newRow("tf1") << "tf1-timeline-gpu-step0.json" << true;
    }

    void sharedRecordings()
    {
        QFETCH(QString, file);
        QFETCH(bool, windowed);
        const QString path = test::sharedPath("real-traces/" + file);
        if (!QFileInfo::exists(path))
            QSKIP("no ../shared/real-traces beside the checkout");
        auto text = lookahead::json::readInputFile(path.toStdString());
        QVERIFY(text.ok());
        const std::string original(text.value().data(), text.value().size());
        for (std::size_t window : { 512, 4096 }) {
            auto read = readChromeTraceWindows(simdjson::padded_string(original), "t.json", window);
            QCOMPARE(read.has_value(), windowed);
            if (read) {
                QVERIFY(read->ok());
                QCOMPARE(describeDocument(*read->value()), wholeRead(original));
            }
        }
    }
};

LOOKAHEAD_TEST(TraceWindowsTest)
#include "tst_tracewindows.moc"
