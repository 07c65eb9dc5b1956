#include "formats/JsonCanonical.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace lookahead::json {

nlohmann::json toNlohmann(simdjson::dom::element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
        return nullptr;
    case simdjson::dom::element_type::BOOL:
        return value.get_bool().value_unsafe();
    case simdjson::dom::element_type::STRING:
        return std::string(value.get_string().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
        return value.get_double().value_unsafe();
    case simdjson::dom::element_type::INT64: {
        const std::int64_t v = value.get_int64().value_unsafe();
        // nlohmann reads a non-negative integer as unsigned; keep the same type so that equality
        // and dump() behave as before.
        if (v >= 0)
            return static_cast<std::uint64_t>(v);
        return v;
    }
    case simdjson::dom::element_type::UINT64:
        return value.get_uint64().value_unsafe();
    case simdjson::dom::element_type::ARRAY: {
        nlohmann::json array = nlohmann::json::array();
        const simdjson::dom::array items = value.get_array().value_unsafe(); // not a temporary: the loop keeps it
        for (simdjson::dom::element item : items)
            array.push_back(toNlohmann(item));
        return array;
    }
    case simdjson::dom::element_type::OBJECT: {
        nlohmann::json object = nlohmann::json::object();
        const simdjson::dom::object fields = value.get_object().value_unsafe();
        for (simdjson::dom::key_value_pair field : fields)
            object[std::string(field.key)] = toNlohmann(field.value); // last duplicate wins, as in nlohmann
        return object;
    }
    }
    return nullptr;
}

namespace {
    /// A double as nlohmann's dump() spells it: its serializer writes "null" for what is not finite
    /// and otherwise calls this very function (shortest round trip, Grisu2). Called directly, it
    /// spares the json value and the serializer (with its locale look-up) built per number.
    std::string_view spellDouble(double value, std::array<char, 64>& buffer)
    {
        if (!std::isfinite(value))
            return "null";
        const char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
        return { buffer.data(), static_cast<std::size_t>(end - buffer.data()) };
    }
} // namespace

std::string formatDouble(double value)
{
    std::array<char, 64> buffer {};
    return std::string(spellDouble(value, buffer));
}

namespace {
    /// Sorts by key, keeping document order among equal keys, then keeps the last of each key;
    /// returns how many fields are kept (at the front).
    std::size_t sortUniqueFields(std::span<Field> fields)
    {
        const auto byKey = [](const Field& a, const Field& b) { return a.first < b.first; };
        // A task's or a value's handful of keys: an insertion sort, where std::stable_sort would
        // allocate its buffer for every object of a million-task file.
        if (fields.size() <= 16) {
            for (std::size_t i = 1; i < fields.size(); ++i)
                for (std::size_t j = i; j > 0 && byKey(fields[j], fields[j - 1]); --j)
                    std::swap(fields[j], fields[j - 1]);
        } else {
            std::stable_sort(fields.begin(), fields.end(), byKey);
        }
        std::size_t kept = 0;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (i + 1 == fields.size() || fields[i + 1].first != fields[i].first)
                fields[kept++] = fields[i];
        return kept;
    }
} // namespace

void sortUniqueFields(std::vector<Field>& fields) { fields.resize(sortUniqueFields(std::span<Field>(fields))); }

std::vector<Field> sortedFields(simdjson::dom::object object)
{
    std::vector<Field> fields;
    for (simdjson::dom::key_value_pair field : object)
        fields.emplace_back(field.key, field.value);
    sortUniqueFields(fields);
    return fields;
}

namespace {
    void writeField(TextWriter& out, bool first, std::string_view key, simdjson::dom::element value)
    {
        if (!first)
            out.raw(',');
        out.string(key);
        out.raw(':');
        writeCanonical(out, value);
    }

    void writeObject(TextWriter& out, simdjson::dom::object object)
    {
        // Producers mostly write keys in order (our own writer always does): then no sorting.
        bool ordered = true;
        std::string_view previous;
        bool first = true;
        for (simdjson::dom::key_value_pair field : object) {
            if (!first && !(previous < field.key)) {
                ordered = false;
                break;
            }
            previous = field.key;
            first = false;
        }
        first = true;
        if (ordered) {
            out.raw('{');
            for (simdjson::dom::key_value_pair field : object) {
                writeField(out, first, field.key, field.value);
                first = false;
            }
            out.raw('}');
            return;
        }
        // Sorted on the stack when small (most objects a task carries are), to spare an allocation.
        constexpr std::size_t kSmall = 16;
        if (object.size() > kSmall) {
            writeCanonicalFields(out, sortedFields(object));
            return;
        }
        std::array<Field, kSmall> small;
        std::size_t count = 0;
        for (simdjson::dom::key_value_pair field : object)
            small[count++] = { field.key, field.value };
        writeCanonicalFields(
            out, std::span<const Field>(small.data(), sortUniqueFields(std::span(small.data(), count))));
    }

} // namespace

void writeCanonicalFields(TextWriter& out, std::span<const Field> fields)
{
    out.raw('{');
    bool first = true;
    for (const auto& [key, value] : fields) {
        writeField(out, first, key, value);
        first = false;
    }
    out.raw('}');
}

void writeCanonical(TextWriter& out, simdjson::dom::element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
        out.raw("null");
        return;
    case simdjson::dom::element_type::BOOL:
        out.raw(value.get_bool().value_unsafe() ? std::string_view("true") : std::string_view("false"));
        return;
    case simdjson::dom::element_type::STRING:
        out.string(value.get_string().value_unsafe());
        return;
    case simdjson::dom::element_type::DOUBLE: {
        std::array<char, 64> buffer {};
        out.raw(spellDouble(value.get_double().value_unsafe(), buffer));
        return;
    }
    case simdjson::dom::element_type::INT64:
        out.integer(value.get_int64().value_unsafe());
        return;
    case simdjson::dom::element_type::UINT64:
        out.integer(value.get_uint64().value_unsafe());
        return;
    case simdjson::dom::element_type::ARRAY: {
        out.raw('[');
        bool first = true;
        const simdjson::dom::array items = value.get_array().value_unsafe();
        for (simdjson::dom::element item : items) {
            if (!first)
                out.raw(',');
            first = false;
            writeCanonical(out, item);
        }
        out.raw(']');
        return;
    }
    case simdjson::dom::element_type::OBJECT:
        writeObject(out, value.get_object().value_unsafe());
        return;
    }
}

} // namespace lookahead::json
