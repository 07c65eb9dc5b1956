#pragma once

/// \file The optional and unknown keys of tasks (`blocks`, `phases`, `loop`, `reads`, `writes`, a
/// compiler's own keys), kept as JSON text.
///
/// A compiler's graph carries such keys on every task. Held as nlohmann objects they cost some thirty
/// allocations a task to load, again to copy the graph for a pass, to write and to free: most of
/// `batch run` on such a graph. Held as text, loading appends bytes, the writer copies them, and a
/// copy of the graph is one memcpy. Readers parse a task's object when they ask for it, by value: a
/// graph shared by sweep threads is never written by a read.
///
/// Each object is stored as nlohmann's compact `dump()` spells it (keys sorted, a repeated key once,
/// no spaces), the text the graph writer puts after a task's own keys, so writing copies it as it is.

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

/// The keys a Task keeps in its own fields (spec 4): never among its extras as the loader reads
/// them, and written before them.
inline constexpr std::array<std::string_view, 14> kTaskKeys { "id", "name", "exec", "unit", "cycles", "delay", "kernel",
    "role", "prefetch", "wait", "update", "after", "origin", "source" };

class TaskExtras {
public:
    using Handle = std::uint32_t;
    static constexpr Handle kNone = UINT32_MAX;

    TaskExtras();

    /// Adds an object given as its text (`{"blocks":2}`), already spelled as dump() spells it and
    /// holding none of the keys the task model keeps itself (the loader writes it so).
    Handle addText(std::string_view objectText);
    /// Adds `object` (a JSON object).
    Handle add(const nlohmann::json& object);
    /// Replaces the object of `handle`; the old text stays in the arena unused (as TaskGraph's
    /// references do), which a rewrite of the graph compacts.
    void replace(Handle handle, const nlohmann::json& object);

    /// The object's text, `{...}`.
    std::string_view text(Handle handle) const
    {
        const Entry& entry = m_entries[handle];
        return { m_text.data() + entry.offset, entry.size };
    }
    /// The object, parsed.
    nlohmann::json object(Handle handle) const;
    /// The value of one key of the object, or nothing. Cheap when the key is absent (a search of
    /// the text, no parse): cost terms ask every task for keys few tasks have.
    std::optional<nlohmann::json> value(Handle handle, std::string_view key) const;
    /// Whether the object has a key the task model keeps itself (`id`, `cycles`, ...): only a pass
    /// or a test can put one there; the writer then lets the extra's value win, as it always has.
    bool shadowsTaskKey(Handle handle) const { return m_entries[handle].shadowsTaskKey; }

    std::size_t size() const { return m_entries.size(); }
    /// Bytes of text stored (objects replaced since included).
    std::size_t textBytes() const { return m_text.size() - kPadding; }
    void reserve(std::size_t objects, std::size_t textBytes);
    std::size_t memoryBytes() const { return m_text.capacity() + m_entries.capacity() * sizeof(Entry); }

    /// Bytes of spare text after the last object: simdjson reads up to this far past a text's end.
    static constexpr std::size_t kPadding = 64;

private:
    friend class ExtraStringLists;
    struct Entry {
        std::uint64_t offset = 0;
        std::uint32_t size = 0;
        bool shadowsTaskKey = false;
    };
    Handle append(std::string_view objectText, bool shadowsTaskKey);

    /// Every object's text, then kPadding spaces (kept in the string, so that a copy keeps them).
    std::string m_text;
    std::size_t m_textToReserve = 0; ///< reserve()'s room for m_text, taken by the first append().
    std::vector<Entry> m_entries;
};

/// Reads string arrays (`reads`, `writes`) out of the stored texts without building objects: the
/// hazard check reads them for every task of a compiler's graph at each rerun.
class ExtraStringLists {
public:
    ExtraStringLists();
    ~ExtraStringLists();
    ExtraStringLists(ExtraStringLists&&) noexcept;
    ExtraStringLists& operator=(ExtraStringLists&&) noexcept;

    /// Appends the strings of the array at `key` of the object `handle` to `out`; other values in
    /// the array are skipped, and nothing is appended when the key is absent or not an array. The
    /// views point into `extras` or (strings with escapes, unescaped) into this reader: valid while
    /// both live and `extras` is not changed.
    void read(
        const TaskExtras& extras, TaskExtras::Handle handle, std::string_view key, std::vector<std::string_view>& out);
    /// The same for several keys in one parse of the object: the strings of keys[0], then those of
    /// keys[1], ...; `ends[k]` is out.size() after the strings of keys[k].
    void read(const TaskExtras& extras, TaskExtras::Handle handle, std::span<const std::string_view> keys,
        std::vector<std::string_view>& out, std::span<std::size_t> ends);

private:
    struct Parser;
    std::unique_ptr<Parser> m_parser;
};

} // namespace lookahead
