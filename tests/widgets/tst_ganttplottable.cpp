// The Gantt painter: renders a tiny schedule offscreen and checks pixel colours of known spans, a
// merged sub-pixel column, search fading, diff colouring, the selection outline, the critical path,
// and that the lane image is reused while only decorations change.

#include "TestRegistry.h"

#include "GanttData.h"
#include "GanttPlottable.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "ProbeRegistry.h"
#include "RunController.h"

#include <qcustomplot.h>

#include <QTest>

using namespace lookahead;

namespace {
constexpr int kTinyTasks = 400;
constexpr int kTinyCycles = 10;

/// One DMA lane: 400 tasks of 10 cycles in a chain (far narrower than a pixel), then one of 4000; one
/// SHAVE lane with a kernel task after the DMA chain.
QByteArray tinyGraphJson()
{
    QByteArray tasks;
    for (int i = 0; i < kTinyTasks; ++i) {
        tasks += QByteArray(R"({"id":"tiny)") + QByteArray::number(i) + R"(","exec":"DMA","cycles":)"
            + QByteArray::number(kTinyCycles) + R"(,"role":"dma")"
            + (i ? R"(,"wait":["c)" + QByteArray::number(i - 1) + "\"]" : QByteArray()) + R"(,"update":["c)"
            + QByteArray::number(i) + "\"]},\n";
    }
    tasks += R"({"id":"long","name":"long/load","exec":"DMA","cycles":4000,"role":"dma","wait":["c)"
        + QByteArray::number(kTinyTasks - 1)
        + R"("],"update":["done"]},)"
          "\n";
    tasks += R"({"id":"sm","name":"softmax/0","exec":"SHAVE","cycles":3000,"kernel":"softmax","wait":["done"]})";
    return R"({"format":"lookahead-taskgraph","version":1,"name":"painter test",
 "platform":{"name":"p","clock_mhz":1000,"executors":{"DMA":{"units":1,"engines":1},"SHAVE":{"units":1,"engines":1}}},
 "kernels":{"softmax":{"code_bytes":4096}},
 "tasks":[)"
        + tasks + "]}";
}

std::shared_ptr<const ScheduleSnapshot> tinySnapshot()
{
    const QByteArray json = tinyGraphJson();
    return test::snapshotOf(std::string_view(json.constData(), std::size_t(json.size())), "painter");
}

struct Fixture {
    GanttViewState state;
    GanttView view { &state };
    std::shared_ptr<const ScheduleSnapshot> snapshot = tinySnapshot();

    explicit Fixture(GanttViewState::ColourMode mode = GanttViewState::ColourMode::ByKernel,
        std::shared_ptr<const GanttData> gantt = nullptr)
    {
        view.resize(640, 240);
        view.show(); // lays the plot out at the view's size
        // The dotted time grid is drawn over the lanes; the checks below are about the lanes.
        view.plot()->xAxis->grid()->setVisible(false);
        view.setSnapshot(snapshot, gantt ? gantt : snapshot->gantt, mode);
        state.setVisibleRange(0, double(snapshot->gantt->makespan()));
    }
    QImage render()
    {
        view.replotNow();
        // What the widget shows: its paint buffer, without another replot.
        return view.plot()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    }
    const GanttSpan& span(const char* id) const { return snapshot->gantt->spanOf(snapshot->graph->findTask(id)); }
    int x(double cycle) const { return int(std::floor(view.plot()->xAxis->coordToPixel(cycle))); }
    int y(double laneCoordinate) const { return int(std::floor(view.plot()->yAxis->coordToPixel(laneCoordinate))); }
};

QRgb rgb(const QColor& colour) { return colour.rgb(); }

int countPixels(const QImage& image, QRgb colour)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            count += (line[x] & 0xffffff) == (colour & 0xffffff);
    }
    return count;
}
} // namespace

class GanttPlottableTest : public QObject {
    Q_OBJECT
private slots:
    void rulerLabelsDoNotOverlap_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<double>("lastCycle");
        for (int width : { 1400, 640, 420, 300, 200 }) {
            // 3.67 M cycles at 1,000 MHz: "1500" on the time ruler (the default sample's scale).
            QTest::addRow("%d px, 3.67 M cycles", width) << width << 3.67e6;
            QTest::addRow("%d px, 12.3 G cycles", width) << width << 1.23e10;
        }
    }
    void rulerLabelsDoNotOverlap()
    {
        QFETCH(int, width);
        QFETCH(double, lastCycle);
        Fixture f;
        f.view.resize(width, 240);
        f.state.setVisibleRange(-lastCycle * 0.01, lastCycle);
        f.render();
        for (QCPAxis* axis : { f.view.plot()->xAxis, f.view.plot()->xAxis2 }) {
            const QVector<double> ticks = axis->tickVector();
            const QVector<QString> labels = axis->tickVectorLabels();
            QVERIFY2(ticks.size() >= 2, qPrintable(QStringLiteral("%1 ticks").arg(ticks.size())));
            const QFontMetrics metrics(axis->tickLabelFont());
            for (int i = 1; i < ticks.size(); ++i) {
                // Labels are centred on their ticks: half of each must fit between the two.
                const double gap = std::abs(axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]));
                const double needed
                    = (metrics.horizontalAdvance(labels[i - 1]) + metrics.horizontalAdvance(labels[i])) / 2.0;
                QVERIFY2(gap > needed,
                    qPrintable(QStringLiteral("%1 and %2: %3 px apart, %4 px wide")
                                   .arg(labels[i - 1], labels[i])
                                   .arg(gap)
                                   .arg(needed)));
            }
        }
    }

    /// A recording's lane names ("python3.10 (CPU) · thread 2869224 (python3.10) / depth 1") are
    /// elided to about a third of the view: elided at 300 px, they left a 440 px Gantt 115 px.
    void laneNamesLeaveTheTimelineMostOfTheWidth()
    {
        const std::string kind = "python3.10 (CPU) thread 2869224 (python3.10) depth 1 of a long recording";
        const std::string json = "{\"format\": \"lookahead-taskgraph\", \"version\": 1, \"platform\": "
                                 "{\"clock_mhz\": 1000, \"executors\": {\""
            + kind + "\": {\"units\": 2}}}, \"tasks\": [{\"id\": \"k\", \"exec\": \"" + kind
            + "\", \"cycles\": 1000}]}";
        const auto snapshot = test::snapshotOf(json, "lanes");
        for (int width : { 440, 900, 1600 }) {
            GanttViewState state;
            GanttView view(&state);
            view.resize(width, 240);
            view.show();
            view.setSnapshot(snapshot, nullptr, GanttViewState::ColourMode::ByKernel);
            view.replotNow();
            const int timeline = view.plot()->axisRect()->width();
            QVERIFY2(timeline >= width / 2, qPrintable(QStringLiteral("%1 px of %2").arg(timeline).arg(width)));
            // Both ends of a name stay readable: the middle is what goes.
            const QString label = view.plot()->yAxis->tickVectorLabels().value(0);
            QVERIFY2(label.startsWith(QStringLiteral("python3.10")), qPrintable(label));
        }
    }

    /// 20 lanes in a docked Gantt 120 px high: names on every lane would overlap, so every
    /// second or third lane is named; a tall view names them all.
    void laneNamesDoNotOverlap()
    {
        std::string tasks;
        for (int i = 0; i < 20; ++i)
            tasks += std::string(i ? ", " : "") + "{\"id\": \"t" + std::to_string(i)
                + "\", \"exec\": \"DMA\", \"unit\": " + std::to_string(i) + ", \"cycles\": 1000}";
        const std::string json = "{\"format\": \"lookahead-taskgraph\", \"version\": 1, \"platform\": {\"clock_mhz\": "
                                 "1000, \"executors\": {\"DMA\": {\"units\": 20}}}, \"tasks\": ["
            + tasks + "]}";
        const auto snapshot = test::snapshotOf(json, "lanes");
        for (int height : { 160, 240, 900 }) {
            GanttViewState state;
            GanttView view(&state);
            view.resize(600, height);
            view.show();
            view.setSnapshot(snapshot, nullptr, GanttViewState::ColourMode::ByKernel);
            view.replotNow();
            const QVector<double> ticks = view.plot()->yAxis->tickVector();
            const double line = QFontMetrics(view.plot()->yAxis->tickLabelFont()).height();
            QVERIFY(!ticks.isEmpty());
            for (int i = 1; i < ticks.size(); ++i) {
                const double gap
                    = view.plot()->yAxis->coordToPixel(ticks[i]) - view.plot()->yAxis->coordToPixel(ticks[i - 1]);
                QVERIFY2(std::abs(gap) >= line,
                    qPrintable(QStringLiteral("%1 px between names at height %2").arg(std::abs(gap)).arg(height)));
            }
            if (height == 900)
                QCOMPARE(ticks.size(), 20);
        }
    }

    void knownSpansAndLaneBackgrounds()
    {
        Fixture f;
        const QImage image = f.render();
        const GanttSpan& longSpan = f.span("long");
        const QRgb dma = rgb(GanttData::palette()[GanttData::DmaColour]);
        // The middle of a wide span, on the lane's centre line.
        QCOMPARE(image.pixel(f.x(double(longSpan.start + longSpan.end) / 2), f.y(0.5)) & 0xffffff, dma & 0xffffff);
        // Above the span but inside lane 0's band: the even lane background (white).
        QCOMPARE(image.pixel(f.x(double(longSpan.start + longSpan.end) / 2), f.y(0.06)) & 0xffffff, 0xffffffu);
        // Lane 1 (SHAVE, another kind): odd background, and its kernel colour where the kernel runs.
        const GanttSpan& kernel = f.span("sm");
        QCOMPARE(image.pixel(f.x(double(kernel.start + kernel.end) / 2), f.y(1.06)) & 0xffffff, 0xf4f6f8u);
        QCOMPARE(image.pixel(f.x(double(kernel.start + kernel.end) / 2), f.y(1.5)) & 0xffffff,
            rgb(GanttData::palette()[kernel.colour]) & 0xffffff);
        // Before the kernel starts, lane 1 is empty.
        QCOMPARE(image.pixel(f.x(double(kernel.start) / 2), f.y(1.5)) & 0xffffff, 0xf4f6f8u);
    }

    void subPixelTasksMergeIntoColumns()
    {
        Fixture f;
        const QImage image = f.render();
        const QRgb dma = rgb(GanttData::palette()[GanttData::DmaColour]) & 0xffffff;
        // Hundreds of 10-cycle tasks over a few hundred pixels: every column they cover is painted,
        // without gaps, and far fewer runs than tasks are drawn.
        const GanttSpan& first = f.span("tiny0");
        const GanttSpan& last = f.span(qPrintable(QStringLiteral("tiny%1").arg(kTinyTasks - 1)));
        QVERIFY(f.view.plot()->xAxis->coordToPixel(double(kTinyCycles)) - f.view.plot()->xAxis->coordToPixel(0) < 1.0);
        int columns = 0;
        for (int x = f.x(double(first.start)) + 1; x < f.x(double(last.end)) - 1; ++x, ++columns)
            QCOMPARE(image.pixel(x, f.y(0.5)) & 0xffffff, dma);
        QVERIFY(columns > 50);
        QVERIFY2(f.view.plottable()->lastRectCount() < std::size_t(kTinyTasks / 4),
            qPrintable(QString::number(f.view.plottable()->lastRectCount())));
    }

    void searchFadesTasksThatDoNotMatch()
    {
        Fixture f;
        f.state.setFilterText(QStringLiteral("long"));
        const QImage image = f.render();
        const QColor dma = GanttData::palette()[GanttData::DmaColour];
        const GanttSpan& tiny = f.span("tiny200");
        const GanttSpan& longSpan = f.span("long");
        const QRgb faded = image.pixel(f.x(double(tiny.start)), f.y(0.5));
        // 40/255 of the colour over the white lane.
        QVERIFY(std::abs(qRed(faded) - (dma.red() * 40 + 255 * 215) / 255) <= 1);
        QVERIFY(std::abs(qGreen(faded) - (dma.green() * 40 + 255 * 215) / 255) <= 1);
        QVERIFY(std::abs(qBlue(faded) - (dma.blue() * 40 + 255 * 215) / 255) <= 1);
        QCOMPARE(image.pixel(f.x(double(longSpan.start + longSpan.end) / 2), f.y(0.5)) & 0xffffff, rgb(dma) & 0xffffff);
    }

    void diffColouring()
    {
        const auto snapshot = tinySnapshot();
        std::vector<TaskIndex> identity(snapshot->graph->tasks.size());
        for (TaskIndex t = 0; t < identity.size(); ++t)
            identity[t] = t;
        identity[snapshot->graph->findTask("long")] = kNoTask; // as if inserted by a pass
        auto gantt
            = GanttData::build(*snapshot->graph, *snapshot->schedule, { snapshot->schedule.get(), &identity, false });
        Fixture f(GanttViewState::ColourMode::ByMovement, gantt);
        const QImage image = f.render();
        const GanttSpan& tiny = gantt->spanOf(snapshot->graph->findTask("tiny100"));
        const GanttSpan& longSpan = gantt->spanOf(snapshot->graph->findTask("long"));
        QCOMPARE(image.pixel(f.x(double(tiny.start)), f.y(0.5)) & 0xffffff,
            rgb(GanttData::movementPalette()[GanttData::Unchanged]) & 0xffffff);
        QCOMPARE(image.pixel(f.x(double(longSpan.start + longSpan.end) / 2), f.y(0.5)) & 0xffffff,
            rgb(GanttData::movementPalette()[GanttData::Unmatched]) & 0xffffff);
    }

    void decorationsReuseTheLaneImage()
    {
        Fixture f;
        const QRgb orange = qRgb(0xff, 0x6b, 0x00);
        QImage image = f.render();
        QVERIFY(!f.view.plottable()->lastDrawReusedLanes());
        QCOMPARE(countPixels(image, orange), 0);

        // The critical path (the DMA chain, then the kernel) is outlined in orange.
        f.state.setCriticalPathShown(true);
        image = f.render();
        QVERIFY(f.view.plottable()->lastDrawReusedLanes());
        QVERIFY(countPixels(image, orange) > 20);

        // The selected task gets a dark outline just outside its left edge.
        f.state.setCriticalPathShown(false);
        f.state.setSelectedTaskId(QStringLiteral("sm"));
        image = f.render();
        QVERIFY(f.view.plottable()->lastDrawReusedLanes());
        const GanttSpan& kernel = f.span("sm");
        const QRgb outline
            = image.pixel(int(std::floor(f.view.plot()->xAxis->coordToPixel(double(kernel.start)))) - 1, f.y(1.5));
        QVERIFY2(qGray(outline) < 100, qPrintable(QString::number(outline, 16)));

        // Zooming rasterises the lanes again.
        f.state.setVisibleRange(0, double(f.snapshot->gantt->makespan()) / 2);
        f.render();
        QVERIFY(!f.view.plottable()->lastDrawReusedLanes());
    }
};

LOOKAHEAD_TEST(GanttPlottableTest)
#include "tst_ganttplottable.moc"
