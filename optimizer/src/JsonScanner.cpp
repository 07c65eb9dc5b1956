#include "JsonScanner.h"

#include <array>
#include <charconv>
#include <cmath>

namespace lookahead::detail {

namespace {
    /// Bytes a string can contain without a closer look: printable ASCII except '"' and '\\'.
    constexpr auto kPlainByte = [] {
        std::array<bool, 256> plain {};
        for (int c = 0x20; c < 0x80; ++c)
            plain[c] = c != '"' && c != '\\';
        return plain;
    }();

    void appendUtf8(std::string& out, std::uint32_t cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    /// Length of a well-formed UTF-8 sequence starting at `p` (Unicode Table 3-7), 0 if ill-formed.
    std::size_t utf8Length(const unsigned char* p, const unsigned char* end)
    {
        const unsigned char b0 = p[0];
        auto in = [](unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; };
        auto avail = [&](std::size_t n) { return std::size_t(end - p) >= n; };
        if (in(b0, 0xC2, 0xDF))
            return avail(2) && in(p[1], 0x80, 0xBF) ? 2 : 0;
        if (b0 == 0xE0)
            return avail(3) && in(p[1], 0xA0, 0xBF) && in(p[2], 0x80, 0xBF) ? 3 : 0;
        if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF))
            return avail(3) && in(p[1], 0x80, 0xBF) && in(p[2], 0x80, 0xBF) ? 3 : 0;
        if (b0 == 0xED)
            return avail(3) && in(p[1], 0x80, 0x9F) && in(p[2], 0x80, 0xBF) ? 3 : 0;
        if (b0 == 0xF0)
            return avail(4) && in(p[1], 0x90, 0xBF) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
        if (in(b0, 0xF1, 0xF3))
            return avail(4) && in(p[1], 0x80, 0xBF) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
        if (b0 == 0xF4)
            return avail(4) && in(p[1], 0x80, 0x8F) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
        return 0;
    }
} // namespace

bool JsonScanner::hex4(std::uint32_t& out)
{
    if (m_text.size() - m_pos < 4)
        return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = m_text[m_pos++];
        out <<= 4;
        if (c >= '0' && c <= '9')
            out |= std::uint32_t(c - '0');
        else if (c >= 'a' && c <= 'f')
            out |= std::uint32_t(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            out |= std::uint32_t(c - 'A' + 10);
        else
            return false;
    }
    return true;
}

bool JsonScanner::string(std::string_view& out, std::string& scratch)
{
    if (!consume('"'))
        return false;
    const std::size_t begin = m_pos;
    const auto* bytes = reinterpret_cast<const unsigned char*>(m_text.data());
    const auto* end = bytes + m_text.size();
    // Fast scan: plain ASCII without escapes is the common case and needs no copy.
    const std::size_t size = m_text.size();
    while (m_pos < size && kPlainByte[bytes[m_pos]])
        ++m_pos;
    if (m_pos < size && bytes[m_pos] == '"') {
        out = m_text.substr(begin, m_pos - begin);
        ++m_pos;
        return true;
    }
    scratch.assign(m_text.data() + begin, m_pos - begin);
    while (m_pos < m_text.size()) {
        const unsigned char c = bytes[m_pos];
        if (c == '"') {
            ++m_pos;
            out = scratch;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c >= 0x80) {
            const std::size_t length = utf8Length(bytes + m_pos, end);
            if (length == 0)
                return false;
            scratch.append(m_text.data() + m_pos, length);
            m_pos += length;
            continue;
        }
        if (c != '\\') {
            scratch += static_cast<char>(c);
            ++m_pos;
            continue;
        }
        if (++m_pos >= m_text.size())
            return false;
        const char e = m_text[m_pos++];
        switch (e) {
        case '"':
            scratch += '"';
            break;
        case '\\':
            scratch += '\\';
            break;
        case '/':
            scratch += '/';
            break;
        case 'b':
            scratch += '\b';
            break;
        case 'f':
            scratch += '\f';
            break;
        case 'n':
            scratch += '\n';
            break;
        case 'r':
            scratch += '\r';
            break;
        case 't':
            scratch += '\t';
            break;
        case 'u': {
            std::uint32_t cp = 0;
            if (!hex4(cp))
                return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                std::uint32_t low = 0;
                if (m_text.size() - m_pos < 2 || m_text[m_pos] != '\\' || m_text[m_pos + 1] != 'u')
                    return false;
                m_pos += 2;
                if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return false;
            }
            appendUtf8(scratch, cp);
            break;
        }
        default:
            return false;
        }
    }
    return false;
}

bool JsonScanner::plainUnsigned(std::int64_t& out)
{
    skipWhitespace();
    const std::size_t begin = m_pos;
    std::size_t p = m_pos;
    while (p < m_text.size() && m_text[p] >= '0' && m_text[p] <= '9')
        ++p;
    const std::size_t digits = p - begin;
    if (digits == 0 || digits > 18 || (digits > 1 && m_text[begin] == '0'))
        return false;
    if (p < m_text.size() && (m_text[p] == '.' || m_text[p] == 'e' || m_text[p] == 'E'))
        return false;
    std::int64_t value = 0;
    for (std::size_t i = begin; i < p; ++i)
        value = value * 10 + (m_text[i] - '0');
    out = value;
    m_pos = p;
    return true;
}

bool JsonScanner::number(nlohmann::json& out)
{
    const std::size_t begin = m_pos;
    std::size_t p = m_pos;
    auto digit = [&](std::size_t i) { return i < m_text.size() && m_text[i] >= '0' && m_text[i] <= '9'; };
    bool negative = false;
    if (p < m_text.size() && m_text[p] == '-') {
        negative = true;
        ++p;
    }
    if (!digit(p))
        return false;
    if (m_text[p] == '0')
        ++p;
    else
        while (digit(p))
            ++p;
    bool isFloat = false;
    if (p < m_text.size() && m_text[p] == '.') {
        isFloat = true;
        ++p;
        if (!digit(p))
            return false;
        while (digit(p))
            ++p;
    }
    if (p < m_text.size() && (m_text[p] == 'e' || m_text[p] == 'E')) {
        isFloat = true;
        ++p;
        if (p < m_text.size() && (m_text[p] == '+' || m_text[p] == '-'))
            ++p;
        if (!digit(p))
            return false;
        while (digit(p))
            ++p;
    }
    const char* first = m_text.data() + begin;
    const char* last = m_text.data() + p;
    m_pos = p;
    // Same typing as nlohmann: integers that fit are int64 (negative) or uint64, others double.
    if (!isFloat) {
        if (negative) {
            std::int64_t v = 0;
            if (std::from_chars(first, last, v).ec == std::errc()) {
                out = v;
                return true;
            }
        } else {
            std::uint64_t v = 0;
            if (std::from_chars(first, last, v).ec == std::errc()) {
                out = v;
                return true;
            }
        }
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec != std::errc() || ptr != last || !std::isfinite(d))
        return false; // nlohmann reports overflow; let it
    out = d;
    return true;
}

bool JsonScanner::literal(std::string_view word)
{
    if (m_text.substr(m_pos, word.size()) != word)
        return false;
    m_pos += word.size();
    return true;
}

bool JsonScanner::value(nlohmann::json& out, int depth)
{
    if (depth > 256)
        return false; // leave pathological nesting to nlohmann
    const char c = peek();
    std::string scratch;
    switch (c) {
    case '{': {
        ++m_pos;
        out = nlohmann::json::object();
        if (consume('}'))
            return true;
        for (;;) {
            std::string_view key;
            if (!string(key, scratch))
                return false;
            const std::string keyText(key);
            if (!consume(':'))
                return false;
            nlohmann::json element;
            if (!value(element, depth + 1))
                return false;
            out[keyText] = std::move(element); // duplicate keys: the last wins, as in nlohmann
            if (consume('}'))
                return true;
            if (!consume(','))
                return false;
        }
    }
    case '[': {
        ++m_pos;
        out = nlohmann::json::array();
        if (consume(']'))
            return true;
        for (;;) {
            nlohmann::json element;
            if (!value(element, depth + 1))
                return false;
            out.push_back(std::move(element));
            if (consume(']'))
                return true;
            if (!consume(','))
                return false;
        }
    }
    case '"': {
        std::string_view text;
        if (!string(text, scratch))
            return false;
        out = std::string(text);
        return true;
    }
    case 't':
        out = true;
        return literal("true");
    case 'f':
        out = false;
        return literal("false");
    case 'n':
        out = nullptr;
        return literal("null");
    default:
        return number(out);
    }
}

} // namespace lookahead::detail
