#pragma once

// Helpers shared by the readers of format v1 (platform, kernels, tasks, groups): typed access to
// simdjson DOM values with the loader's error wording, and JSON pointers built only on failure.

#include "formats/JsonInput.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lookahead::graphformat {

/// Thrown by the readers, caught in parseTaskGraph(): never crosses the public API.
struct LoadError {
    std::string pointer;
    std::string message;
};

/// Where a value sits, as a chain of tokens on the stack; the JSON pointer text is built only when
/// an error needs it (a million tasks must not pay a string each).
struct Place {
    const Place* parent = nullptr;
    std::string_view key; ///< Used when index == kNoIndex.
    std::size_t index = kNoIndex;
    static constexpr std::size_t kNoIndex = std::numeric_limits<std::size_t>::max();

    Place child(std::string_view childKey) const { return Place { this, childKey, kNoIndex }; }
    Place child(std::size_t childIndex) const { return Place { this, {}, childIndex }; }
    std::string pointer() const;
};

[[noreturn]] void fail(const Place& place, std::string message);

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

std::string_view requireString(Element value, const Place& place);
/// An integer in [minimum, maximum]. Floats are refused even when integral: the format says
/// integer, and a compiler writing 1.0 has a bug worth seeing.
std::int64_t requireInteger(Element value, const Place& place, std::int64_t minimum,
    std::int64_t maximum = std::numeric_limits<std::int64_t>::max());
Object requireObject(Element value, const Place& place);
Array requireArray(Element value, const Place& place);

/// The value of `key` in `object`, the last one when the key repeats (nlohmann's reading), or
/// nothing.
std::optional<Element> findKey(Object object, std::string_view key);
/// The value of a required key; "required key is missing" at place/key otherwise.
Element requireKey(Object object, const Place& place, std::string_view key);

using json::sortedFields;

/// A number as nlohmann prints it (`1850`, `0.5`), for messages.
std::string numberText(Element value);

/// Copies the keys of `object` that are not in `known` into `extra` (an nlohmann object).
void keepUnknown(Object object, std::initializer_list<std::string_view> known, nlohmann::json& extra);

} // namespace lookahead::graphformat
