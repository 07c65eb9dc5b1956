#pragma once

/// \file Where a writer's text goes, a piece at a time, so that a large output (a graph with its
/// schedule, a Chrome trace) never has to be whole in memory: a stream, or a file written whole or
/// not at all (`writeFileAtomically` in AtomicFile.h). Writers that return a string fill it
/// directly instead.

#include <ostream>
#include <string_view>

namespace lookahead {

class TextSink {
public:
    virtual ~TextSink() = default;
    /// Takes the next piece of the text. Never fails here: a sink that can fail keeps its first
    /// error and reports it when its owner closes it.
    virtual void append(std::string_view text) = 0;
};

/// Writes to a stream (standard output in batch mode); the stream's state holds any error.
class StreamSink final : public TextSink {
public:
    explicit StreamSink(std::ostream& out)
        : m_out(out)
    {
    }
    void append(std::string_view text) override { m_out.write(text.data(), static_cast<std::streamsize>(text.size())); }

private:
    std::ostream& m_out;
};

} // namespace lookahead
