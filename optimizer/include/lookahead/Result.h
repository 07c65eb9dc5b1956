#pragma once

/// \file Errors as values at the core's boundary.
///
/// Every fallible operation of the core returns `Result<T>`: either a value or an `Error` that says
/// where the problem is (file, JSON pointer or option) and what is wrong. Nothing in the core throws
/// across its public API; callers (the batch CLI, the GUI) print or show `Error::toString()`.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace lookahead {

/// One problem, located as precisely as the producer can: a file, and inside it either a JSON
/// pointer (`/tasks/17/exec`) or a line and column (for JSON syntax errors), or an option name.
struct Error {
    std::string file;    ///< The input file, empty when the input did not come from a file.
    std::string where;   ///< JSON pointer, `line L, column C`, or `option NAME`; may be empty.
    std::string message; ///< What is wrong, in one sentence without a trailing period.

    /// `FILE: WHERE: MESSAGE`, leaving out the parts that are empty.
    std::string toString() const
    {
        std::string text;
        if (!file.empty())
            text += file + ": ";
        if (!where.empty())
            text += where + ": ";
        return text + message;
    }
};

/// A value of type T or an Error. Cheap to move; `value()` asserts success.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    const T& value() const&
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    T&& value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    const Error& error() const
    {
        assert(!ok());
        return std::get<Error>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

/// Success or an Error, for operations without a value.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {
    }
    static Status success() { return {}; }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const
    {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace lookahead
