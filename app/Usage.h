#pragma once

// The command line of `lookahead`, printed by the launcher (main.cpp) and by the explorer when its
// arguments are wrong (ExplorerMain.cpp).

#include <ostream>

namespace lookahead {

inline constexpr const char* kVersion = "0.1.0";

inline void printUsage(std::ostream& out)
{
    out << "Usage: lookahead [FILE] [--start-page]   open the explorer on FILE (a task graph or a recording),\n"
           "                                         else on the embedded default sample, or on the start page\n"
           "       lookahead batch COMMAND ...       headless: run, sweep, diff, import, generate, passes, costs\n"
           "                                         (`lookahead batch help` lists them)\n"
           "       lookahead --help | --version\n"
           "\n"
           "Developer options of the explorer (render a state to an image, for the docs):\n"
           "  --screenshot OUT.png  --size WxH  --pipeline TEXT  --select TASK  --range FROM:TO  --zoom FROM:TO\n"
           "  --diff  --critical  --search TEXT  --compare A B  --sweep PASS.OPTION=FROM:TO:STEP\n";
}

} // namespace lookahead
