// libFuzzer target for the msprof op_summary CSV reader (OpSummaryCsv.h) and the platform-file
// reader (PlatformPresets.h): any input is either refused with an error that names the place, or
// read into values that the lookups accept.

#include "lookahead/OpSummaryCsv.h"
#include "lookahead/PlatformPresets.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto summary = parseOpSummaryCsv(text, "fuzz.csv");
    if (summary.ok()) {
        for (const OpSummaryRow& row : summary.value().rows)
            if (row.blockDim < 0 || row.line == 0)
                std::abort();
        (void)summary.value().find(0, 0, "x", 0);
    } else if (summary.error().where.empty()) {
        std::abort(); // every CSV error names a line
    }
    auto platform = parsePlatformFile(text, "fuzz.platform.json");
    if (platform.ok())
        (void)platform.value().toJson().dump();
    return 0;
}
