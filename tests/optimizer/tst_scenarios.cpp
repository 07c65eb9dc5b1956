// Acceptance scenarios of ../shared/scenarios/*/: every `NAME.json` + `NAME.expect.json` pair is run
// through `lookahead batch run` in-process and compared as the scenarios' README says: inserted
// tasks (origin = a pass of the pipeline) one to one in file order, with their input neighbours;
// input tasks unchanged and in order; the makespans before and after. Cases are discovered, never
// listed, so new scenario folders and cases are picked up without touching this file.

#include "Golden.h"
#include "TestRegistry.h"

#include "BatchCommand.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <set>
#include <sstream>

using nlohmann::json;

namespace {

json readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return json();
    return json::parse(file.readAll().toStdString(), nullptr, false);
}

/// Pass names of a pipeline text: the words before `{` or `,` at brace depth 0.
std::set<std::string> passNames(const std::string& pipeline)
{
    std::set<std::string> names;
    std::string current;
    int depth = 0;
    for (char c : pipeline) {
        if (c == '{')
            ++depth;
        else if (c == '}')
            --depth;
        else if (depth == 0 && c == ',') {
            if (!current.empty())
                names.insert(current);
            current.clear();
        } else if (depth == 0 && c != ' ')
            current += c;
        if (c == '{' && depth == 1 && !current.empty()) {
            names.insert(current);
            current.clear();
        }
    }
    if (!current.empty())
        names.insert(current);
    return names;
}

std::set<std::string> asSet(const json& task, const char* key)
{
    std::set<std::string> values;
    if (task.contains(key))
        for (const json& v : task.at(key))
            values.insert(v.dump());
    return values;
}

/// The task's field with the format's default filled in.
json field(const json& task, const std::string& key)
{
    if (task.contains(key))
        return task.at(key);
    if (key == "unit")
        return 0;
    if (key == "role")
        return "compute";
    return nullptr;
}

struct Run {
    int status = -1;
    std::string err;
    json output;
};

Run batchRun(const std::string& input, const std::string& pipeline, bool specCosts, const QString& outPath)
{
    std::vector<std::string> args { "run", input };
    if (!pipeline.empty()) {
        args.push_back("--pipeline");
        args.push_back(pipeline);
    }
    if (specCosts)
        args.push_back("--spec-costs");
    args.push_back("-o");
    args.push_back(outPath.toStdString());
    std::ostringstream out, err;
    Run run;
    run.status = lookahead::runBatch(args, out, err);
    run.err = err.str();
    if (run.status == 0)
        run.output = readJson(outPath);
    return run;
}

} // namespace

class ScenarioTest : public QObject {
    Q_OBJECT
private slots:
    void scenarios_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expect");
        const QDir root(lookahead::test::sharedPath(QStringLiteral("scenarios")));
        int cases = 0;
        for (const QString& folder : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const QDir dir(root.filePath(folder));
            for (const QString& expect : dir.entryList({ QStringLiteral("*.expect.json") }, QDir::Files, QDir::Name)) {
                const QString name = expect.chopped(int(sizeof(".expect.json")) - 1);
                QTest::newRow(qPrintable(folder + QLatin1Char('/') + name))
                    << dir.filePath(name + QStringLiteral(".json")) << dir.filePath(expect);
                ++cases;
            }
        }
        if (cases == 0)
            QTest::newRow("no scenarios found") << QString() << root.path();
    }

    void scenarios()
    {
        QFETCH(QString, input);
        QFETCH(QString, expect);
        QVERIFY2(!input.isEmpty(), qPrintable(QStringLiteral("no *.expect.json under %1").arg(expect)));
        QVERIFY2(QFile::exists(input), qPrintable(QStringLiteral("missing input %1").arg(input)));
        const json spec = readJson(expect);
        QVERIFY2(spec.is_object() && spec.contains("pipeline") && spec.contains("expect"), qPrintable(expect));
        const std::string pipeline = spec.at("pipeline").get<std::string>();
        const bool specCosts = spec.value("spec_costs", false);
        const json& expected = spec.at("expect");

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const json original = readJson(input);
        QVERIFY(original.is_object());

        // makespan_before: the same command without --pipeline.
        const Run plain = batchRun(input.toStdString(), "", specCosts, dir.filePath(QStringLiteral("plain.json")));
        QVERIFY2(plain.status == 0, plain.err.c_str());
        QCOMPARE(plain.output.at("schedule").at("makespan").get<std::int64_t>(),
            expected.at("makespan_before").get<std::int64_t>());

        const Run run = batchRun(input.toStdString(), pipeline, specCosts, dir.filePath(QStringLiteral("out.json")));
        QVERIFY2(run.status == 0, run.err.c_str());
        const json& tasks = run.output.at("tasks");
        const std::set<std::string> origins = passNames(pipeline);

        // Inserted tasks in file order, each with the input tasks around it.
        std::vector<json> inserted, inputTasks;
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            const json& task = tasks[i];
            if (task.contains("origin") && origins.count(task.at("origin").get<std::string>())) {
                json found = task;
                found["after_task"] = nullptr;
                found["before_task"] = nullptr;
                for (std::size_t j = i; j-- > 0;)
                    if (!(tasks[j].contains("origin") && origins.count(tasks[j].at("origin").get<std::string>()))) {
                        found["after_task"] = tasks[j].at("id");
                        break;
                    }
                for (std::size_t j = i + 1; j < tasks.size(); ++j)
                    if (!(tasks[j].contains("origin") && origins.count(tasks[j].at("origin").get<std::string>()))) {
                        found["before_task"] = tasks[j].at("id");
                        break;
                    }
                inserted.push_back(found);
            } else {
                inputTasks.push_back(task);
            }
        }
        const json& wanted = expected.at("inserted");
        QVERIFY2(inserted.size() == wanted.size(),
            qPrintable(QStringLiteral("%1 tasks inserted, %2 expected").arg(inserted.size()).arg(wanted.size())));
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            const json& want = wanted[i];
            const json& got = inserted[i];
            const QString where
                = QStringLiteral("inserted task %1 (%2)").arg(i).arg(QString::fromStdString(got.dump()));
            if (want.contains("prefetch"))
                QVERIFY2(field(got, "role") == "prefetch", qPrintable(where + QStringLiteral(": role")));
            for (const auto& [key, value] : want.items()) {
                if (key == "wait" || key == "update" || key == "after") {
                    QVERIFY2(asSet(got, key.c_str()) == asSet(want, key.c_str()),
                        qPrintable(where + QStringLiteral(": ") + QString::fromStdString(key)));
                } else if (key != "id" && key != "name") {
                    QVERIFY2(field(got, key) == value,
                        qPrintable(where
                            + QStringLiteral(": %1 expected %2")
                                  .arg(QString::fromStdString(key), QString::fromStdString(value.dump()))));
                }
            }
        }

        // Input tasks unchanged, in their input order.
        const json& originalTasks = original.at("tasks");
        QCOMPARE(inputTasks.size(), originalTasks.size());
        for (std::size_t i = 0; i < originalTasks.size(); ++i) {
            const json& before = originalTasks[i];
            const json& after = inputTasks[i];
            QCOMPARE(QString::fromStdString(after.at("id").dump()), QString::fromStdString(before.at("id").dump()));
            for (const char* key : { "exec", "unit", "cycles", "kernel", "role", "prefetch" })
                QVERIFY2(field(after, key) == field(before, key),
                    qPrintable(QStringLiteral("task %1: %2 changed")
                                   .arg(QString::fromStdString(before.at("id").dump()), QLatin1String(key))));
            for (const char* key : { "wait", "update", "after" })
                QVERIFY2(asSet(after, key) == asSet(before, key),
                    qPrintable(QStringLiteral("task %1: %2 changed")
                                   .arg(QString::fromStdString(before.at("id").dump()), QLatin1String(key))));
        }

        QCOMPARE(run.output.at("schedule").at("makespan").get<std::int64_t>(),
            expected.at("makespan_after").get<std::int64_t>());
    }
};

LOOKAHEAD_TEST(ScenarioTest)
#include "tst_scenarios.moc"
