// The small readers of the Chrome trace reader's pass (see TraceEventValues.h).

#include "TraceEventValues.h"

#include <cmath>
#include <cstdio>

namespace lookahead::formats {

namespace od = simdjson::ondemand;

/// A pid or tid of an `id2` object as text (the DOM path: such ids are rare).
std::string idTextOf(simdjson::dom::element value)
{
    using simdjson::dom::element_type;
    switch (value.type()) {
    case element_type::INT64:
        return std::to_string(std::int64_t(value));
    case element_type::UINT64:
        return std::to_string(std::uint64_t(value));
    case element_type::DOUBLE: {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%g", double(value));
        return buffer;
    }
    case element_type::STRING:
        return std::string(std::string_view(value));
    case element_type::NULL_VALUE:
        return {};
    default:
        return simdjson::minify(value);
    }
}

std::string numberText(od::number number)
{
    switch (number.get_number_type()) {
    case od::number_type::signed_integer:
        return std::to_string(number.get_int64());
    case od::number_type::unsigned_integer:
        return std::to_string(number.get_uint64());
    default: {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%g", number.get_double());
        return buffer;
    }
    }
}

/// µs → ns; nullopt when not a finite number in range.
std::optional<std::int64_t> microsToNanos(od::number number)
{
    switch (number.get_number_type()) {
    case od::number_type::signed_integer: {
        const std::int64_t v = number.get_int64();
        if (v > INT64_MAX / 1000 || v < INT64_MIN / 1000)
            return std::nullopt;
        return v * 1000;
    }
    case od::number_type::unsigned_integer: {
        const std::uint64_t v = number.get_uint64();
        if (v > std::uint64_t(INT64_MAX / 1000))
            return std::nullopt;
        return std::int64_t(v) * 1000;
    }
    default: {
        const double v = number.get_double() * 1000.0;
        if (!std::isfinite(v) || std::fabs(v) > 9.0e18)
            return std::nullopt;
        return std::llround(v);
    }
    }
}

/// One length test and at most three comparisons per key (1.7 M events of ~8 keys each).
EventKey classifyEventKey(std::string_view key)
{
    switch (key.size()) {
    case 1:
        return key[0] == 's' ? EventKey::S : EventKey::Other;
    case 2:
        return key == "ph" ? EventKey::Ph
            : key == "ts"  ? EventKey::Ts
            : key == "id"  ? EventKey::Id
            : key == "bp"  ? EventKey::Bp
                           : EventKey::Other;
    case 3:
        return key == "pid" ? EventKey::Pid
            : key == "tid"  ? EventKey::Tid
            : key == "dur"  ? EventKey::Dur
            : key == "cat"  ? EventKey::Cat
            : key == "id2"  ? EventKey::Id2
                            : EventKey::Other;
    case 4:
        return key == "name" ? EventKey::Name : key == "args" ? EventKey::Args : EventKey::Other;
    case 5:
        return key == "scope" ? EventKey::Scope : EventKey::Other;
    case 7:
        return key == "bind_id" ? EventKey::BindId : key == "flow_in" ? EventKey::FlowIn : EventKey::Other;
    case 8:
        return key == "flow_out" ? EventKey::FlowOut : EventKey::Other;
    default:
        return EventKey::Other;
    }
}

} // namespace lookahead::formats
