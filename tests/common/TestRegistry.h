#pragma once

// One test executable holds many Qt Test classes (relinking Qt per class would cost CI minutes
// for nothing). Each class registers itself; CTest runs the executable once per class by name.

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace lookahead::test {

using TestFactory = std::function<std::unique_ptr<QObject>()>;
std::map<std::string, TestFactory>& testRegistry();

struct TestRegistration {
    TestRegistration(const char* name, TestFactory factory) { testRegistry().emplace(name, std::move(factory)); }
};

} // namespace lookahead::test

#define LOOKAHEAD_TEST(Class)                                                                                          \
    static const lookahead::test::TestRegistration registration##Class(                                                \
        #Class, [] { return std::unique_ptr<QObject>(new Class); });
