// `lookahead` opens the explorer; `lookahead batch ...` runs headless and never touches the GUI
// (no QApplication is created, so it needs no display server). `--help` and `--version` are
// answered before the QApplication too: they must work over ssh and in CI without a display.

#include "BatchCommand.h"

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#ifndef LOOKAHEAD_BATCH_ONLY
#include "MainWindow.h"
#include <QApplication>
#endif

namespace {

constexpr const char* kVersion = "0.1.0";

void printUsage(std::ostream& out)
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

} // namespace

int main(int argc, char* argv[])
{
    if (argc >= 2 && std::string(argv[1]) == "batch") {
        std::vector<std::string> args(argv + 2, argv + argc);
        return lookahead::runBatch(args, std::cout, std::cerr);
    }
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            printUsage(std::cout);
            return 0;
        }
        if (!std::strcmp(argv[i], "--version")) {
            std::cout << "lookahead " << kVersion << "\n";
            return 0;
        }
    }
#ifdef LOOKAHEAD_BATCH_ONLY
    std::cerr << "lookahead: this build has no GUI; use `lookahead batch ...`\n";
    return 2;
#else
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Lookahead"));
    QApplication::setOrganizationName(QStringLiteral("Lookahead"));
    QApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    lookahead::MainWindow window;
    window.show();
    if (!window.startFromArguments(QApplication::arguments())) {
        printUsage(std::cerr);
        return 2;
    }
    return app.exec();
#endif
}
