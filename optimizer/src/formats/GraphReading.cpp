#include "formats/GraphReading.h"

#include <algorithm>

namespace lookahead::graphformat {

std::string Place::pointer() const
{
    if (!parent)
        return {};
    std::string text = parent->pointer();
    text += '/';
    text += index == kNoIndex ? json::escapePointerToken(key) : std::to_string(index);
    return text;
}

void fail(const Place& place, std::string message) { throw LoadError { place.pointer(), std::move(message) }; }

std::string_view requireString(Element value, const Place& place)
{
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS)
        fail(place, std::string("must be a string, got ") + json::typeName(value));
    return text;
}

std::int64_t requireInteger(Element value, const Place& place, std::int64_t minimum, std::int64_t maximum)
{
    // Fails (fail() throws); typed so that a case can end with `return outOfRange(...)`.
    auto outOfRange = [&](const std::string& got, bool low) -> std::int64_t {
        fail(place,
            low ? "must be at least " + std::to_string(minimum) + ", got " + got
                : "must be at most " + std::to_string(maximum) + ", got " + got);
    };
    switch (value.type()) {
    case simdjson::dom::element_type::INT64: {
        const std::int64_t v = value.get_int64().value_unsafe();
        if (v < minimum)
            outOfRange(std::to_string(v), true);
        if (v > maximum)
            outOfRange(std::to_string(v), false);
        return v;
    }
    case simdjson::dom::element_type::UINT64: { // beyond INT64_MAX
        const std::uint64_t v = value.get_uint64().value_unsafe();
        return outOfRange(std::to_string(v), false);
    }
    case simdjson::dom::element_type::DOUBLE:
        fail(place,
            "must be an integer, got a non-integer number (" + json::formatDouble(value.get_double().value_unsafe())
                + ")");
    default:
        fail(place, std::string("must be an integer, got ") + json::typeName(value));
    }
}

Object requireObject(Element value, const Place& place)
{
    Object object;
    if (value.get_object().get(object) != simdjson::SUCCESS)
        fail(place, std::string("must be an object, got ") + json::typeName(value));
    return object;
}

Array requireArray(Element value, const Place& place)
{
    Array array;
    if (value.get_array().get(array) != simdjson::SUCCESS)
        fail(place, std::string("must be an array, got ") + json::typeName(value));
    return array;
}

std::optional<Element> findKey(Object object, std::string_view key)
{
    std::optional<Element> found;
    for (simdjson::dom::key_value_pair field : object)
        if (field.key == key)
            found = field.value;
    return found;
}

Element requireKey(Object object, const Place& place, std::string_view key)
{
    const std::optional<Element> value = findKey(object, key);
    if (!value)
        fail(place.child(key), "required key is missing");
    return *value;
}

std::string numberText(Element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::INT64:
        return std::to_string(value.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
        return std::to_string(value.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
        return json::formatDouble(value.get_double().value_unsafe());
    default:
        return json::toNlohmann(value).dump();
    }
}

void keepUnknown(Object object, std::initializer_list<std::string_view> known, nlohmann::json& extra)
{
    for (simdjson::dom::key_value_pair field : object)
        if (std::find(known.begin(), known.end(), field.key) == known.end())
            extra[std::string(field.key)] = json::toNlohmann(field.value);
}

} // namespace lookahead::graphformat
