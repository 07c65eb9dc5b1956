// `lookahead batch`: exit statuses, messages naming file/pointer/option, outputs whole or absent,
// the input never modified.

#include "Golden.h"
#include "TestRegistry.h"

#include "BatchHarness.h"

#include <nlohmann/json.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

using namespace lookahead;

namespace {
using lookahead::test::batch;
using lookahead::test::BatchResult;

std::string example(const char* name)
{
    return lookahead::test::sharedPath(QStringLiteral("spec/examples/%1").arg(QString::fromUtf8(name))).toStdString();
}

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}
} // namespace

class BatchTest : public QObject {
    Q_OBJECT
private slots:
    void validatePrintsNothingOnSuccess()
    {
        const BatchResult r = batch({ "validate", example("npu-two-tile.json") });
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.empty());
        QVERIFY(r.err.empty());
    }

    void badInputExitsTwoAndNamesFileAndPointer()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "lookahead-taskgraph", "version": 1, "platform": {"executors": {"X": {}}},
                      "tasks": [{"id": "a", "exec": "Y", "cycles": 1}]})");
        file.close();
        const QString out = dir.filePath(QStringLiteral("out.json"));
        const BatchResult r = batch({ "run", bad.toStdString(), "-o", out.toStdString(), "--report", "-" });
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, "lookahead: " + bad.toStdString() + ": /tasks/0/exec: unknown executor kind \"Y\"\n");
        QVERIFY(r.out.empty());
        QVERIFY(!QFile::exists(out));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList { QStringLiteral("frobnicate") }
                                         << QStringLiteral("lookahead: unknown batch command \"frobnicate\"");
        QTest::newRow("unknown option") << QStringList { QStringLiteral("run"), QStringLiteral("x.json"),
            QStringLiteral("--fast") } << QStringLiteral("lookahead: batch run: unknown option --fast");
        QTest::newRow("missing value") << QStringList { QStringLiteral("run"), QStringLiteral("x.json"),
            QStringLiteral("--pipeline") }
                                       << QStringLiteral("lookahead: batch run: option --pipeline needs a value");
        QTest::newRow("no file") << QStringList { QStringLiteral("validate") }
                                 << QStringLiteral("lookahead: batch validate: expects exactly one FILE, got 0");
        QTest::newRow("unknown pass")
            << QStringList { QStringLiteral("run"), QStringLiteral("x.json"), QStringLiteral("--pipeline"),
                   QStringLiteral("nope") }
            << QStringLiteral(
                   "lookahead: --pipeline: unknown pass \"nope\" at column 1 (`lookahead batch passes` lists them)");
        QTest::newRow("unknown cost term")
            << QStringList { QStringLiteral("run"), QStringLiteral("x.json"), QStringLiteral("--disable-cost"),
                   QStringLiteral("magic") }
            << QStringLiteral(
                   "lookahead: --disable-cost: unknown cost term \"magic\" (`lookahead batch costs` lists them)");
        QTest::newRow("bad vary") << QStringList {
            QStringLiteral("sweep"), QStringLiteral("x.json"), QStringLiteral("--vary"), QStringLiteral("a=1")
        } << QStringLiteral("lookahead: --vary: expected PASS.OPTION=FROM:TO:STEP or PASS.OPTION={a,b,c}, got \"a=1\"");
        QTest::newRow("bad range") << QStringList {
            QStringLiteral("sweep"), QStringLiteral("x.json"), QStringLiteral("--vary"), QStringLiteral("p.o=5:1:1")
        } << QStringLiteral("lookahead: --vary: expected FROM:TO:STEP with FROM ≤ TO and STEP > 0, got \"5:1:1\"");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const BatchResult r = batch(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(QString::fromStdString(r.err).startsWith(message), r.err.c_str());
    }

    void runWritesAllOutputsAndKeepsInput()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("in.json"));
        QVERIFY(QFile::copy(QString::fromStdString(example("npu-two-tile.json")), input));
        const QByteArray inputHash = fileHash(input);
        const QString out = dir.filePath(QStringLiteral("out.json"));
        const QString trace = dir.filePath(QStringLiteral("trace.json"));
        const QString report = dir.filePath(QStringLiteral("report.json"));
        const BatchResult r = batch({ "run", input.toStdString(), "--spec-costs", "-o", out.toStdString(), "--trace",
            trace.toStdString(), "--report", report.toStdString() });
        QCOMPARE(r.status, 0);
        QVERIFY2(r.err.empty(), r.err.c_str());
        QCOMPARE(fileHash(input), inputHash);
        QFile reportFile(report);
        QVERIFY(reportFile.open(QIODevice::ReadOnly));
        const auto json = nlohmann::json::parse(reportFile.readAll().toStdString());
        QCOMPARE(json["makespan_before"].get<std::int64_t>(), 584916);
        QCOMPARE(json["makespan_after"].get<std::int64_t>(), 584916);
        QCOMPARE(json["executors"].size(), 3u);
        QVERIFY(QFile::exists(out));
        QVERIFY(QFile::exists(trace));
        // No temporary files left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 4);
        // Exported schedule, reloaded and rerun, gives the same bytes.
        const QString out2 = dir.filePath(QStringLiteral("out2.json"));
        QCOMPARE(batch({ "run", out.toStdString(), "--spec-costs", "-o", out2.toStdString() }).status, 0);
        QCOMPARE(fileHash(out2), fileHash(out));
    }

    void refusesToOverwriteInput()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("in.json"));
        QVERIFY(QFile::copy(QString::fromStdString(example("cache-semantics.json")), input));
        const QByteArray inputHash = fileHash(input);
        const BatchResult r = batch({ "run", input.toStdString(), "-o", input.toStdString() });
        QCOMPARE(r.status, 2);
        QVERIFY(r.err.find("refusing to overwrite the input file") != std::string::npos);
        QCOMPARE(fileHash(input), inputHash);
    }

    void unwritableOutputIsAnErrorNamingIt()
    {
        const BatchResult r = batch({ "run", example("cache-semantics.json"), "-o", "/nonexistent-dir/out.json" });
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.find("--output: /nonexistent-dir/out.json: cannot create a temporary file") != std::string::npos,
            r.err.c_str());
    }

    void generateIsDeterministicPerSeed()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.json")), b = dir.filePath(QStringLiteral("b.json")),
                      c = dir.filePath(QStringLiteral("c.json"));
        QCOMPARE(batch({ "generate", "--tasks", "500", "--seed", "7", "-o", a.toStdString() }).status, 0);
        QCOMPARE(batch({ "generate", "--tasks", "500", "--seed", "7", "-o", b.toStdString() }).status, 0);
        QCOMPARE(batch({ "generate", "--tasks", "500", "--seed", "8", "-o", c.toStdString() }).status, 0);
        QCOMPARE(fileHash(a), fileHash(b));
        QVERIFY(fileHash(a) != fileHash(c));
        const BatchResult validated = batch({ "validate", a.toStdString() });
        QCOMPARE(validated.status, 0);
        QVERIFY2(validated.err.empty(), validated.err.c_str());
    }
};

LOOKAHEAD_TEST(BatchTest)
#include "tst_batch.moc"
