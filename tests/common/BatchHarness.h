#pragma once

// Runs `lookahead batch ...` in-process for the core tests (header-only: only test executables
// that link lookahead_batch include it).

#include "BatchCommand.h"

#include <QStringList>

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

/// The same, with the arguments of a data-driven test row.
inline BatchResult batch(const QStringList& args)
{
    std::vector<std::string> argv;
    for (const QString& arg : args)
        argv.push_back(arg.toStdString());
    return batch(argv);
}

} // namespace lookahead::test
