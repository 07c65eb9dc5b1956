#pragma once

// Writing JSON text straight into a buffer: the writers (graph, schedule, Chrome trace) append
// strings and numbers to one std::string instead of building a DOM per task, which is what made
// writing a million tasks take seconds.
//
// The spelling is nlohmann's `dump()` (ensure_ascii off), so that text written here and text
// dumped by nlohmann (extras, the small platform block) are byte for byte the same: `"` and `\`
// escaped, \b \f \n \r \t by name, the other control characters as \u00xx in lower case,
// everything else (DEL and valid UTF-8 included) as it is. nlohmann throws on invalid UTF-8; here
// each invalid byte becomes U+FFFD, so the output is always valid JSON.

#include "lookahead/TextSink.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace lookahead::json {

namespace detail {
    /// Length of the valid UTF-8 sequence at `at` (first byte ≥ 0x80), 0 when it is invalid
    /// (overlong forms, surrogates and code points above U+10FFFF included).
    inline std::size_t validUtf8Length(std::string_view text, std::size_t at)
    {
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
        const unsigned char lead = byte(at);
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (at + length > text.size() || byte(at + 1) < low || byte(at + 1) > high)
            return 0;
        for (std::size_t i = 2; i < length; ++i)
            if (byte(at + i) < 0x80 || byte(at + i) > 0xBF)
                return 0;
        return length;
    }

    /// The escape of a byte that cannot stand as it is in a JSON string (nlohmann's spelling).
    inline char* putEscape(char* at, unsigned char c)
    {
        char name = 0;
        switch (c) {
        case '"':
            name = '"';
            break;
        case '\\':
            name = '\\';
            break;
        case '\b':
            name = 'b';
            break;
        case '\f':
            name = 'f';
            break;
        case '\n':
            name = 'n';
            break;
        case '\r':
            name = 'r';
            break;
        case '\t':
            name = 't';
            break;
        default:
            break;
        }
        if (name) {
            at[0] = '\\';
            at[1] = name;
            return at + 2;
        }
        if (c < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            at[0] = '\\';
            at[1] = 'u';
            at[2] = '0';
            at[3] = '0';
            at[4] = kHex[c >> 4];
            at[5] = kHex[c & 0xF];
            return at + 6;
        }
        // An invalid UTF-8 byte: U+FFFD.
        at[0] = '\xEF';
        at[1] = '\xBF';
        at[2] = '\xBD';
        return at + 3;
    }

    /// The high bit of each of the 8 bytes of `word` (little-endian) that needs care: a control
    /// character, `"`, `\\` or a non-ASCII byte. Exact up to its lowest set bit (the borrow tricks
    /// flag bytes above a true one falsely, never below), which is all the writer reads.
    constexpr std::uint64_t careMask(std::uint64_t word)
    {
        constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
        const auto zeroBytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
        const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHigh; // below 0x20
        return control | (word & kHigh) | zeroBytes(word ^ (kOnes * '"')) | zeroBytes(word ^ (kOnes * '\\'));
    }

    /// One byte of a string that needs care: escaped, or (≥ 0x80) copied when it starts valid UTF-8.
    inline char* putByte(char* at, std::string_view text, std::size_t& i)
    {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) [[likely]] {
            *at++ = static_cast<char>(c);
            ++i;
            return at;
        }
        if (c >= 0x80) {
            if (const std::size_t length = validUtf8Length(text, i)) {
                std::memcpy(at, text.data() + i, length);
                i += length;
                return at + length;
            }
        }
        ++i;
        return putEscape(at, c);
    }
} // namespace detail

/// Writes `text` as a quoted JSON string at `at`, which has room for 6 × size + 2 bytes; returns
/// the end of what it wrote.
inline char* putString(char* at, std::string_view text)
{
    *at++ = '"';
    // Eight bytes at a time, stored whole (fixed-size moves: a memcpy call per run cost more than
    // the copy for the short strings of a graph) and kept up to the first byte that needs care.
    // The whole store fits the room: at most 6 × i + 1 bytes precede it and 8 or more input bytes
    // remain, each with room for 6.
    static_assert(std::endian::native == std::endian::little, "careMask() numbers bytes from the low end");
    std::size_t i = 0;
    while (i + 8 <= text.size()) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        std::memcpy(at, &word, 8);
        const std::uint64_t care = detail::careMask(word);
        if (care == 0) {
            at += 8;
            i += 8;
            continue;
        }
        const auto plain = static_cast<std::size_t>(std::countr_zero(care) / 8);
        at += plain;
        i += plain;
        at = detail::putByte(at, text, i);
    }
    // The last few bytes as the top of the string's last eight (bytes already written shifted
    // out, zeros shifted in above them, which careMask() flags only above the real ones).
    if (const std::size_t rest = text.size() - i; rest >= 2 && text.size() >= 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + text.size() - 8, 8);
        word >>= 8 * (8 - rest);
        std::memcpy(at, &word, 8);
        const auto plain = std::min(rest, static_cast<std::size_t>(std::countr_zero(detail::careMask(word)) / 8));
        at += plain;
        i += plain;
    }
    while (i < text.size())
        at = detail::putByte(at, text, i);
    *at++ = '"';
    return at;
}

/// Appends JSON text to the end of a std::string, or streams it to a TextSink, through a raw
/// cursor: each call makes room for its worst case with one comparison, so that writing a million
/// small values costs no more than the bytes themselves. Appending to a string, the string has
/// unused room at its end until the writer is finished or destroyed: append to the string only
/// through the writer while it lives. Streaming, the writer fills a buffer of its own and hands it
/// to the sink whenever it is full and when it is finished or destroyed.
class TextWriter {
public:
    /// `chunk`: the room opened at a time, zero-filled once (std::string has no uninitialised
    /// resize). Writers of a whole file take the default; a writer of one small value a smaller one.
    explicit TextWriter(std::string& out, std::size_t chunk = std::size_t(1) << 16)
        : m_out(out)
        , m_at(out.data() + out.size())
        , m_end(m_at)
        , m_chunk(chunk)
    {
    }
    /// `buffer`: the bytes handed to the sink at a time. Small enough to stay in the cache, so that
    /// the text is written to memory once (the sink's copy) rather than faulted in and read back.
    explicit TextWriter(TextSink& sink, std::size_t buffer = std::size_t(1) << 18)
        : m_buffer(buffer, '\0')
        , m_out(m_buffer)
        , m_sink(&sink)
        , m_at(m_buffer.data())
        , m_end(m_at + m_buffer.size())
    {
    }
    ~TextWriter()
    {
        if (m_sink ? m_at != m_out.data() : m_at != m_end)
            finish();
    }
    TextWriter(const TextWriter&) = delete;
    TextWriter& operator=(const TextWriter&) = delete;

    /// Trims the string to what was written (the string may be appended to directly afterwards),
    /// or hands what is buffered to the sink.
    void finish()
    {
        if (m_sink) {
            drain();
            return;
        }
        const auto used = static_cast<std::size_t>(m_at - m_out.data());
        m_out.resize(used);
        m_at = m_end = m_out.data() + used;
    }

    // The writers call these millions of times with literal keys: always inlined, so that a key's
    // copy is a few moves of a known size rather than a call to memcpy.

    /// Text copied as it is (keys with their quotes, punctuation).
    [[gnu::always_inline]] void raw(std::string_view text)
    {
        room(text.size());
        std::memcpy(m_at, text.data(), text.size());
        m_at += text.size();
    }
    [[gnu::always_inline]] void raw(char c)
    {
        room(1);
        *m_at++ = c;
    }
    /// A quoted, escaped JSON string.
    [[gnu::always_inline]] void string(std::string_view text)
    {
        room(text.size() * 6 + 2);
        m_at = putString(m_at, text);
    }
    /// An integer in decimal.
    template <typename Integer> [[gnu::always_inline]] void integer(Integer value)
    {
        static_assert(std::is_integral_v<Integer>);
        room(24);
        m_at = std::to_chars(m_at, m_at + 24, value).ptr;
    }
    /// A fixed-point number given in thousandths ("12.345" for 12345): the Chrome trace's µs with
    /// three decimals, exact because it never goes through a double.
    void thousandths(std::int64_t value)
    {
        room(32);
        if (value < 0) {
            *m_at++ = '-';
            value = -value;
        }
        m_at = std::to_chars(m_at, m_at + 24, value / 1000).ptr;
        const auto fraction = static_cast<int>(value % 1000);
        m_at[0] = '.';
        m_at[1] = static_cast<char>('0' + fraction / 100);
        m_at[2] = static_cast<char>('0' + fraction / 10 % 10);
        m_at[3] = static_cast<char>('0' + fraction % 10);
        m_at += 4;
    }

private:
    [[gnu::always_inline]] void room(std::size_t bytes)
    {
        if (static_cast<std::size_t>(m_end - m_at) < bytes)
            grow(bytes);
    }
    /// Opens room in chunks: resize() zero-fills, so the chunk is touched once, right before use.
    /// Streaming, empties the buffer into the sink instead (and widens it for an outsize value).
    void grow(std::size_t bytes)
    {
        if (m_sink) {
            drain();
            if (bytes > m_out.size())
                m_out.resize(bytes);
            m_at = m_out.data();
            m_end = m_at + m_out.size();
            return;
        }
        const auto used = static_cast<std::size_t>(m_at - m_out.data());
        const std::size_t wanted = used + bytes + m_chunk;
        if (wanted > m_out.capacity())
            m_out.reserve(std::max(wanted, m_out.capacity() * 2));
        m_out.resize(wanted);
        m_at = m_out.data() + used;
        m_end = m_out.data() + wanted;
    }

    void drain()
    {
        m_sink->append(std::string_view(m_out.data(), static_cast<std::size_t>(m_at - m_out.data())));
        m_at = m_out.data();
    }

    std::string m_buffer; ///< Streaming: the buffer (m_out refers to it).
    std::string& m_out;
    TextSink* m_sink = nullptr;
    char* m_at = nullptr;
    char* m_end = nullptr;
    std::size_t m_chunk = 0; ///< Appending to a string: the room opened at a time.
};

/// Appends `text` as a quoted JSON string (for the odd value outside a TextWriter).
inline void appendString(std::string& out, std::string_view text)
{
    TextWriter writer(out, 0);
    writer.string(text);
}

} // namespace lookahead::json
