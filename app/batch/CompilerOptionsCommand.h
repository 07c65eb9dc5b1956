#pragma once

/// \file `lookahead batch compiler-options GRAPH --pipeline P [--json] [--all] [-o OUT]`: the
/// pipeline's chosen settings in each toolchain's own words (lookahead/CompilerOptions.h), and the
/// same file for `batch run --compiler-options OUT`. Qt-free, like the rest of the batch interface.

#include "lookahead/CompilerOptions.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace lookahead {

/// `argv` starts with the command name ("compiler-options"), as runBatch() passes it on.
int runBatchCompilerOptions(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

} // namespace lookahead
