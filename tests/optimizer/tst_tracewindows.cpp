// The trace reader's windowed pass (TraceDocument.h, readChromeTraceWindows()): a large trace is
// read in windows that end at line breaks, with brackets written over the text around each window
// and restored. It must give exactly the whole pass's document, or decline, so that readChromeTrace()
// words every problem as before; and the text must come back unchanged.

#include "Golden.h"
#include "Gzip.h"
#include "TestRegistry.h"

#include "formats/JsonInput.h"
#include "formats/TraceDocument.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/InputOpener.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
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

/// A trace of `events` slices on four lanes, one event per line, built as text (a test must not
/// spend seconds on a DOM): enough of them and the reader takes it in windows.
std::string manySlices(int events)
{
    std::string text = "{\"traceEvents\": [\n";
    for (int i = 0; i < events; ++i) {
        text += (i ? ",\n" : "") + std::string("{\"ph\": \"X\", \"name\": \"op ") + std::to_string(i % 97)
            + "\", \"pid\": 1, \"tid\": " + std::to_string(i % 4) + ", \"ts\": " + std::to_string(i * 2)
            + ", \"dur\": 1.5}";
    }
    return text + "\n], \"displayTimeUnit\": \"ns\"}\n";
}

/// What opening a file gives, as text: the graph and the summary, or the error.
std::string openedText(const Result<OpenedInput>& opened)
{
    if (!opened.ok())
        return "error: " + opened.error().toString();
    return writeTaskGraph(opened.value().graph) + (opened.value().summary ? opened.value().summary->toText() : "");
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
        // A trailing comma inside a window is On-Demand's to refuse; one the walk writes a
        // bracket over must be seen by the walk: before `]`, where a window starts (the line
        // after it is longer than a window), and between the event array and the root's `}`.
        std::string events = "{\"traceEvents\": [\n";
        for (std::size_t i = 0; i < 40; ++i)
            events += (i ? ",\n" : "") + lines[i];
        const std::string longLine = std::string(300, ' ');
        row("a trailing comma starting a window", events + ",\n]," + longLine + "\"a\": 1}\n", 64, false);
        row("a trailing comma after the events", events + "\n],\n}\n" + longLine, 64, false);
        // The first window's closers `]}` complete an id the window cuts (an array in an object;
        // the window ends after `{"x": 1}`): the event then fails to read, and the id is not
        // taken as the text from it to the text's end.
        const std::string cutHead = "{\"traceEvents\": [\n{\"ph\": \"X\", \"name\": \"a\", \"pid\": 1, \"tid\": 1, "
                                    "\"ts\": 1, \"dur\": 1, \"id2\": {\"local\": [\n{\"x\": 1}\n";
        row("a nested id cut by the first window",
            cutHead + ", {\"x\": 2}\n]}},\n" + events.substr(events.find('\n') + 1) + "\n]}\n", int(cutHead.size() + 1),
            true);
        row("keys after the events (no comma)", events + "\n],\n\"a\": 1}\n" + longLine, 64, true);
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

    /// A gzip file is read while it is inflated (openInputFile, from the start of the text and in
    /// windows as it arrives): the same graph, summary and errors as from the inflated bytes
    /// (openInputBytes inflates them whole first).
    void readsWhileInflating_data()
    {
        QTest::addColumn<QByteArray>("gzip");
        auto row = [](const char* name, const std::string& bytes) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes);
        };
        const std::string large = manySlices(120000); // about 9 MB: windows while inflating
        row("a trace read in windows", test::gzipMember(large));
        row("a small trace", test::gzipMember(objectForm(eventTexts(2), ",\n", "")));
        const std::string graph = R"({"format": "lookahead-taskgraph", "version": 1, "name": "g",
 "platform": {"clock_mhz": 1000, "executors": {"DMA": {"units": 1, "engines": 1}}},
 "tasks": [{"id": "a", "exec": "DMA", "unit": 0, "cycles": 5}]})";
        row("a task graph", test::gzipMember(graph));
        // Its start looks like a trace; the whole text says otherwise. (The padding compresses as
        // text does: a gzip trailer claiming 1000 times its file is not believed.)
        std::string pad;
        for (std::uint32_t i = 0, x = 1; i < 100000; ++i, x = x * 1103515245U + 12345U)
            pad += char('a' + (x >> 16) % 26);
        const std::string late = "{\"note\": \"traceEvents\", \"pad\": \"" + pad + "\", " + graph.substr(1);
        row("a task graph that starts like a trace", test::gzipMember(late));
        const std::string whole = test::gzipMember(large);
        row("a cut file", whole.substr(0, whole.size() / 2));
        row("two members", test::gzipMember(large.substr(0, 1000)) + test::gzipMember(large.substr(1000)));
        row("bytes after the member", whole + "junk");
        std::string damaged = whole;
        damaged[damaged.size() / 2] ^= 0x55;
        row("damaged data", damaged);
    }

    void readsWhileInflating()
    {
        QFETCH(QByteArray, gzip);
        QTemporaryDir dir;
        const QString path = dir.filePath("trace.json.gz");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(gzip);
        file.close();
        const std::string label = path.toStdString();
        const std::string streamed = openedText(openInputFile(label));
        QCOMPARE(streamed, openedText(openInputBytes(gzip.toStdString(), label)));
    }
};

LOOKAHEAD_TEST(TraceWindowsTest)
#include "tst_tracewindows.moc"
