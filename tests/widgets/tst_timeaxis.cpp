// The time ↔ pixel mapping and the ruler, as pure functions from a table.

#include "TestRegistry.h"

#include "TimeAxis.h"

#include <QTest>

using namespace lookahead;

class TimeAxisTest : public QObject {
    Q_OBJECT
private slots:
    void mapping_data()
    {
        QTest::addColumn<double>("first");
        QTest::addColumn<double>("last");
        QTest::addColumn<double>("left");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("cycle");
        QTest::addColumn<double>("pixel");
        QTest::newRow("origin") << 0.0 << 1000.0 << 0.0 << 100.0 << 0.0 << 0.0;
        QTest::newRow("end") << 0.0 << 1000.0 << 0.0 << 100.0 << 1000.0 << 100.0;
        QTest::newRow("middle with offset") << 0.0 << 1000.0 << 50.0 << 100.0 << 500.0 << 100.0;
        QTest::newRow("window not at zero") << 2000.0 << 3000.0 << 0.0 << 1000.0 << 2500.0 << 500.0;
        QTest::newRow("before the window") << 2000.0 << 3000.0 << 0.0 << 1000.0 << 1000.0 << -1000.0;
        QTest::newRow("negative start (fit margin)") << -100.0 << 900.0 << 10.0 << 1000.0 << 0.0 << 110.0;
        QTest::newRow("a million cycles per pixel") << 0.0 << 1.9e9 << 0.0 << 1900.0 << 1e6 << 1.0;
    }
    void mapping()
    {
        QFETCH(double, first);
        QFETCH(double, last);
        QFETCH(double, left);
        QFETCH(double, width);
        QFETCH(double, cycle);
        QFETCH(double, pixel);
        const TimeWindow window { first, last, left, width };
        QCOMPARE(TimeAxis::cycleToPixel(window, cycle), pixel);
        QCOMPARE(TimeAxis::pixelToCycle(window, pixel), cycle);
    }

    void degenerateWindows()
    {
        QCOMPARE(TimeAxis::cycleToPixel({ 5, 5, 10, 100 }, 7), 10.0);
        QCOMPARE(TimeAxis::pixelToCycle({ 5, 10, 0, 0 }, 7), 5.0);
        QCOMPARE(TimeAxis::cyclesPerPixel({ 0, 1000, 0, 100 }), 10.0);
    }

    void coveredPixels_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::newRow("whole pixels") << 2.0 << 5.0 << 100 << 2 << 5;
        QTest::newRow("centre rule: 2.5 covers pixel 2") << 2.5 << 3.5 << 100 << 2 << 3;
        QTest::newRow("just past a centre") << 2.51 << 3.49 << 100 << 3 << 3;
        QTest::newRow("touching extents share no pixel (left)") << 0.0 << 3.3 << 100 << 0 << 3;
        QTest::newRow("touching extents share no pixel (right)") << 3.3 << 7.0 << 100 << 3 << 7;
        QTest::newRow("clamped left") << -50.0 << 2.0 << 100 << 0 << 2;
        QTest::newRow("clamped right") << 98.0 << 1e12 << 100 << 98 << 100;
        QTest::newRow("entirely before") << -9.0 << -2.0 << 100 << 0 << 0;
        QTest::newRow("entirely after") << 120.0 << 130.0 << 100 << 100 << 100;
        QTest::newRow("empty limit") << 0.0 << 10.0 << 0 << 0 << 0;
    }
    void coveredPixels()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, limit);
        QFETCH(int, first);
        QFETCH(int, last);
        const PixelRun run = TimeAxis::coveredPixels(from, to, limit);
        QCOMPARE(run.first, first);
        QCOMPARE(run.last, last);
    }

    void niceStep_data()
    {
        QTest::addColumn<double>("span");
        QTest::addColumn<int>("ticks");
        QTest::addColumn<double>("step");
        QTest::newRow("1000 over 10") << 1000.0 << 10 << 100.0;
        QTest::newRow("rounds up to 2") << 1500.0 << 10 << 200.0;
        QTest::newRow("rounds up to 5") << 3000.0 << 10 << 500.0;
        QTest::newRow("rounds up to 10") << 7000.0 << 10 << 1000.0;
        QTest::newRow("fractions") << 0.3 << 3 << 0.1;
        QTest::newRow("empty span") << 0.0 << 8 << 1.0;
    }
    void niceStep()
    {
        QFETCH(double, span);
        QFETCH(int, ticks);
        QFETCH(double, step);
        QCOMPARE(TimeAxis::niceStep(span, ticks), step);
    }

    void labels_data()
    {
        QTest::addColumn<double>("cycle");
        QTest::addColumn<double>("step");
        QTest::addColumn<double>("clock");
        QTest::addColumn<QString>("microseconds");
        QTest::addColumn<QString>("cycles");
        QTest::newRow("whole µs") << 1850000.0 << 185000.0 << 1850.0 << QStringLiteral("1000 µs")
                                  << QStringLiteral("1.85 M");
        QTest::newRow("tenths") << 185.0 << 185.0 << 1850.0 << QStringLiteral("0.1 µs") << QStringLiteral("185");
        QTest::newRow("step of 2.5 µs") << 5000.0 << 2500.0 << 1000.0 << QStringLiteral("5.0 µs")
                                        << QStringLiteral("5 k");
        QTest::newRow("zero") << 0.0 << 1000.0 << 1000.0 << QStringLiteral("0 µs") << QStringLiteral("0");
        QTest::newRow("giga") << 2.5e9 << 1e8 << 1000.0 << QStringLiteral("2500000 µs") << QStringLiteral("2.5 G");
    }
    void labels()
    {
        QFETCH(double, cycle);
        QFETCH(double, step);
        QFETCH(double, clock);
        QFETCH(QString, microseconds);
        QFETCH(QString, cycles);
        QCOMPARE(TimeAxis::microsecondLabel(cycle, step, clock), microseconds);
        QCOMPARE(TimeAxis::cycleLabel(cycle), cycles);
    }

    /// Time on the ruler: µs, then ms once ticks are 1 ms apart, s once they are 1 s apart; never cycles.
    void timeLabels_data()
    {
        QTest::addColumn<double>("cycle");
        QTest::addColumn<double>("step");
        QTest::addColumn<QString>("label");
        QTest::newRow("µs ticks") << 5000.0 << 2500.0 << QStringLiteral("5.0 µs");
        QTest::newRow("sub-µs ticks") << 1500.0 << 500.0 << QStringLiteral("1.5 µs");
        QTest::newRow("half-ms ticks stay µs") << 2.5e6 << 5e5 << QStringLiteral("2500 µs");
        QTest::newRow("ms ticks") << 3e6 << 1e6 << QStringLiteral("3 ms");
        QTest::newRow("2.5 ms ticks") << 5e6 << 2.5e6 << QStringLiteral("5.0 ms");
        QTest::newRow("half-second ticks stay ms") << 1.5e9 << 5e8 << QStringLiteral("1500 ms");
        QTest::newRow("second ticks") << 2e9 << 1e9 << QStringLiteral("2 s");
        QTest::newRow("10 s ticks") << 4e10 << 1e10 << QStringLiteral("40 s");
    }
    void timeLabels()
    {
        QFETCH(double, cycle);
        QFETCH(double, step);
        QFETCH(QString, label);
        QCOMPARE(TimeAxis::timeLabel(cycle, step, 1000.0), label);
    }

    void timeText_data()
    {
        QTest::addColumn<double>("cycles");
        QTest::addColumn<QString>("text");
        QTest::newRow("ns") << 1.0 << QStringLiteral("0.001 µs");
        QTest::newRow("µs") << 999999.0 << QStringLiteral("999.999 µs");
        QTest::newRow("ms") << 2.5e6 << QStringLiteral("2.500 ms");
        QTest::newRow("negative") << -1500.0 << QStringLiteral("-1.500 µs");
    }
    void timeText()
    {
        QFETCH(double, cycles);
        QFETCH(QString, text);
        QCOMPARE(TimeAxis::timeText(cycles, 1000.0), text);
    }

    void zoomKeepsTheAnchor_data()
    {
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("anchor");
        QTest::newRow("in at left") << 0.5 << 0.0;
        QTest::newRow("in at middle") << 0.5 << 500.0;
        QTest::newRow("out at right") << 2.0 << 1000.0;
        QTest::newRow("in off-centre") << 0.8 << 123.0;
    }
    void zoomKeepsTheAnchor()
    {
        QFETCH(double, factor);
        QFETCH(double, anchor);
        const TimeWindow window { 1000, 5000, 0, 1000 };
        const TimeWindow result = TimeAxis::zoomed(window, factor, anchor);
        QVERIFY(qFuzzyCompare(TimeAxis::pixelToCycle(result, anchor), TimeAxis::pixelToCycle(window, anchor)));
        QVERIFY(qFuzzyCompare(result.lastCycle - result.firstCycle, (window.lastCycle - window.firstCycle) * factor));
    }

    void pan()
    {
        const TimeWindow result = TimeAxis::panned({ 1000, 2000, 0, 100 }, -0.25);
        QCOMPARE(result.firstCycle, 750.0);
        QCOMPARE(result.lastCycle, 1750.0);
    }
};

LOOKAHEAD_TEST(TimeAxisTest)
#include "tst_timeaxis.moc"
