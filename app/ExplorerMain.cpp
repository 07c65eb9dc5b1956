// `lookahead-explorer`: the window. The launcher (`lookahead`, main.cpp) answers batch commands,
// `--help` and `--version` itself and replaces itself with this program for everything else.

#include "MainWindow.h"
#include "Usage.h"

#include <QApplication>

#include <iostream>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Lookahead"));
    QApplication::setOrganizationName(QStringLiteral("Lookahead"));
    QApplication::setApplicationVersion(QString::fromLatin1(lookahead::kVersion));
    lookahead::MainWindow window;
    window.show();
    if (!window.startFromArguments(QApplication::arguments())) {
        lookahead::printUsage(std::cerr);
        return 2;
    }
    return app.exec();
}
