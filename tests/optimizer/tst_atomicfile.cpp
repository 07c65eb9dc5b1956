// Outputs are written whole or not at all (definition of done 4): the file appears only when every
// byte reached it, streamed or not; a failed write or a producer that throws leaves the old file as
// it was and no temporary file beside it.

#include "TestRegistry.h"

#include "lookahead/AtomicFile.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <sys/resource.h>

#include <QTemporaryDir>
#include <QTest>

using namespace lookahead;

namespace {
std::string contentOf(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t filesIn(const QTemporaryDir& dir)
{
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path().toStdString()))
        ++count;
    return count;
}

/// Caps the size of files this process writes, so that write() fails with EFBIG (SIGXFSZ ignored).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        m_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_handler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_saved {};
    void (*m_handler)(int) = nullptr;
};
} // namespace

class AtomicFileTest : public QObject {
    Q_OBJECT
private slots:
    void streamedPiecesMakeTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("out.json")).toStdString();
        const Status written = writeFileAtomically(path, [](TextSink& sink) {
            sink.append("{\"a\": ");
            sink.append(std::string(100000, '1'));
            sink.append("}\n");
        });
        QVERIFY(written.ok());
        QCOMPARE(contentOf(path), "{\"a\": " + std::string(100000, '1') + "}\n");
        QCOMPARE(filesIn(dir), std::size_t(1));
    }

    void throwingProducerLeavesTheOldFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("out.json")).toStdString();
        QVERIFY(writeFileAtomically(path, std::string_view("old\n")).ok());
        bool threw = false;
        try {
            (void)writeFileAtomically(path, [](TextSink& sink) {
                sink.append("half of the new text");
                throw std::runtime_error("producer failed");
            });
        } catch (const std::runtime_error&) {
            threw = true;
        }
        QVERIFY(threw);
        QCOMPARE(contentOf(path), std::string("old\n"));
        QCOMPARE(filesIn(dir), std::size_t(1)); // no temporary file left beside it
    }

    void failedWriteLeavesTheOldFile_data()
    {
        QTest::addColumn<bool>("streamed");
        QTest::newRow("streamed") << true;
        QTest::newRow("whole") << false;
    }

    void failedWriteLeavesTheOldFile()
    {
        QFETCH(bool, streamed);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("out.json")).toStdString();
        QVERIFY(writeFileAtomically(path, std::string_view("old\n")).ok());
        const std::string big(1 << 20, 'x');
        Status written = Status::success();
        {
            const FileSizeLimit limit(64 * 1024);
            written = streamed ? writeFileAtomically(path,
                          [&](TextSink& sink) {
                              for (int piece = 0; piece < 4; ++piece)
                                  sink.append(std::string_view(big).substr(0, big.size() / 4));
                          })
                               : writeFileAtomically(path, std::string_view(big));
        }
        QVERIFY(!written.ok());
        const std::string message = written.error().toString();
        QVERIFY2(message.find(path) != std::string::npos && message.find("cannot write") != std::string::npos,
            message.c_str());
        QCOMPARE(contentOf(path), std::string("old\n"));
        QCOMPARE(filesIn(dir), std::size_t(1));
    }

    void missingDirectoryIsNamed()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("no/such/dir/out.json")).toStdString();
        const Status written = writeFileAtomically(path, [](TextSink& sink) { sink.append("text"); });
        QVERIFY(!written.ok());
        QVERIFY(written.error().toString().find("cannot create a temporary file beside it") != std::string::npos);
    }

    void pendingFileAppearsOnlyWhenCommitted()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("out.json")).toStdString();
        QVERIFY(writeFileAtomically(path, std::string_view("old\n")).ok());
        {
            Result<PendingFile> pending = PendingFile::write(path, [](TextSink& sink) { sink.append("dropped\n"); });
            QVERIFY(pending.ok());
            QCOMPARE(contentOf(path), std::string("old\n")); // written beside it, not over it
            QCOMPARE(filesIn(dir), std::size_t(2));
        }
        QCOMPARE(contentOf(path), std::string("old\n")); // never committed: removed
        QCOMPARE(filesIn(dir), std::size_t(1));
        Result<PendingFile> pending = PendingFile::write(path, [](TextSink& sink) { sink.append("new\n"); });
        QVERIFY(pending.ok());
        QVERIFY(pending.value().commit().ok());
        QCOMPARE(contentOf(path), std::string("new\n"));
        QCOMPARE(filesIn(dir), std::size_t(1));
    }
};

LOOKAHEAD_TEST(AtomicFileTest)
#include "tst_atomicfile.moc"
