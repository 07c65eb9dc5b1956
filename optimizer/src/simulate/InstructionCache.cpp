#include "simulate/InstructionCache.h"

#include <algorithm>

namespace lookahead {

namespace {
    std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }
} // namespace

KernelLru::Entry* KernelLru::find(KernelIndex kernel)
{
    for (Entry& entry : m_entries)
        if (entry.kernel == kernel)
            return &entry;
    return nullptr;
}

void KernelLru::touch(KernelIndex kernel, std::int64_t bytes, std::int64_t filledAt)
{
    auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.kernel == kernel; });
    if (it != m_entries.end()) {
        Entry entry = *it;
        m_entries.erase(it);
        m_entries.push_back(entry);
        return;
    }
    if (bytes > m_capacity)
        return;
    while (m_used + bytes > m_capacity) {
        m_used -= m_entries.front().bytes;
        m_entries.erase(m_entries.begin());
    }
    m_entries.push_back({ kernel, bytes, filledAt });
    m_used += bytes;
}

InstructionCache::InstructionCache(const Platform& platform, std::span<const std::uint32_t> engineBaseOfExec)
    : m_platform(platform)
    , m_l1(engineBaseOfExec.back())
{
    for (const IcacheDomain& domain : platform.icache)
        m_l2.emplace_back(domain.l2Bytes);
    for (std::size_t e = 0; e < platform.executors.size(); ++e) {
        const ExecutorKind& kind = platform.executors[e];
        if (kind.icacheDomain >= 0)
            for (std::uint32_t g = engineBaseOfExec[e]; g < engineBaseOfExec[e + 1]; ++g)
                m_l1[g] = KernelLru(platform.icache[kind.icacheDomain].l1Bytes);
    }
}

InstructionCache::Lookup InstructionCache::lookUp(
    int domainIndex, KernelIndex code, std::int64_t bytes, std::uint32_t globalEngine, std::int64_t start)
{
    const IcacheDomain& domain = m_platform.icache[domainIndex];
    KernelLru& l1 = m_l1[globalEngine];
    KernelLru& l2 = m_l2[domainIndex];
    Lookup lookup;
    if (l1.find(code)) {
        l1.touch(code, bytes, 0);
    } else if (KernelLru::Entry* entry = l2.find(code)) {
        lookup.level = Level::L2;
        lookup.stall = std::max<std::int64_t>(0, entry->filledAt - start) + domain.l2HitLatency
            + ceilDiv(bytes, domain.l2BytesPerCycle);
        l2.touch(code, bytes, entry->filledAt);
        l1.touch(code, bytes, 0);
    } else {
        lookup.level = Level::Memory;
        lookup.stall = domain.missLatency + ceilDiv(bytes, domain.missBytesPerCycle);
        lookup.fetchBytes = bytes;
        l2.touch(code, bytes, start + lookup.stall);
        l1.touch(code, bytes, 0);
    }
    return lookup;
}

} // namespace lookahead
