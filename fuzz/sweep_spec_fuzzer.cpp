// libFuzzer target for the sweep spec of `batch sweep --vary` and the GUI's sweep dialog
// (Sweep.h): `PASS.OPTION=FROM:TO:STEP` or `PASS.OPTION={a,b,c}`. What parses has 1..10000 values
// for a range, survives a round trip through the list form, and checks against the pass registry
// without a sanitizer report.

#include "lookahead/Sweep.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    const std::string_view spec(reinterpret_cast<const char*>(data), size);
    auto variation = parseSweepVariation(spec);
    if (!variation.ok())
        return 0;
    const SweepVariation& parsed = variation.value();
    if (parsed.values.empty())
        std::abort();
    std::string listForm = parsed.pass + "." + parsed.option + "={";
    for (std::size_t i = 0; i < parsed.values.size(); ++i)
        listForm += (i ? "," : "") + parsed.values[i];
    listForm += "}";
    auto again = parseSweepVariation(listForm);
    if (!again.ok() || again.value().pass != parsed.pass || again.value().option != parsed.option
        || again.value().values != parsed.values)
        std::abort();
    // checkSweep parses one pipeline per value: bound the work per input.
    if (parsed.values.size() <= 64)
        (void)checkSweep(parsed, "");
    return 0;
}
