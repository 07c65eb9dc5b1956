#include "lookahead/TaskExtras.h"

#include <simdjson.h>

#include <algorithm>
#include <deque>

namespace lookahead {

namespace {
    static_assert(TaskExtras::kPadding >= simdjson::SIMDJSON_PADDING);

    bool hasTaskKey(const nlohmann::json& object)
    {
        for (std::string_view key : kTaskKeys)
            if (object.contains(key))
                return true;
        return false;
    }
} // namespace

TaskExtras::TaskExtras()
    : m_text(kPadding, ' ')
{
}

TaskExtras::Handle TaskExtras::append(std::string_view objectText, bool shadowsTaskKey)
{
    // The text goes before the padding; the padding moves along (64 bytes, not the arena).
    const std::size_t offset = m_text.size() - kPadding;
    if (m_textToReserve > m_text.capacity())
        m_text.reserve(m_textToReserve);
    m_textToReserve = 0;
    m_text.resize(offset);
    m_text.append(objectText);
    m_text.append(kPadding, ' ');
    m_entries.push_back({ offset, static_cast<std::uint32_t>(objectText.size()), shadowsTaskKey });
    return static_cast<Handle>(m_entries.size() - 1);
}

TaskExtras::Handle TaskExtras::addText(std::string_view objectText) { return append(objectText, false); }

TaskExtras::Handle TaskExtras::add(const nlohmann::json& object) { return append(object.dump(), hasTaskKey(object)); }

void TaskExtras::replace(Handle handle, const nlohmann::json& object)
{
    const Handle added = add(object);
    m_entries[handle] = m_entries[added];
    m_entries.pop_back();
}

nlohmann::json TaskExtras::object(Handle handle) const { return nlohmann::json::parse(text(handle)); }

std::optional<nlohmann::json> TaskExtras::value(Handle handle, std::string_view key) const
{
    // dump() spells a key `"key":`; when that text is nowhere in the object, no key of any level is
    // `key` (a match may be nested or inside a string: then the parse decides).
    const bool plainKey = std::none_of(
        key.begin(), key.end(), [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; });
    if (plainKey) {
        std::string spelled;
        spelled.reserve(key.size() + 3);
        spelled.append(1, '"').append(key).append("\":");
        if (text(handle).find(spelled) == std::string_view::npos)
            return std::nullopt;
    }
    nlohmann::json parsed = object(handle);
    auto it = parsed.find(key);
    if (it == parsed.end())
        return std::nullopt;
    return std::move(*it);
}

void TaskExtras::reserve(std::size_t objects, std::size_t textBytes)
{
    m_entries.reserve(objects);
    // Reserved when the first object comes: reserving moves the padding, which faults in the
    // first page (with huge pages, 2 MB zeroed) even for a graph that has no extras at all.
    m_textToReserve = std::max(m_textToReserve, textBytes + kPadding);
}

// --- ExtraStringLists ------------------------------------------------------------------------------

struct ExtraStringLists::Parser {
    simdjson::ondemand::parser parser;
    std::deque<std::string> unescaped; ///< Stable addresses: a deque does not move its elements.
};

ExtraStringLists::ExtraStringLists()
    : m_parser(std::make_unique<Parser>())
{
}
ExtraStringLists::~ExtraStringLists() = default;
ExtraStringLists::ExtraStringLists(ExtraStringLists&&) noexcept = default;
ExtraStringLists& ExtraStringLists::operator=(ExtraStringLists&&) noexcept = default;

namespace {

    /// The strings of `array` (other values skipped), as views into the text or, unescaped, into
    /// `unescaped`.
    void appendStrings(
        simdjson::ondemand::array& array, std::deque<std::string>& unescaped, std::vector<std::string_view>& out)
    {
        for (auto item : array) {
            simdjson::ondemand::raw_json_string raw;
            if (item.get_raw_json_string().get(raw))
                continue; // not a string
            // dump() escapes only `"`, `\` and control characters: a string without a backslash is its
            // own text, between its quotes, in the arena.
            const char* text = raw.raw();
            const char* end = text;
            while (*end != '"') {
                if (*end == '\\')
                    break;
                ++end;
            }
            if (*end == '"') {
                out.emplace_back(text, static_cast<std::size_t>(end - text));
                continue;
            }
            std::string_view value;
            if (item.get_string().get(value))
                continue;
            out.emplace_back(unescaped.emplace_back(value));
        }
    }

} // namespace

void ExtraStringLists::read(
    const TaskExtras& extras, TaskExtras::Handle handle, std::string_view key, std::vector<std::string_view>& out)
{
    std::size_t end = 0;
    read(extras, handle, std::span(&key, 1), out, std::span(&end, 1));
}

void ExtraStringLists::read(const TaskExtras& extras, TaskExtras::Handle handle, std::span<const std::string_view> keys,
    std::vector<std::string_view>& out, std::span<std::size_t> ends)
{
    const TaskExtras::Entry& entry = extras.m_entries[handle];
    const char* begin = extras.m_text.data() + entry.offset;
    const auto room = static_cast<std::size_t>(extras.m_text.data() + extras.m_text.size() - begin);
    // The texts were written by dump(): valid JSON, so an error here means "no such list".
    simdjson::ondemand::document document;
    simdjson::ondemand::object object;
    const bool parsed = !m_parser->parser.iterate(simdjson::padded_string_view(begin, entry.size, room)).get(document)
        && !document.get_object().get(object);
    for (std::size_t k = 0; k < keys.size(); ++k) {
        simdjson::ondemand::array array;
        if (parsed && !object.find_field_unordered(keys[k]).get_array().get(array))
            appendStrings(array, m_parser->unescaped, out);
        ends[k] = out.size();
    }
}

} // namespace lookahead
