#pragma once

// The small readers of the Chrome trace reader's pass (ChromeJsonReader.cpp): which key of an event
// a field is, and how ids and times are turned into text and nanoseconds.

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lookahead::formats {

/// The keys of an event the reader reads (every other one is only validated).
enum class EventKey { Other, Ph, Name, Cat, Scope, Bp, S, Pid, Tid, Ts, Dur, Args, Id, Id2, BindId, FlowIn, FlowOut };

/// One length test and at most five comparisons per key (1.7 M events of ~8 keys each).
EventKey classifyEventKey(std::string_view key);

/// A pid or tid read by the DOM (`id2` objects, arrays: rare) as text, as the reader always gave it.
std::string idTextOf(simdjson::dom::element value);
/// A number id as text: integers in decimal, others as "%g".
std::string numberText(simdjson::ondemand::number number);
/// µs → ns; nullopt when not a finite number in range.
std::optional<std::int64_t> microsToNanos(simdjson::ondemand::number number);

} // namespace lookahead::formats
