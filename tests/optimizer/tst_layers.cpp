// The core's layers point only down (ARCHITECTURE.md): every quoted include in optimizer/ is
// checked against the layer table below, and the headers must not include each other in a cycle.
// The test reads the source tree, so a new upward include fails here, not in a review.

#include "TestRegistry.h"

#include <QTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

/// A layer of the core, lowest first. A file may include files of its own layer and below.
struct Layer {
    int rank;
    const char* name;
};

// Formats rank above simulate and verify: the loader validates `platform.costs` against the cost
// terms' declarations, and nothing below formats reads files. What matters is that nothing that
// simulates or verifies reads files (the simulator does not include the loader) and that every
// layer that runs passes sits above formats.
constexpr Layer kBase { 0, "base" };
constexpr Layer kModel { 1, "model" };
constexpr Layer kDomain { 2, "domain" };
constexpr Layer kSimulate { 3, "simulate" };
constexpr Layer kVerify { 4, "verify" };
constexpr Layer kFormats { 5, "formats" };
constexpr Layer kPassApi { 6, "pass-api" };
constexpr Layer kPasses { 7, "passes" };
constexpr Layer kPipeline { 8, "pipeline" };
constexpr Layer kUseCases { 9, "use cases" };

/// The layer of a file by its path below optimizer/ (folders first, then the file's stem).
std::optional<Layer> layerOf(const std::string& path)
{
    const std::vector<std::pair<const char*, Layer>> folders {
        { "src/domain/", kDomain },
        { "src/costs/", kSimulate },
        { "src/simulate/", kSimulate },
        { "src/formats/", kFormats },
        { "src/json/", kFormats },
        { "src/importers/", kFormats },
        { "src/samples/", kFormats },
        { "src/passes/", kPasses },
        { "src/usecases/", kUseCases },
    };
    for (const auto& [folder, layer] : folders)
        if (path.starts_with(folder))
            return layer;
    const std::string stem = fs::path(path).stem().string();
    const std::map<std::string, Layer> stems {
        { "Result", kBase },
        { "StringPool", kBase },
        { "AtomicFile", kBase },
        { "TextSink", kBase },
        { "Csv", kBase },
        { "TaskExtras", kModel },
        { "TaskGraph", kModel },
        { "Schedule", kModel },
        { "DependencyGraph", kModel },
        { "CostModel", kSimulate },
        { "Simulator", kSimulate },
        { "Verifier", kVerify },
        { "BufferHazards", kVerify },
        { "Loader", kFormats },
        { "GraphWriter", kFormats },
        { "ChromeTraceWriter", kFormats },
        { "ChromeTraceImporter", kFormats },
        { "InputOpener", kFormats },
        { "SyntheticGraph", kFormats },
        { "LoopSamples", kFormats },
        { "MoeSuperKernelSample", kFormats },
        { "NpuDecodeSample", kFormats },
        { "PlatformPresets", kFormats }, // reads preset files with the loader's helpers
        { "OpSummaryCsv", kFormats },
        { "RecordingDomain", kFormats }, // import-side facts, built on presets and the op summary
        { "RecordingReplay", kFormats }, // the import's replay calibration (PlatformChoice.cpp calls it)
        { "Pass", kPassApi },
        { "ToolchainName", kPassApi },
        { "PassApplicability", kPassApi },
        { "PassOption", kPassApi },
        { "PassRegistry", kPassApi },
        { "Pipeline", kPipeline },
        { "BuiltinRegistry", kPipeline },
        { "Rerun", kUseCases },
        { "Sweep", kUseCases },
        { "SweepShards", kUseCases },
        { "RunReport", kUseCases },
        { "DecisionText", kUseCases }, // the sentences of RunReport.h
        { "ScheduleComparison", kUseCases },
        { "CompilerOptions", kUseCases },

    };
    if (auto it = stems.find(stem); it != stems.end())
        return it->second;
    if (stem.starts_with("Json"))
        return kFormats; // the JSON reading layer and its error helpers
    return std::nullopt;
}

struct SourceFile {
    std::string path;                  ///< Relative to optimizer/.
    std::vector<std::string> includes; ///< Resolved, relative to optimizer/; only files of the core.
};

/// Every .h/.cpp of optimizer/ with its quoted includes resolved the way the build does
/// (`lookahead/X.h` from include/, others from src/ or beside the file).
std::vector<SourceFile> coreSources()
{
    const fs::path root = fs::path(LOOKAHEAD_SOURCE_DIR) / "optimizer";
    const std::regex quoted(R"(^\s*#\s*include\s+"([^"]+)\")");
    std::vector<SourceFile> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string ext = entry.path().extension().string();
        if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp"))
            continue;
        SourceFile file { fs::relative(entry.path(), root).generic_string(), {} };
        std::ifstream in(entry.path());
        std::smatch match;
        for (std::string line; std::getline(in, line);) {
            if (!std::regex_search(line, match, quoted))
                continue;
            const std::string name = match[1];
            for (const fs::path& candidate :
                { root / "include" / name, root / "src" / name, entry.path().parent_path() / name })
                if (fs::exists(candidate)) {
                    file.includes.push_back(
                        fs::relative(fs::canonical(candidate), fs::canonical(root)).generic_string());
                    break;
                }
        }
        files.push_back(std::move(file));
    }
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    return files;
}

} // namespace

class LayersTest : public QObject {
    Q_OBJECT
private slots:
    void tableNamesEveryLayer_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("layer");
        QTest::newRow("simulator") << "src/Simulator.cpp"
                                   << "simulate";
        QTest::newRow("cost term") << "src/costs/FabricContention.cpp"
                                   << "simulate";
        QTest::newRow("domain") << "src/domain/SuperKernelDomain.h"
                                << "domain";
        QTest::newRow("verifier") << "include/lookahead/Verifier.h"
                                  << "verify";
        QTest::newRow("loader") << "src/Loader.cpp"
                                << "formats";
        QTest::newRow("pass") << "src/passes/sk/SkFusePass.cpp"
                              << "passes";
        QTest::newRow("rerun") << "include/lookahead/Rerun.h"
                               << "use cases";
    }
    void tableNamesEveryLayer()
    {
        QFETCH(QString, path);
        QFETCH(QString, layer);
        const auto found = layerOf(path.toStdString());
        QVERIFY(found);
        QCOMPARE(QString::fromUtf8(found->name), layer);
    }

    /// The includes issue #14 named would count as upward again.
    void formerViolationsPointUp_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("cost term -> sk passes") << "src/costs/SuperKernelCosts.cpp"
                                                << "src/passes/sk/SuperKernelModel.h";
        QTest::newRow("verifier -> sk checks") << "src/Verifier.cpp"
                                               << "src/passes/sk/SuperKernelChecks.h";
        QTest::newRow("simulator -> loader") << "src/Simulator.cpp"
                                             << "include/lookahead/Loader.h";
    }
    void formerViolationsPointUp()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QVERIFY(layerOf(from.toStdString())->rank < layerOf(to.toStdString())->rank);
    }

    /// Every file of the core has a layer: a new file must be placed in the table on purpose.
    void everyFileHasALayer()
    {
        const auto files = coreSources();
        QVERIFY(files.size() > 50);
        QStringList unplaced;
        for (const SourceFile& file : files)
            if (!layerOf(file.path))
                unplaced << QString::fromStdString(file.path);
        QVERIFY2(unplaced.isEmpty(),
            qPrintable(
                QStringLiteral("add to the layer table of tests/optimizer/tst_layers.cpp: ") + unplaced.join(u", ")));
    }

    void includesPointDown()
    {
        QStringList upward;
        for (const SourceFile& file : coreSources()) {
            const auto from = layerOf(file.path);
            for (const std::string& included : file.includes) {
                const auto to = layerOf(included);
                if (from && to && to->rank > from->rank)
                    upward << QStringLiteral("%1 (%2) includes %3 (%4)")
                                  .arg(QString::fromStdString(file.path), QString::fromUtf8(from->name),
                                      QString::fromStdString(included), QString::fromUtf8(to->name));
            }
        }
        QVERIFY2(upward.isEmpty(), qPrintable(upward.join(u"; ")));
    }

    /// No header includes itself through others (a .cpp is never included, so only headers can
    /// close a cycle). A cycle between units of two layers (Verifier.cpp → SuperKernelChecks.h →
    /// Verifier.h, as it was) is an upward include, caught above.
    void noIncludeCycle()
    {
        std::map<std::string, std::vector<std::string>> includesOf;
        for (const SourceFile& file : coreSources())
            includesOf[file.path] = file.includes;
        enum class Mark { New, Open, Done };
        std::map<std::string, Mark> mark;
        std::vector<std::string> path;
        std::string cycle;
        std::function<void(const std::string&)> visit = [&](const std::string& file) {
            mark[file] = Mark::Open;
            path.push_back(file);
            for (const std::string& next : includesOf[file]) {
                if (!cycle.empty())
                    break;
                if (mark[next] == Mark::Open) {
                    for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it)
                        cycle += *it + " -> ";
                    cycle += next;
                } else if (mark[next] == Mark::New) {
                    visit(next);
                }
            }
            path.pop_back();
            mark[file] = Mark::Done;
        };
        for (const auto& [file, includes] : includesOf)
            if (cycle.empty() && mark[file] == Mark::New)
                visit(file);
        QVERIFY2(cycle.empty(), cycle.c_str());
    }
};

LOOKAHEAD_TEST(LayersTest)
#include "tst_layers.moc"
