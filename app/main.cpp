// `lookahead`: the launcher. `lookahead batch ...`, `--help` and `--version` run here, in a program
// that links no Qt; anything else replaces this process with the explorer (`lookahead-explorer`,
// beside this program, ExplorerMain.cpp), which takes the same arguments.
//
// Why two programs: the batch commands are what scripts and CI run, often thousands of times, and
// loading Qt's Widgets, Gui, ICU and GL libraries cost every run 12 MB and a third of its start-up
// (BENCHMARKS.md, "Memory"); a recording's import peaked at 3.0x its JSON of which a third was
// the libraries. exec() keeps the process id, the arguments, the environment and the standard
// streams, so to a user the two programs are one.

#include "BatchCommand.h"
#include "Usage.h"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#ifndef LOOKAHEAD_BATCH_ONLY
#include <climits>
#include <unistd.h>
#endif

namespace {

#ifndef LOOKAHEAD_BATCH_ONLY
/// The explorer program: beside this one (found through /proc, else through argv[0]); just its
/// name when neither tells where this one is (then execvp() looks along PATH, as the shell did).
std::string explorerPath(const char* argv0)
{
    std::string self(PATH_MAX, '\0');
    const ssize_t length = readlink("/proc/self/exe", self.data(), self.size());
    self = length > 0 ? self.substr(0, static_cast<std::size_t>(length)) : std::string(argv0);
    const std::size_t slash = self.find_last_of('/');
    return (slash == std::string::npos ? std::string() : self.substr(0, slash + 1)) + "lookahead-explorer";
}
#endif

} // namespace

int main(int argc, char* argv[])
{
    if (argc >= 2 && std::string(argv[1]) == "batch") {
        std::vector<std::string> args(argv + 2, argv + argc);
        return lookahead::runBatch(args, std::cout, std::cerr);
    }
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            lookahead::printUsage(std::cout);
            return 0;
        }
        if (!std::strcmp(argv[i], "--version")) {
            std::cout << "lookahead " << lookahead::kVersion << "\n";
            return 0;
        }
    }
#ifdef LOOKAHEAD_BATCH_ONLY
    std::cerr << "lookahead: this build has no GUI; use `lookahead batch ...`\n";
    return 2;
#else
    const std::string explorer = explorerPath(argv[0]);
    std::cout.flush();
    execvp(explorer.c_str(), argv);
    std::cerr << "lookahead: cannot start the explorer " << explorer << ": " << std::strerror(errno) << "\n";
    return 2;
#endif
}
