#pragma once

// The recording half of the input opener (InputOpener.cpp calls it; ChromeTraceImporter.cpp has it).

#include "TraceDocument.h"

#include "lookahead/ChromeTraceImporter.h"

#include <simdjson.h>

namespace lookahead {

/// Imports already-inflated bytes of a recording; `gzip` only says so in the summary.
Result<ImportedTrace> importRecording(
    simdjson::padded_string bytes, bool gzip, const std::string& fileLabel, const ImportOptions& options);
/// The same for a trace read already.
Result<ImportedTrace> importRecording(std::unique_ptr<formats::TraceDocument> document, bool gzip,
    const std::string& fileLabel, const ImportOptions& options);

} // namespace lookahead
