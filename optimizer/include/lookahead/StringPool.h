#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

/// Index of an interned string in a StringPool.
using Symbol = std::uint32_t;
inline constexpr Symbol kNoSymbol = UINT32_MAX;

/// Interns strings into one character arena so that a million task ids, barrier names and display
/// names cost a few bytes each instead of a `std::string` and a hash-map node apiece. Symbols are
/// dense (0, 1, 2, ... in order of first interning), so callers index side arrays by them.
///
/// Lookup is an open-addressing hash table of symbols, each slot carrying 32 bits of its string's
/// hash (its tag): a probe compares those first, so a look-up touches the arena only for the string
/// it finds (loading a million tasks is dominated by these cache misses). The tag's top bits are the
/// slot's home, so growing the table rehashes no string. Views returned by `view()` stay valid
/// until the next `intern()` that grows the arena.
class StringPool {
public:
    /// The symbol of `text`, interning it when new.
    Symbol intern(std::string_view text);
    /// Interns `texts` in order (symbols[i] for texts[i], numbered as intern() one by one would), with
    /// the hash slots fetched ahead: a batch of a million new ids costs memory bandwidth rather than
    /// a cache miss each.
    void intern(std::span<const std::string_view> texts, std::span<Symbol> symbols);
    /// The symbol of `text`, or kNoSymbol when it was never interned.
    Symbol find(std::string_view text) const;
    std::string_view view(Symbol symbol) const
    {
        return std::string_view(m_chars).substr(m_offsets[symbol], m_offsets[symbol + 1] - m_offsets[symbol]);
    }
    std::size_t size() const { return m_offsets.size() - 1; }
    /// Bytes owned by the pool (arena, offsets, hash table): used by the memory benchmark.
    std::size_t memoryBytes() const;
    void reserve(std::size_t symbols, std::size_t chars);
    /// Reserves the arena only (the characters and offsets, appended in order); the hash table,
    /// which reserve() fills at once, is left as it is.
    void reserveArena(std::size_t symbols, std::size_t chars);
    /// Characters of all strings interned.
    std::size_t chars() const { return m_chars.size(); }
    /// The arena's reserved room not yet filled (characters, then offsets), as raw bytes: for
    /// faulting it in on another core while this one interns.
    std::array<std::span<const std::byte>, 2> unusedArena() const;

private:
    struct Slot {
        Symbol symbol = kNoSymbol; ///< kNoSymbol marks an empty slot.
        std::uint32_t hash = 0;    ///< The high half of the string's hash, the tag; home() picks the slot.
    };
    /// The first slot to probe for a tag: its top log2(slots) bits (tables stay under 2^32 slots).
    std::size_t home(std::uint32_t tag) const { return tag >> m_shift; }
    void rehash(std::size_t slots);
    Symbol internHashed(std::string_view text, std::uint64_t hash);

    std::string m_chars;
    std::vector<std::uint32_t> m_offsets { 0 };
    std::vector<Slot> m_slots; ///< Size is a power of two.
    int m_shift = 32;          ///< 32 - log2(m_slots.size()).
};

} // namespace lookahead
