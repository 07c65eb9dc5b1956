#pragma once

#include <cstdint>
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
/// Lookup is an open-addressing hash table of symbols; views returned by `view()` stay valid until
/// the next `intern()` that grows the arena.
class StringPool {
public:
    /// The symbol of `text`, interning it when new.
    Symbol intern(std::string_view text);
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

private:
    void rehash(std::size_t slots);

    std::string m_chars;
    std::vector<std::uint32_t> m_offsets { 0 };
    std::vector<Symbol> m_slots; ///< kNoSymbol marks an empty slot; size is a power of two.
};

} // namespace lookahead
