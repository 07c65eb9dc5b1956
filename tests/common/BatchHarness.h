#pragma once

// Runs `lookahead batch ...` in-process for the core tests (header-only: only test executables
// that link lookahead_batch include it).

#include "BatchCommand.h"

#include <sstream>
#include <string>
#include <vector>

namespace lookahead::test {

struct BatchResult {
    int status;
    std::string out;
    std::string err;
};

/// `lookahead batch ARGS...` with standard output and error captured.
inline BatchResult batch(const std::vector<std::string>& args)
{
    std::ostringstream out, err;
    const int status = runBatch(args, out, err);
    return { status, out.str(), err.str() };
}

} // namespace lookahead::test
