#include "lookahead/StringPool.h"

namespace lookahead {

namespace {
    std::size_t hashOf(std::string_view text)
    {
        // FNV-1a: short ids hash fast and spread well enough for open addressing.
        std::uint64_t hash = 1469598103934665603ull;
        for (unsigned char c : text)
            hash = (hash ^ c) * 1099511628211ull;
        return static_cast<std::size_t>(hash ^ (hash >> 29));
    }
} // namespace

Symbol StringPool::find(std::string_view text) const
{
    if (m_slots.empty())
        return kNoSymbol;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hashOf(text) & mask;; slot = (slot + 1) & mask) {
        const Symbol symbol = m_slots[slot];
        if (symbol == kNoSymbol)
            return kNoSymbol;
        if (view(symbol) == text)
            return symbol;
    }
}

Symbol StringPool::intern(std::string_view text)
{
    // Keep the load factor under one half so probes stay short.
    if ((size() + 1) * 2 > m_slots.size())
        rehash(m_slots.empty() ? 64 : m_slots.size() * 2);
    const std::size_t mask = m_slots.size() - 1;
    std::size_t slot = hashOf(text) & mask;
    for (;; slot = (slot + 1) & mask) {
        const Symbol symbol = m_slots[slot];
        if (symbol == kNoSymbol)
            break;
        if (view(symbol) == text)
            return symbol;
    }
    const auto symbol = static_cast<Symbol>(size());
    m_chars.append(text);
    m_offsets.push_back(static_cast<std::uint32_t>(m_chars.size()));
    m_slots[slot] = symbol;
    return symbol;
}

void StringPool::rehash(std::size_t slots)
{
    m_slots.assign(slots, kNoSymbol);
    const std::size_t mask = slots - 1;
    for (Symbol symbol = 0; symbol < size(); ++symbol) {
        std::size_t slot = hashOf(view(symbol)) & mask;
        while (m_slots[slot] != kNoSymbol)
            slot = (slot + 1) & mask;
        m_slots[slot] = symbol;
    }
}

void StringPool::reserve(std::size_t symbols, std::size_t chars)
{
    m_chars.reserve(chars);
    m_offsets.reserve(symbols + 1);
    std::size_t slots = 64;
    while (slots < symbols * 2)
        slots *= 2;
    if (slots > m_slots.size())
        rehash(slots);
}

std::size_t StringPool::memoryBytes() const
{
    return m_chars.capacity() + m_offsets.capacity() * sizeof(std::uint32_t) + m_slots.capacity() * sizeof(Symbol);
}

} // namespace lookahead
