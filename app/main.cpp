// `lookahead` opens the explorer; `lookahead batch ...` runs headless and never touches the GUI
// (no QApplication is created, so it needs no display server).

#include "BatchCommand.h"

#include <iostream>
#include <string>
#include <vector>

#ifndef LOOKAHEAD_BATCH_ONLY
#include "MainWindow.h"
#include <QApplication>
#endif

int main(int argc, char* argv[])
{
    if (argc >= 2 && std::string(argv[1]) == "batch") {
        std::vector<std::string> args(argv + 2, argv + argc);
        return lookahead::runBatch(args, std::cout, std::cerr);
    }
#ifdef LOOKAHEAD_BATCH_ONLY
    std::cerr << "lookahead: this build has no GUI; use `lookahead batch ...`\n";
    return 2;
#else
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Lookahead"));
    QApplication::setOrganizationName(QStringLiteral("Lookahead"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    lookahead::MainWindow window;
    window.show();
    if (!window.startFromArguments(QApplication::arguments()))
        return 2;
    return app.exec();
#endif
}
