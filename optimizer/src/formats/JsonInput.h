#pragma once

/// \file The one JSON reading layer of the core (task graphs, recordings).
///
/// Files are read whole (inflated when gzip) into simdjson's padded buffer and parsed into a
/// simdjson DOM. The error contract of the format (spec section 8) is defined on nlohmann's parser:
/// invalid JSON is reported with the line and column and the reason nlohmann gives, so every message
/// the tests pin stays byte-identical. nlohmann's SAX parser therefore runs only when simdjson
/// refuses a text, to word the problem (or, where the two parsers disagree, to decide; see
/// parseDocument()).
///
/// Private to the core: simdjson types do not cross the public API.

#include "formats/JsonCanonical.h"
#include "formats/JsonText.h"
#include "lookahead/Result.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lookahead::json {

/// Nesting deeper than this is refused (nlohmann has no limit; converting such a value to
/// nlohmann::json would recurse that deep, and no producer writes it).
inline constexpr std::size_t kMaxDepth = 1024;

/// JSON's whitespace (RFC 8259: space, tab, line feed, carriage return), nothing else.
constexpr bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Reads the file whole; when it starts with the gzip magic (1f 8b) inflates it with zlib
/// (concatenated members are read one after another); returns padded text for simdjson.
/// Errors: Error{path, "", "cannot open: REASON"} (the wording readFile() has always used),
/// Error{path, "", "cannot read: REASON"}, Error{path, "", "invalid gzip data: REASON"}.
Result<simdjson::padded_string> readInputFile(const std::string& path);

/// A file opened for reading in binary, closed when the handle goes; null when it cannot be opened
/// (errno says why).
using InputFile = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
InputFile openInputFileHandle(const std::string& path);

/// The file's bytes as they are (gzip or not), with the errors of readInputFile().
Result<simdjson::padded_string> readFileBytes(const std::string& path);

/// The same for bytes already in memory (fuzzers, tests); `fileLabel` names the input in errors.
Result<simdjson::padded_string> inflateIfGzip(std::string_view bytes, const std::string& fileLabel);

/// Parses `text` into `parser`'s DOM (valid until the parser parses again or is destroyed; the
/// text itself may be freed). On invalid JSON returns the error the project has always given:
/// Error{fileLabel, "line L, column C", "invalid JSON: <nlohmann's reason>"} (a number overflow
/// like 1e400 has no line: Error{fileLabel, "", "invalid JSON: number overflow parsing '1e400'"}).
///
/// Where the parsers disagree, nlohmann's verdict wins, because the spec's errors were defined on it:
/// - a UTF-8 byte order mark is skipped (nlohmann does, simdjson refuses it);
/// - integers beyond the int64/uint64 range are numbers for nlohmann (a double), an error for
///   simdjson: such a text is parsed by nlohmann and its canonical dump handed to simdjson, so the
///   value reads as that double (object keys then come sorted, duplicates last-wins);
/// - a NUL byte between tokens ends the text for nlohmann (what follows is ignored), simdjson
///   refuses it: the text is read as nlohmann reads it (the canonical dump, as above);
/// - nesting deeper than kMaxDepth is refused with "invalid JSON: nesting deeper than 1024 levels"
///   at the line and column of the bracket that goes too deep (nlohmann would accept it).
/// Duplicate object keys are kept by simdjson; readers take the last one as nlohmann does.
Result<simdjson::dom::element> parseDocument(
    simdjson::dom::parser& parser, const simdjson::padded_string& text, const std::string& fileLabel);

/// What parseDocument() does once simdjson has refused `text` (`view`: the text without a byte
/// order mark): nlohmann's error, or the nesting error, or (valid for nlohmann: integers beyond
/// 64 bits, a NUL between tokens) nlohmann's canonical dump of the text, for simdjson to read.
Result<std::string> explainRefusal(const simdjson::padded_string& text, const std::string& fileLabel);

// --- Streaming (simdjson On-Demand): values are read in one pass, nothing is kept. ---------------
// On-Demand does not validate what it skips: a reader calls validate() on every value it does
// not read itself, so that a pass without error means the text is valid JSON as the DOM parser
// sees it (the same nesting limit, kMaxDepth non-empty containers). On any error the caller falls
// back to explainRefusal() on the whole text for the message.

/// Reads and checks `value` whole (strings with escapes are unescaped, numbers parsed, every
/// container walked). `depth`: the non-empty containers around it.
simdjson::error_code validate(simdjson::ondemand::value value, std::size_t depth);
/// Checks an object field's key (unescaped only when it has escapes); `key` is its text.
simdjson::error_code fieldKey(simdjson::ondemand::field& field, std::string_view& key);
/// A string value without escapes as the raw text between its quotes (the parser's string
/// buffer is not touched); nullopt when it has escapes (then call get_string()).
std::optional<std::string_view> plainString(simdjson::ondemand::raw_json_string raw);

/// The text of `value` as it stands in the document: an object or array whole (skipped, not
/// validated: the caller validates what it keeps), a scalar's token.
simdjson::error_code rawJson(simdjson::ondemand::value value, std::string_view& text);

/// nlohmann's verdict and wording for `text` (Status::success() when it is valid JSON).
Status checkSyntax(std::string_view text, const std::string& fileLabel);

/// JSON pointer token escaping: `~` → `~0`, `/` → `~1`.
std::string escapePointerToken(std::string_view token);
/// `pointer/token` with the token escaped.
std::string childPointer(const std::string& pointer, std::string_view key);
std::string childPointer(const std::string& pointer, std::size_t index);

/// How error messages name a value's type: "null", "a boolean", "a string", "a non-integer number",
/// "an integer", "an array", "an object" (the wording the loader has always used).
const char* typeName(simdjson::dom::element value);

} // namespace lookahead::json
