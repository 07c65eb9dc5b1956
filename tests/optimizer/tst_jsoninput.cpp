// The JSON reading layer (optimizer/src/formats/JsonInput.*): gzip input, and simdjson's verdict
// and error wording following nlohmann's on every edge where the two parsers differ.

#include "Gzip.h"
#include "TestRegistry.h"

#include "formats/JsonInput.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace lookahead;

namespace {

using lookahead::test::gzipMember;

std::string view(const simdjson::padded_string& text) { return std::string(text.data(), text.size()); }

QString parseError(const std::string& text)
{
    simdjson::dom::parser parser;
    const simdjson::padded_string padded(text);
    auto document = json::parseDocument(parser, padded, "bad.json");
    return document.ok() ? QStringLiteral("accepted") : QString::fromStdString(document.error().toString());
}

} // namespace

class JsonInputTest : public QObject {
    Q_OBJECT
private slots:
    void gzipRoundTrip()
    {
        std::string text = "{\"tasks\": [";
        for (int i = 0; i < 20000; ++i)
            text += (i ? ",{\"id\": \"t" : "{\"id\": \"t") + std::to_string(i) + "\", \"cycles\": 1}";
        text += "]}";
        auto inflated = json::inflateIfGzip(gzipMember(text), "x.json.gz");
        QVERIFY(inflated.ok());
        QCOMPARE(view(inflated.value()), text);
        // Concatenated members (as `cat a.gz b.gz` writes) read as one text.
        auto twoMembers = json::inflateIfGzip(gzipMember("[1,") + gzipMember("2]"), "x.json.gz");
        QVERIFY(twoMembers.ok());
        QCOMPARE(view(twoMembers.value()), std::string("[1,2]"));
        // Not gzip: the bytes as they are.
        auto plain = json::inflateIfGzip("[3]", "x.json");
        QCOMPARE(view(plain.value()), std::string("[3]"));
    }

    void gzipErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string member = gzipMember("[1, 2, 3, 4, 5, 6, 7, 8, 9]");
        QTest::newRow("truncated") << QByteArray::fromStdString(member.substr(0, member.size() - 6))
                                   << QStringLiteral("x.gz: invalid gzip data: unexpected end of data");
        std::string corrupt = member;
        corrupt[2] = 7; // compression method
        QTest::newRow("bad method") << QByteArray::fromStdString(corrupt)
                                    << QStringLiteral("x.gz: invalid gzip data: unknown compression method");
        QTest::newRow("trailing garbage") << QByteArray::fromStdString(
            member + "xyz") << QStringLiteral("x.gz: invalid gzip data: trailing data after the last gzip member");
    }

    void gzipErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        auto inflated = json::inflateIfGzip(std::string_view(bytes.constData(), size_t(bytes.size())), "x.gz");
        QVERIFY(!inflated.ok());
        QCOMPARE(QString::fromStdString(inflated.error().toString()), expected);
    }

    void readsFilesPlainAndGzip()
    {
        QTemporaryDir dir;
        const std::string plainPath = dir.filePath(QStringLiteral("g.json")).toStdString();
        const std::string gzPath = dir.filePath(QStringLiteral("g.json.gz")).toStdString();
        std::ofstream(plainPath, std::ios::binary) << "{\"a\": [1, 2]}";
        std::ofstream(gzPath, std::ios::binary) << gzipMember("{\"a\": [1, 2]}");
        for (const std::string& path : { plainPath, gzPath }) {
            auto text = json::readInputFile(path);
            QVERIFY(text.ok());
            QCOMPARE(view(text.value()), std::string("{\"a\": [1, 2]}"));
        }
        auto missing = json::readInputFile("/nonexistent/g.json");
        QVERIFY(!missing.ok());
        QCOMPARE(QString::fromStdString(missing.error().toString()),
            QStringLiteral("/nonexistent/g.json: cannot open: No such file or directory"));
    }

    void errorsKeepNlohmannsWording_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, std::string text, const char* expected) {
            QTest::newRow(name) << QByteArray::fromStdString(text) << QString::fromUtf8(expected);
        };
        row("empty", "",
            "bad.json: line 1, column 1: invalid JSON: syntax error while parsing value - unexpected end of "
            "input; expected '[', '{', or a literal");
        row("truncated", "{\"a\": [1,\n 2",
            "bad.json: line 2, column 3: invalid JSON: syntax error while parsing array - "
            "unexpected end of input; expected ']'");
        row("trailing garbage", "[1] x",
            "bad.json: line 1, column 5: invalid JSON: syntax error while parsing value - "
            "invalid literal; last read: '1] x'; expected end of input");
        row("second document", "[1] [2]",
            "bad.json: line 1, column 5: invalid JSON: syntax error while parsing value - "
            "unexpected '['; expected end of input");
        row("NUL byte in a value", std::string("[1,\0]", 5),
            "bad.json: line 1, column 4: invalid JSON: syntax error "
            "while parsing value - unexpected end of input; expected '[', '{', or a literal");
        row("control character", "[\"a\x01\"]",
            "bad.json: line 1, column 4: invalid JSON: syntax error while parsing "
            "value - invalid string: control character U+0001 (SOH) must be escaped "
            "to \\u0001; last read: '\"a<U+0001>'");
        row("lone surrogate", "[\"\\ud800\"]",
            "bad.json: line 1, column 9: invalid JSON: syntax error while parsing "
            "value - invalid string: surrogate U+D800..U+DBFF must be followed by "
            "U+DC00..U+DFFF; last read: '\"\\ud800\"'");
        row("invalid UTF-8", "[\"\xed\xa0\x80\"]",
            "bad.json: line 1, column 4: invalid JSON: syntax error while parsing "
            "value - invalid string: ill-formed UTF-8 byte; last read: '\"\xed\xa0'");
        row("leading zero", "[01]",
            "bad.json: line 1, column 3: invalid JSON: syntax error while parsing array - "
            "unexpected number literal; expected ']'");
        row("NaN", "[NaN]",
            "bad.json: line 1, column 2: invalid JSON: syntax error while parsing value - invalid "
            "literal; last read: '[N'");
        row("number overflow", "[1e400]", "bad.json: invalid JSON: number overflow parsing '1e400'");
        row("too deep", std::string(1025, '[') + std::string(1025, ']'),
            "bad.json: line 1, column 1025: invalid JSON: nesting deeper than 1024 levels");
        // Accepted by nlohmann, so accepted here too (simdjson alone refuses these).
        row("byte order mark", "\xEF\xBB\xBF[1]", "accepted");
        row("integer beyond 64 bits", "[18446744073709551616, -9223372036854775809]", "accepted");
        row("1024 levels", std::string(1024, '[') + std::string(1024, ']'), "accepted");
        row("escaped NUL", "[\"a\\u0000b\"]", "accepted");
        // nlohmann's lexer reads a NUL byte between tokens as the end of the input.
        row("NUL byte after the value", std::string("[1]\0 x", 6), "accepted");
        row("duplicate keys", "{\"a\": 1, \"a\": 2}", "accepted");
    }

    void errorsKeepNlohmannsWording()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QCOMPARE(parseError(text.toStdString()), expected);
    }

    void valuesReadAsNlohmannReadsThem()
    {
        const std::string text
            = "\xEF\xBB\xBF{\"big\": 18446744073709551616, \"neg\": -9223372036854775809, \"zero\": -0, "
              "\"negzero\": -0.0, \"u\": 18446744073709551615, \"i\": -3, \"f\": 1.5e3, \"s\": \"\\u00e9\\n\", "
              "\"dup\": 1, \"dup\": [true, null, {}]}";
        simdjson::dom::parser parser;
        const simdjson::padded_string padded(text);
        auto document = json::parseDocument(parser, padded, "x.json");
        QVERIFY(document.ok());
        const nlohmann::json ours = json::toNlohmann(document.value());
        const nlohmann::json theirs = nlohmann::json::parse(text);
        QCOMPARE(ours.dump(), theirs.dump());
        QCOMPARE(json::typeName(document.value()["big"].value()), "a non-integer number");
        QCOMPARE(json::typeName(document.value()["zero"].value()), "an integer");
        QCOMPARE(json::typeName(document.value()["negzero"].value()), "a non-integer number");
    }

    /// The canonical text the loader stores for extras is nlohmann's dump(): keys sorted, the last
    /// of duplicate keys kept, at every size of object (small ones are sorted on the stack).
    void canonicalTextIsNlohmannsDump_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("ordered") << QByteArray(R"({"a": 1, "b": [2, 3], "c": {"d": null}})");
        QTest::newRow("doubles") << QByteArray(
            R"([0.5, 1e20, -0.0, 1.5e-7, 123456.789, 3.141592653589793, 1e308, 2.2250738585072014e-308, 100.0, -1.25E+3])");
        QTest::newRow("small, unordered, duplicates")
            << QByteArray(R"({"z": 1, "b": 2, "z": 3, "a": {"y": true, "x": false, "y": "last"}, "b": 4})");
        std::string many = "{";
        for (int i = 0; i < 40; ++i)
            many += (i ? ", \"" : "\"") + std::string(1, char('a' + (i * 7) % 26)) + std::to_string(i % 3)
                + "\": " + std::to_string(i);
        many += "}";
        QTest::newRow("40 keys, unordered, duplicates") << QByteArray::fromStdString(many);
        QTest::newRow("exactly 16 keys, reversed") << QByteArray(
            R"({"p": 1, "o": 2, "n": 3, "m": 4, "l": 5, "k": 6, "j": 7, "i": 8, "h": 9, "g": 10, "f": 11, "e": 12, "d": 13, "c": 14, "b": 15, "a": 16})");
        QTest::newRow("17 keys, reversed") << QByteArray(
            R"({"q": 0, "p": 1, "o": 2, "n": 3, "m": 4, "l": 5, "k": 6, "j": 7, "i": 8, "h": 9, "g": 10, "f": 11, "e": 12, "d": 13, "c": 14, "b": 15, "a": 16})");
    }

    void canonicalTextIsNlohmannsDump()
    {
        QFETCH(QByteArray, text);
        simdjson::dom::parser parser;
        const simdjson::padded_string padded(text.toStdString());
        auto document = json::parseDocument(parser, padded, "x.json");
        QVERIFY(document.ok());
        std::string ours;
        {
            json::TextWriter writer(ours);
            json::writeCanonical(writer, document.value());
        }
        QCOMPARE(QByteArray::fromStdString(ours),
            QByteArray::fromStdString(nlohmann::json::parse(text.toStdString()).dump()));
    }

    /// A string without a backslash is read in place, eight bytes at a time: the closing quote or
    /// a backslash is found at every offset, and only a backslash before the quote declines.
    void plainStringsAreFoundAtEveryOffset()
    {
        for (std::size_t length = 0; length <= 19; ++length) {
            for (const bool escaped : { false, true }) {
                const std::string body = std::string(length, 'x') + (escaped ? "\\n" : "") + "yz";
                const simdjson::padded_string text("{\"" + body + "\": 1}");
                simdjson::ondemand::parser parser;
                simdjson::ondemand::document document = parser.iterate(text).value();
                simdjson::ondemand::object object = document.get_object().value();
                for (auto item : object) {
                    simdjson::ondemand::field field;
                    QCOMPARE(std::move(item).get(field), simdjson::SUCCESS);
                    const std::optional<std::string_view> plain = json::plainString(field.key());
                    QCOMPARE(plain.has_value(), !escaped);
                    if (plain)
                        QCOMPARE(std::string(*plain), body);
                    std::string_view key;
                    QCOMPARE(json::fieldKey(field, key), simdjson::SUCCESS);
                    QCOMPARE(std::string(key), escaped ? std::string(length, 'x') + "\nyz" : body);
                }
            }
        }
    }

    void pointerTokens()
    {
        QCOMPARE(json::escapePointerToken("a/b~c"), std::string("a~1b~0c"));
        QCOMPARE(json::childPointer("/tasks", std::size_t(3)), std::string("/tasks/3"));
        QCOMPARE(json::childPointer("/platform/executors", "x/y"), std::string("/platform/executors/x~1y"));
        QCOMPARE(json::formatDouble(1850.0), std::string("1850.0"));
        QCOMPARE(json::formatDouble(1e20), std::string("1e+20"));
    }
};

LOOKAHEAD_TEST(JsonInputTest)
#include "tst_jsoninput.moc"
