#include "lookahead/StringPool.h"

#include <algorithm>
#include <bit>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace lookahead {

namespace {
    /// XXH3 (Debian's libxxhash, inlined): short ids (the generator's `t123`) take a few instructions
    /// with no call, and long ones (compiler ids of 40-80 bytes, profiler names of several hundred)
    /// are read in independent lanes. The hand-written hash before it chained one multiply per eight
    /// bytes and called memcpy for each tail: 6% of a large load or import.
    std::uint64_t hashOf(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }
} // namespace

Symbol StringPool::find(std::string_view text) const
{
    if (m_slots.empty())
        return kNoSymbol;
    const auto tag = static_cast<std::uint32_t>(hashOf(text) >> 32);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = home(tag);; slot = (slot + 1) & mask) {
        const Slot& probe = m_slots[slot];
        if (probe.symbol == kNoSymbol)
            return kNoSymbol;
        if (probe.hash == tag && view(probe.symbol) == text)
            return probe.symbol;
    }
}

Symbol StringPool::intern(std::string_view text) { return internHashed(text, hashOf(text)); }

void StringPool::intern(std::span<const std::string_view> texts, std::span<Symbol> symbols)
{
    // Hashes are computed kAhead strings early and their slots prefetched; a rehash in between only
    // makes some prefetches useless (the hash does not depend on the table size).
    constexpr std::size_t kAhead = 16;
    std::uint64_t hashes[kAhead];
    const std::size_t n = texts.size();
    auto prefetch = [&](std::size_t i) {
        hashes[i % kAhead] = hashOf(texts[i]);
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[home(static_cast<std::uint32_t>(hashes[i % kAhead] >> 32))]);
    };
    for (std::size_t i = 0; i < std::min(n, kAhead); ++i)
        prefetch(i);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t hash = hashes[i % kAhead];
        if (i + kAhead < n)
            prefetch(i + kAhead);
        symbols[i] = internHashed(texts[i], hash);
    }
}

Symbol StringPool::internHashed(std::string_view text, std::uint64_t hash)
{
    // Keep the load factor under one half so probes stay short.
    if ((size() + 1) * 2 > m_slots.size())
        rehash(m_slots.empty() ? 64 : m_slots.size() * 2);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    const std::size_t mask = m_slots.size() - 1;
    std::size_t slot = home(tag);
    for (;; slot = (slot + 1) & mask) {
        const Slot& probe = m_slots[slot];
        if (probe.symbol == kNoSymbol)
            break;
        if (probe.hash == tag && view(probe.symbol) == text)
            return probe.symbol;
    }
    const auto symbol = static_cast<Symbol>(size());
    m_chars.append(text);
    m_offsets.push_back(static_cast<std::uint32_t>(m_chars.size()));
    m_slots[slot] = Slot { symbol, tag };
    return symbol;
}

void StringPool::rehash(std::size_t slots)
{
    // A slot's home is the top bits of its tag, so the tags alone place every symbol again: no
    // string is hashed twice, the arena is not read, and the old table's order (by tag, give or
    // take a probe) fills the new one front to back.
    std::vector<Slot> old(slots, Slot {});
    old.swap(m_slots);
    m_shift = 32 - std::countr_zero(slots);
    const std::size_t mask = slots - 1;
    for (const Slot& entry : old) {
        if (entry.symbol == kNoSymbol)
            continue;
        std::size_t slot = home(entry.hash);
        while (m_slots[slot].symbol != kNoSymbol)
            slot = (slot + 1) & mask;
        m_slots[slot] = entry;
    }
}

void StringPool::reserve(std::size_t symbols, std::size_t chars)
{
    reserveArena(symbols, chars);
    std::size_t slots = 64;
    while (slots < symbols * 2)
        slots *= 2;
    if (slots > m_slots.size())
        rehash(slots);
}

void StringPool::reserveArena(std::size_t symbols, std::size_t chars)
{
    m_chars.reserve(chars);
    m_offsets.reserve(symbols + 1);
}

std::array<std::span<const std::byte>, 2> StringPool::unusedArena() const
{
    const auto unused = [](const auto* data, std::size_t size, std::size_t capacity) {
        return std::as_bytes(std::span(data + size, capacity - size));
    };
    return { unused(m_chars.data(), m_chars.size(), m_chars.capacity()),
        unused(m_offsets.data(), m_offsets.size(), m_offsets.capacity()) };
}

std::size_t StringPool::memoryBytes() const
{
    return m_chars.capacity() + m_offsets.capacity() * sizeof(std::uint32_t) + m_slots.capacity() * sizeof(Slot);
}

} // namespace lookahead
