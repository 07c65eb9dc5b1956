#pragma once

// Reading `platform` and `kernels` of format v1 (spec sections 2 and 3).

#include "formats/GraphReading.h"

#include "lookahead/TaskGraph.h"

namespace lookahead::graphformat {

/// Reads the required `platform` of the document root into graph.platform.
void readPlatform(Object root, TaskGraph& graph);
/// Reads the optional `kernels` into graph.kernels (sorted by name).
void readKernels(Object root, TaskGraph& graph);

} // namespace lookahead::graphformat
