// The loader's windowed walk (LoaderPaths.h, readWindowed()): a large file is read in windows that
// end at line breaks. It must give exactly readWhole()'s graph, or nothing, so that
// parseTaskGraph() words every problem as before.

#include "TestRegistry.h"

#include "formats/LoaderPaths.h"
#include "formats/WalkText.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/InputOpener.h"
#include "lookahead/Loader.h"
#include "lookahead/SyntheticGraph.h"

#include "Gzip.h"

#include <nlohmann/json.hpp>

#include <QTemporaryFile>
#include <QTest>

#include <cstdio>
#include <memory>

using namespace lookahead;
using json = nlohmann::json;

namespace {

constexpr int kTasks = 3000;

/// The root keys around `tasks`, and the tasks: a chain on two DMA units with a few optional keys.
std::vector<std::string> taskTexts(int indent)
{
    std::vector<std::string> tasks;
    for (int i = 0; i < kTasks; ++i) {
        json task
            = { { "id", "t" + std::to_string(i) }, { "exec", "DMA" }, { "unit", i % 2 }, { "cycles", 10 + i % 7 } };
        if (i > 0)
            task["after"] = json::array({ "t" + std::to_string(i - 1) });
        if (i % 5 == 0)
            task["note"] = "escaped \"quote\" and \\u00e9 " + std::to_string(i);
        tasks.push_back(task.dump(indent));
    }
    return tasks;
}

/// A document as a writer would lay it out: `before` the tasks, one task after the other separated
/// by `separator`, `after` them.
std::string document(const std::vector<std::string>& tasks, const std::string& separator, const std::string& after)
{
    std::string text = R"({"format": "lookahead-taskgraph", "version": 1, "name": "windows",
 "platform": {"clock_mhz": 1000, "executors": {"DMA": {"units": 2, "engines": 1}}},
 "tasks": [
)";
    for (std::size_t i = 0; i < tasks.size(); ++i)
        text += (i ? separator : std::string()) + tasks[i];
    return text + "\n]" + after + "}\n";
}

/// `bytes` in a temporary file, open for reading (no stream when it could not be written).
struct FileOf {
    explicit FileOf(const QByteArray& bytes)
    {
        if (file.open() && file.write(bytes) == bytes.size() && file.flush())
            stream.reset(std::fopen(file.fileName().toLocal8Bit().constData(), "rb"));
    }
    QTemporaryFile file;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream { nullptr, std::fclose };
};

std::string withCrLf(std::string text)
{
    std::string out;
    for (char c : text)
        out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
}

} // namespace

class LoaderWindowsTest : public QObject {
    Q_OBJECT
private slots:
    void readsAsTheWholeDocumentDoes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("windowBytes");
        QTest::addColumn<bool>("windowed"); // readWindowed() reads it (else it gives nothing)
        QTest::addColumn<bool>("loads");
        const std::vector<std::string> lines = taskTexts(-1), indented = taskTexts(2);
        const std::string groups = R"(, "groups": [{"id": "g", "kind": "loop", "tasks": ["t0", "t1"]}])";
        auto row = [](const char* name, const std::string& text, int window, bool windowed, bool loads = true) {
            QTest::newRow(name) << QByteArray::fromStdString(text) << window << windowed << loads;
        };
        row("a task per line", document(lines, ",\n", ""), 4096, true);
        row("several lines per task", document(indented, ",\n", ""), 4096, true);
        row("comma on the next line", document(lines, "\n  , ", ""), 4096, true);
        row("CR LF line breaks", withCrLf(document(indented, ",\n", "")), 4096, true);
        row("keys after the tasks", document(lines, ",\n", groups), 4096, true);
        row("tasks longer than a window", document(indented, ",\n", ""), 48, true);
        row("windows of a byte", document(lines, ",\n", ""), 1, true);
        row("no line breaks: not windowed", document(lines, ",", ""), 4096, false);

        std::vector<std::string> broken = lines;
        broken[2000] = "\n" + broken[2000];
        row("a missing comma between lines", document(broken, "\n", ""), 4096, false, false);
        const std::string plain = document(lines, ",\n", "");
        row("a trailing comma", std::string(plain).insert(plain.rfind(']'), ","), 4096, false, false);
        broken = lines;
        broken[2500] = json({ { "id", "t7" }, { "exec", "DMA" }, { "cycles", 1 } }).dump();
        row("a duplicate id windows apart", document(broken, ",\n", ""), 4096, false, false);
        broken = lines;
        broken[2999] = R"({"id": "t2999", "exec": "DMA", "cycles": 1, "after": ["nowhere"]})";
        row("an unknown task in the last window", document(broken, ",\n", ""), 4096, false, false);
        broken = lines;
        broken[1500].insert(broken[1500].find("\"t1500\"") + 4, "\n"); // a raw line break inside an id
        row("a line break inside a string", document(broken, ",\n", ""), 4096, false, false);
        row("text after the root", plain + "{}", 4096, false, false);
        broken = lines;
        broken[1000] = ",\n"
            + json({ { "id", "t1000" }, { "exec", "DMA" }, { "cycles", 1 }, { "note", std::string(700, 'x') } }).dump();
        row("an empty element before a line longer than a run", document(broken, ",\n", ""), 4096, false, false);
        broken = lines;
        broken[1000] = R"({"id": "t1000", "exec": "DMA",)"
                       "\n"
                       R"("cycles": 1, "after": ["t999"]})";
        row("a task cut at a comma ending its line", document(broken, ",\n", ""), 4096, true);
    }

    void readsAsTheWholeDocumentDoes()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, windowBytes);
        QFETCH(bool, windowed);
        QFETCH(bool, loads);
        const simdjson::padded_string padded(text.toStdString());
        const std::optional<TaskGraph> read = graphformat::readWindowed(padded, std::size_t(windowBytes));
        QCOMPARE(read.has_value(), windowed);
        const Result<TaskGraph> whole = graphformat::readWhole(padded, "x.json");
        if (read) // the same graph both ways
            QCOMPARE(writeTaskGraph(*read), writeTaskGraph(whole.value()));
        // The text as a file read in pieces of 700 bytes (loadTaskGraphFile()'s way for a large file).
        const FileOf file(text);
        QVERIFY(file.stream);
        graphformat::WalkText pieces(file.stream.get(), std::size_t(text.size()), 700);
        const std::optional<TaskGraph> fromFile = graphformat::readWindowed(pieces, std::size_t(windowBytes));
        QCOMPARE(fromFile.has_value(), windowed);
        if (fromFile)
            QCOMPARE(writeTaskGraph(*fromFile), writeTaskGraph(whole.value()));
        // Batches (and runs of lines read with no walk) of 512 bytes: on this thread, then with the
        // walk on another (the two batches take turns hundreds of times).
        for (const graphformat::Batching batching :
            { graphformat::Batching { 512, SIZE_MAX }, graphformat::Batching { 512, 0 } }) {
            const std::optional<TaskGraph> small
                = graphformat::readWindowed(padded, std::size_t(windowBytes), batching);
            QCOMPARE(small.has_value(), windowed);
            if (small)
                QCOMPARE(writeTaskGraph(*small), writeTaskGraph(whole.value()));
        }
        const Result<TaskGraph> parsed = parseTaskGraph(text.toStdString(), "x.json");
        QCOMPARE(parsed.ok(), loads);
        if (loads) {
            QCOMPARE(int(parsed.value().tasks.size()), kTasks);
            QCOMPARE(writeTaskGraph(parsed.value()), writeTaskGraph(whole.value()));
        } else { // worded by readWhole(), as ever
            QCOMPARE(
                QString::fromStdString(parsed.error().toString()), QString::fromStdString(whole.error().toString()));
        }
    }

    void aFileOfAnotherSizeIsNotRead_data()
    {
        QTest::addColumn<int>("sizeSaid"); // against the file's real size
        QTest::addColumn<bool>("read");
        QTest::newRow("as said") << 0 << true;
        QTest::newRow("shorter than said") << 10 << false;
        // Ten more bytes of spaces: the text the walk sees is whole, only its end tells.
        QTest::newRow("longer than said") << -10 << false;
    }

    void aFileOfAnotherSizeIsNotRead()
    {
        // A file that grows or shrinks while it is read is not taken for what the walk saw: the
        // loader then reads it whole, which words what it finds.
        QFETCH(int, sizeSaid);
        QFETCH(bool, read);
        const QByteArray text
            = QByteArray::fromStdString(document(taskTexts(-1), ",\n", "")) + QByteArray(std::max(0, -sizeSaid), ' ');
        const FileOf file(text);
        QVERIFY(file.stream);
        graphformat::WalkText pieces(file.stream.get(), std::size_t(text.size() + sizeSaid), 700);
        QCOMPARE(graphformat::readWindowed(pieces, 4096).has_value(), read);
    }

    void largeFilesLoadAsTheirText_data()
    {
        // 40 000 tasks, 5.6 MB: loadTaskGraphFile() reads such a file in pieces as it walks it.
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error"); // empty when it loads
        const std::string text = writeTaskGraph(generateSyntheticGraph({ 40000, 7, 6 }));
        QVERIFY(text.size() > (std::size_t(4) << 20));
        QTest::newRow("a graph") << QByteArray::fromStdString(text) << "";
        QTest::newRow("gzip") << QByteArray::fromStdString(test::gzipMember(text)) << "";
        QTest::newRow("on one line") << QByteArray::fromStdString(text).replace('\n', ' ') << "";
        std::string broken = text;
        const std::size_t kernel = broken.find("\"kernel\":\"", broken.size() / 2);
        QVERIFY(kernel != std::string::npos);
        broken.insert(kernel + 10, "nowhere-");
        QTest::newRow("an unknown kernel half-way") << QByteArray::fromStdString(broken) << "/kernel: unknown kernel";
        broken = text;
        broken.insert(broken.find("\n", broken.size() / 2), ",");
        QTest::newRow("a comma too many half-way") << QByteArray::fromStdString(broken) << "invalid JSON";
    }

    void largeFilesLoadAsTheirText()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QTemporaryFile file;
        QVERIFY(file.open());
        QCOMPARE(file.write(bytes), bytes.size());
        QVERIFY(file.flush());
        const Result<TaskGraph> loaded = loadTaskGraphFile(file.fileName().toStdString());
        // The explorer's way in (openInputFile) loads it the same, a plain file from the file itself.
        const Result<OpenedInput> opened = openInputFile(file.fileName().toStdString());
        QCOMPARE(opened.ok(), loaded.ok());
        if (opened.ok())
            QCOMPARE(writeTaskGraph(opened.value().graph), writeTaskGraph(loaded.value()));
        else
            QCOMPARE(
                QString::fromStdString(opened.error().toString()), QString::fromStdString(loaded.error().toString()));
        if (error.isEmpty()) {
            QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().toString().c_str());
            const std::string text = bytes.startsWith("\x1f\x8b") ? std::string() : bytes.toStdString();
            if (!text.empty())
                QCOMPARE(writeTaskGraph(loaded.value()), writeTaskGraph(parseTaskGraph(text, "x.json").value()));
            QCOMPARE(loaded.value().tasks.size(), std::size_t(40000));
            return;
        }
        QVERIFY(!loaded.ok());
        const Result<TaskGraph> parsed = parseTaskGraph(bytes.toStdString(), file.fileName().toStdString());
        QCOMPARE(QString::fromStdString(loaded.error().toString()), QString::fromStdString(parsed.error().toString()));
        QVERIFY2(loaded.error().toString().find(error.toStdString()) != std::string::npos,
            loaded.error().toString().c_str());
    }
};

LOOKAHEAD_TEST(LoaderWindowsTest)
#include "tst_loaderwindows.moc"
