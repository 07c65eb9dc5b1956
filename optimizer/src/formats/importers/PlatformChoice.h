#pragma once

// The one place where an imported recording's platform is chosen, and where the replay is made
// exact on it. The platform is the executors the mapper made from the recorded lanes, or a
// platform preset (a name or a platform file, PlatformPresets.h) given as ImportOptions::platform
// or suggested by the mapper (RecordingBuilder::suggestPlatform).
//
// With a preset, the producer's domain is applied next (Ascend device tasks become SuperKernel
// sub-operators and groups: applyAscendDomain, with ImportOptions::opSummary when given), in every
// import path, whether the preset was suggested or named by the user.
//
// A preset can change what the simulator adds to the recorded times: engine counts, instruction
// caches (spec 5.2 stalls), cost terms beyond spec 5. Then:
// - stalls and engine choices: calibrateReplay() (RecordingReplay.h, the one calibration) moves
//   them into `cycles` and `delay` until the replay is exact (spec 9: a modelled stall comes out of
//   `cycles`);
// - cost terms beyond spec 5 that would still move a replayed task under the default costs are
//   listed in ImportSummary::costTermsOff: the baseline of a recording is simulated without them
//   (they model costs the recording already contains). The presets' recording domains set the
//   costs that would (applyAscendDomain), so the list is empty for the producers we know.

#include "lookahead/InputOpener.h"
#include "lookahead/PlatformPresets.h"
#include "lookahead/TaskGraph.h"

#include <optional>
#include <vector>

namespace lookahead::formats {

/// The preset to use: the option's, else the mapper's suggestion, else none.
Result<std::optional<PlatformPreset>> choosePlatform(const ImportOptions& options, const std::string& suggested);

/// Gives `graph` the preset (keeping the recording's clock) and its producer's domain, and makes
/// the replay exact again. Errors: the op summary of `options` cannot be read (file and line), the
/// preset does not fit the recording, the graph cannot be simulated.
Status applyPlatformChoice(TaskGraph& graph, const std::optional<PlatformPreset>& preset, const ImportOptions& options,
    const std::vector<std::int64_t>& recordedStart, const std::vector<std::int64_t>& recordedEnd,
    ImportSummary& summary);

} // namespace lookahead::formats
