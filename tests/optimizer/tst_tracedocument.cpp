// The Chrome trace reader's document (optimizer/src/formats/TraceDocument.h), white box: what the
// streaming pass keeps of each event (strings in the text or, with escapes, unescaped beside it;
// `args` and the other top-level keys as raw text parsed on request), and that invalid JSON
// anywhere, `args` included, is reported with its line and column before any problem of meaning.

#include "TestRegistry.h"

#include "formats/TraceDocument.h"

#include <QTest>

using namespace lookahead;
using namespace lookahead::formats;

namespace {

/// One field of event `index` as text: name, cat, id, scope, bindId, args (minified),
/// argsText (raw), top:KEY (the top-level key, minified), topText:KEY (raw).
std::string fieldOf(const TraceDocument& doc, std::uint32_t index, const std::string& field)
{
    if (field.rfind("top:", 0) == 0)
        return simdjson::minify(doc.topLevel(field.substr(4)));
    if (field.rfind("topText:", 0) == 0)
        return std::string(doc.topLevelText(field.substr(8)));
    const TraceEvent& event = doc.events.at(index);
    if (field == "name")
        return std::string(doc.name(event));
    if (field == "cat")
        return std::string(doc.cat(event));
    if (field == "id")
        return std::string(doc.id(event));
    if (field == "scope")
        return std::string(doc.scope(event));
    if (field == "bindId")
        return std::string(doc.bindId(event));
    if (field == "args")
        return simdjson::minify(doc.args(event));
    if (field == "argsText")
        return std::string(doc.text(event.args));
    return "<unknown field " + field + ">";
}

} // namespace

class TraceDocumentTest : public QObject {
    Q_OBJECT

private slots:
    void fields_data()
    {
        QTest::addColumn<QString>("trace");
        QTest::addColumn<int>("event");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        const QString x = QStringLiteral("{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":1,\"tid\":1");
        QTest::newRow("plain name") << QStringLiteral("[%1,\"name\":\"run\"}]").arg(x) << 0 << "name"
                                    << "run";
        QTest::newRow("name with escapes") << QStringLiteral("[%1,\"name\":\"a\\\"b\\u00e9\\n\"}]").arg(x) << 0
                                           << "name" << QStringLiteral("a\"b\u00e9\n");
        QTest::newRow("escaped key") << QStringLiteral("[%1,\"n\\u0061me\":\"k\"}]").arg(x) << 0 << "name"
                                     << "k";
        QTest::newRow("args raw") << QStringLiteral("[%1,\"args\": {\"a\" : [1, 2]} }]").arg(x) << 0 << "argsText"
                                  << "{\"a\" : [1, 2]}";
        QTest::newRow("args with escapes")
            << QStringLiteral("[%1,\"args\":{\"k\\u0065y\":\"v\\t\\\"w\\\"\"}}]").arg(x) << 0 << "args"
            << "{\"key\":\"v\\t\\\"w\\\"\"}";
        QTest::newRow("args not an object") << QStringLiteral("[%1,\"args\":[1,2]}]").arg(x) << 0 << "args"
                                            << "null";
        QTest::newRow("args a string") << QStringLiteral("[%1,\"args\":\"{}\"}]").arg(x) << 0 << "argsText"
                                       << "";
        QTest::newRow("last args object wins")
            << QStringLiteral("[%1,\"args\":{\"a\":1},\"args\":{\"b\":2},\"args\":3}]").arg(x) << 0 << "args"
            << "{\"b\":2}";
        QTest::newRow("args of the second event")
            << QStringLiteral("[%1,\"args\":{\"a\":1}},%1,\"args\":{\"b\":\"\\u0041\"}}]").arg(x) << 1 << "args"
            << "{\"b\":\"A\"}";
        QTest::newRow("number id printed") << QStringLiteral("[%1,\"id\":1500}]").arg(x) << 0 << "id"
                                           << "1500";
        QTest::newRow("id2 local") << QStringLiteral("[%1,\"id2\":{\"local\":\"0x5\"}}]").arg(x) << 0 << "id"
                                   << "local:0x5";
        QTest::newRow("scope with escapes") << QStringLiteral("[%1,\"scope\":\"s\\u0031\"}]").arg(x) << 0 << "scope"
                                            << "s1";
        QTest::newRow("bind_id") << QStringLiteral("[%1,\"bind_id\":\"0x7\"}]").arg(x) << 0 << "bindId"
                                 << "0x7";
        QTest::newRow("top-level number")
            << QStringLiteral("{\"traceEvents\":[], \"beginningOfTime\": 17 }") << -1 << "top:beginningOfTime"
            << "17";
        QTest::newRow("top-level object raw")
            << QStringLiteral("{\"otherData\": {\"tool\" : \"lookahead\"} ,\"traceEvents\":[]}") << -1
            << "topText:otherData"
            << "{\"tool\" : \"lookahead\"}";
        QTest::newRow("first of duplicate top-level keys")
            << QStringLiteral("{\"traceEvents\":[],\"a\":{\"x\":1},\"a\":{\"x\":2}}") << -1 << "top:a"
            << "{\"x\":1}";
        QTest::newRow("absent top-level key") << QStringLiteral("{\"traceEvents\":[]}") << -1 << "top:otherData"
                                              << "null";
        QTest::newRow("array form has no top-level keys") << QStringLiteral("[]") << -1 << "top:traceEvents"
                                                          << "null";
    }

    void fields()
    {
        QFETCH(QString, trace);
        QFETCH(int, event);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        auto doc = readChromeTrace(simdjson::padded_string(trace.toStdString()), "t.json");
        QVERIFY2(doc.ok(), doc.ok() ? "" : doc.error().toString().c_str());
        const std::string actual = fieldOf(*doc.value(), event < 0 ? 0 : std::uint32_t(event), field.toStdString());
        QCOMPARE(QString::fromStdString(actual), expected);
    }

    /// The pass validates what it does not read, and judges meaning only once the text is valid.
    void invalidJsonComesFirst_data()
    {
        QTest::addColumn<QString>("trace");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad literal in args after events that are not an array")
            << QStringLiteral("{\"traceEvents\": {},\n \"otherData\": {\"x\": [1, tru]}}")
            << QStringLiteral("t.json: line 2, column 28: invalid JSON: syntax error while parsing value");
        QTest::newRow("bad escape in args")
            << QStringLiteral("[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\n\"args\":{\"k\":\"\\q\"}}]")
            << QStringLiteral("t.json: line 2, column 15: invalid JSON: syntax error while parsing value - invalid "
                              "string: forbidden character after backslash");
        QTest::newRow("bad number in an unknown field")
            << QStringLiteral("[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"x\":01}]")
            << QStringLiteral("t.json: line 1, column 32: invalid JSON: ");
        QTest::newRow("missing traceEvents, then bad JSON")
            << QStringLiteral("{\"events\": [],\n\"x\": nul}") << QStringLiteral("t.json: line 2, column ");
        QTest::newRow("trailing content") << QStringLiteral("[] x") << QStringLiteral("t.json: line 1, column 4: ");
        QTest::newRow("deeper than 1024 in args")
            << QStringLiteral("[{\"args\":%1%2}]").arg(QString(1030, QChar(u'[')), QString(1030, QChar(u']')))
            << QStringLiteral("t.json: line 1, column 1032: invalid JSON: nesting deeper than 1024 levels");
    }

    void invalidJsonComesFirst()
    {
        QFETCH(QString, trace);
        QFETCH(QString, message);
        auto doc = readChromeTrace(simdjson::padded_string(trace.toStdString()), "t.json");
        QVERIFY(!doc.ok());
        const QString actual = QString::fromStdString(doc.error().toString());
        QVERIFY2(actual.startsWith(message), qPrintable(actual));
    }

    /// Integers beyond 64 bits are read as nlohmann reads them (doubles), in `args` too.
    void integersBeyond64BitsInArgs()
    {
        const std::string trace = "[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"args\":{\"n\":123456789012345678901234567890}}]";
        auto doc = readChromeTrace(simdjson::padded_string(trace), "t.json");
        QVERIFY2(doc.ok(), doc.ok() ? "" : doc.error().toString().c_str());
        const simdjson::dom::element args = doc.value()->args(doc.value()->events.at(0));
        QVERIFY(args["n"].is_double());
        QCOMPARE(double(args["n"]), 1.2345678901234568e29);
    }
};

LOOKAHEAD_TEST(TraceDocumentTest)
#include "tst_tracedocument.moc"
