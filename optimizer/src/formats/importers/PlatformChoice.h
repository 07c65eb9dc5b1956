#pragma once

// The one place where an imported recording's platform is chosen, and where the replay is made
// exact on it. The platform is the executors the mapper made from the recorded lanes, or a
// platform preset (a name or a platform file, PlatformPresets.h) given as ImportOptions::platform
// or suggested by the mapper (RecordingBuilder::suggestPlatform).
//
// A preset can change what the simulator adds to the recorded times: engine counts, instruction
// caches (spec 5.2 stalls), cost terms beyond spec 5. calibrateReplay() takes them out:
// - stalls and engine choices: rounds of "simulate under spec costs, move the difference between
//   recorded and simulated duration into `cycles` and between recorded and simulated start into
//   `delay`" until the replay is exact (spec 9: a modelled stall comes out of `cycles`);
// - cost terms beyond spec 5 that would still move a replayed task under the default costs are
//   listed in ImportSummary::costTermsOff: the baseline of a recording is simulated without them
//   (they model costs the recording already contains).

#include "lookahead/InputOpener.h"
#include "lookahead/PlatformPresets.h"
#include "lookahead/TaskGraph.h"

#include <optional>
#include <vector>

namespace lookahead::formats {

/// The preset to use: the option's, else the mapper's suggestion, else none.
Result<std::optional<PlatformPreset>> choosePlatform(const ImportOptions& options, const std::string& suggested);

/// Gives `graph` the preset (keeping the recording's clock) and makes the replay exact again.
Status applyPlatformChoice(TaskGraph& graph, const std::optional<PlatformPreset>& preset,
    const std::vector<std::int64_t>& recordedStart, const std::vector<std::int64_t>& recordedEnd,
    ImportSummary& summary);

} // namespace lookahead::formats
