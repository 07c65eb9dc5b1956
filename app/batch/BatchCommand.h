#pragma once

/// \file `lookahead batch ...`: the headless interface of `shared/spec/cli.md`.
///
/// Uses only the core (no Qt) so that it runs without a display and tests call it in-process.

#include <iosfwd>
#include <string>
#include <vector>

namespace lookahead {

/// Exit statuses of `lookahead batch` (cli.md, plus 3 for verifier findings).
enum BatchExit : int {
    ExitOk = 0,
    ExitInternal = 1,
    ExitBadInput = 2,
    ExitHazard = 3, ///< The verifier found a hazard and --allow-hazards was not given.
};

/// Runs `lookahead batch ARGS...` (`args` excludes "lookahead" and "batch"). Normal output goes to
/// `out`, messages to `err`. Never throws.
int runBatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace lookahead
