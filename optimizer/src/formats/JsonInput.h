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

#include "lookahead/Result.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace lookahead::json {

/// Nesting deeper than this is refused (nlohmann has no limit; converting such a value to
/// nlohmann::json would recurse that deep, and no producer writes it).
inline constexpr std::size_t kMaxDepth = 1024;

/// Reads the file whole; when it starts with the gzip magic (1f 8b) inflates it with zlib
/// (concatenated members are read one after another); returns padded text for simdjson.
/// Errors: Error{path, "", "cannot open: REASON"} (the wording readFile() has always used),
/// Error{path, "", "cannot read: REASON"}, Error{path, "", "invalid gzip data: REASON"}.
Result<simdjson::padded_string> readInputFile(const std::string& path);

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

/// The value as nlohmann::json, as nlohmann would have parsed it (non-negative integers unsigned,
/// negative ones signed, others double; duplicate keys last-wins).
nlohmann::json toNlohmann(simdjson::dom::element value);

/// A double printed as nlohmann's dump() prints it (`1.5`, `1e+20`, `-0.0`, `null` for non-finite).
std::string formatDouble(double value);

} // namespace lookahead::json
