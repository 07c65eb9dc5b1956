#pragma once

/// \file JSON values as nlohmann reads and spells them, from simdjson's DOM: the conversion to
/// nlohmann::json, the order of keys (sorted, the last of a repeated key kept) and the canonical
/// text of a value (its dump()), which the loader writes for a task's optional keys without
/// building the nlohmann value. Private to the core, like JsonInput.h, which includes it.

#include "formats/JsonText.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lookahead::json {

/// The value as nlohmann::json, as nlohmann would have parsed it (non-negative integers unsigned,
/// negative ones signed, others double; duplicate keys last-wins).
nlohmann::json toNlohmann(simdjson::dom::element value);

using Field = std::pair<std::string_view, simdjson::dom::element>;
/// Sorts `fields` by key and keeps only the last of a repeated key: the order and reading nlohmann
/// gives (the model keeps executors, domains and kernels sorted by name).
void sortUniqueFields(std::vector<Field>& fields);
/// The fields of `object`, sorted as sortUniqueFields() sorts them.
std::vector<Field> sortedFields(simdjson::dom::object object);

/// Writes `value` as toNlohmann(value).dump() spells it (keys sorted, a repeated key once, numbers
/// as nlohmann prints them, no spaces), without building the nlohmann value: how the loader keeps
/// a task's optional keys (lookahead/TaskExtras.h).
void writeCanonical(TextWriter& out, simdjson::dom::element value);
/// Writes `{"key":value,...}` for `fields` as sortUniqueFields() leaves them, values as above.
void writeCanonicalFields(TextWriter& out, std::span<const Field> fields);

/// A double printed as nlohmann's dump() prints it (`1.5`, `1e+20`, `-0.0`, `null` for non-finite).
std::string formatDouble(double value);

} // namespace lookahead::json
