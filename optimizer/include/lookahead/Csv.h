#pragma once

#include <string>

namespace lookahead {

/// One CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a comma, quote or newline.
inline std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

} // namespace lookahead
