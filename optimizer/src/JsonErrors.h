#pragma once

// How JSON syntax errors are reported by every reader of JSON in the core (task graphs, traces):
// the line and column of the offending byte, and nlohmann's reason without its boilerplate.

#include <string>
#include <string_view>
#include <utility>

namespace lookahead::detail {

/// 1-based line and column of `byte` in `text`.
inline std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t byte)
{
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return { line, column };
}

/// nlohmann's message without its `[json.exception...] parse error at line L, column C: ` prefix.
inline std::string parseErrorReason(const std::string& what)
{
    const auto column = what.find("column ");
    if (column != std::string::npos) {
        const auto colon = what.find(": ", column);
        if (colon != std::string::npos)
            return what.substr(colon + 2);
    }
    const auto bracket = what.find("] ");
    return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

} // namespace lookahead::detail
