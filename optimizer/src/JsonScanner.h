#pragma once

// A strict RFC 8259 JSON scanner for the loader's fast path.
//
// nlohmann_json builds a DOM node per value, which costs seconds on a million-task file. This
// scanner walks the text once and lets the loader convert tasks straight into the compact model.
// It is deliberately no more lenient than nlohmann: whenever it meets anything it does not accept,
// it reports failure and the loader reparses with nlohmann, which produces the user-facing error.
// The fuzzer checks that both paths agree.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace lookahead::detail {

class JsonScanner {
public:
    explicit JsonScanner(std::string_view text)
        : m_text(text)
    {
    }

    void skipWhitespace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                return;
            ++m_pos;
        }
    }
    bool consume(char c)
    {
        skipWhitespace();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    /// The next non-whitespace character, or '\0' at the end.
    char peek()
    {
        skipWhitespace();
        return m_pos < m_text.size() ? m_text[m_pos] : '\0';
    }
    bool atEnd()
    {
        skipWhitespace();
        return m_pos >= m_text.size();
    }
    std::size_t position() const { return m_pos; }
    void rewind(std::size_t position) { m_pos = position; }

    /// A string; the view points into the text when it has no escapes, else into `scratch`.
    bool string(std::string_view& out, std::string& scratch);
    /// A non-negative integer written with digits only (no sign, fraction or exponent) that fits
    /// in int64. Anything else fails without consuming, so the caller can fall back.
    bool plainUnsigned(std::int64_t& out);
    /// Any value, as nlohmann would build it.
    bool value(nlohmann::json& out, int depth = 0);

private:
    bool number(nlohmann::json& out);
    bool literal(std::string_view word);
    bool hex4(std::uint32_t& out);

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace lookahead::detail
