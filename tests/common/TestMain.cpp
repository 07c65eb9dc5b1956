// `TESTS [CLASS [QTEST ARGS...]]`: runs one registered class (as CTest does) or all of them.

#include "TestRegistry.h"

#include <QCoreApplication>
#include <QTest>

#include <cstdio>
#include <cstdlib>
#include <vector>

#ifdef LOOKAHEAD_GUI_TESTS
#include <QApplication>
using TestApplication = QApplication;
#else
using TestApplication = QCoreApplication;
#endif

namespace lookahead::test {
std::map<std::string, TestFactory>& testRegistry()
{
    static std::map<std::string, TestFactory> registry;
    return registry;
}
} // namespace lookahead::test

int main(int argc, char* argv[])
{
    // GUI tests run without a display unless the caller chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TestApplication app(argc, argv);
    auto& registry = lookahead::test::testRegistry();
    if (argc >= 2 && argv[1][0] != '-') {
        auto it = registry.find(argv[1]);
        if (it == registry.end()) {
            std::fprintf(stderr, "unknown test class %s\n", argv[1]);
            return 2;
        }
        std::vector<char*> rest { argv[0] };
        rest.insert(rest.end(), argv + 2, argv + argc);
        auto object = it->second();
        return QTest::qExec(object.get(), static_cast<int>(rest.size()), rest.data());
    }
    int failures = 0;
    for (auto& [name, factory] : registry) {
        auto object = factory();
        failures += QTest::qExec(object.get(), argc, argv);
    }
    return failures == 0 ? 0 : 1;
}
