// The programs run on jemalloc with huge pages (app/MallocConf.cpp). If the `malloc_conf` symbol
// stopped reaching jemalloc (renamed, not linked, a prefixed jemalloc build), nothing would fail but
// every large load would be twice as slow on a VM; this test is what notices.

#include "TestRegistry.h"

#include <QTest>

#include <cstddef>
#include <cstdlib>
#include <string>

#ifdef LOOKAHEAD_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

class AllocatorTest : public QObject {
    Q_OBJECT

private slots:
    void jemallocAsksForHugePages()
    {
#ifndef LOOKAHEAD_JEMALLOC
        QSKIP("built without jemalloc (LOOKAHEAD_JEMALLOC=OFF or a sanitizer build)");
#else
        if (std::getenv("MALLOC_CONF") != nullptr)
            QSKIP("MALLOC_CONF in the environment overrides the built-in configuration");
        const char* thp = nullptr;
        std::size_t size = sizeof(thp);
        QCOMPARE(mallctl("opt.thp", static_cast<void*>(&thp), &size, nullptr, 0), 0);
        QCOMPARE(std::string(thp), std::string("always"));
        QCOMPARE(mallctl("opt.metadata_thp", static_cast<void*>(&thp), &size, nullptr, 0), 0);
        QCOMPARE(std::string(thp), std::string("auto"));
#endif
    }
};

LOOKAHEAD_TEST(AllocatorTest)
#include "tst_allocator.moc"
