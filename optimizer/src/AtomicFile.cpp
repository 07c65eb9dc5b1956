#include "lookahead/AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lookahead {

namespace {

    /// Writes to the temporary file; keeps the first error, after which it writes nothing more.
    class DescriptorSink final : public TextSink {
    public:
        explicit DescriptorSink(int fd)
            : m_fd(fd)
        {
        }
        void append(std::string_view text) override
        {
            const char* data = text.data();
            std::size_t left = text.size();
            while (left > 0 && m_error == 0) {
                const ssize_t written = ::write(m_fd, data, left);
                if (written < 0) {
                    if (errno != EINTR)
                        m_error = errno;
                    continue;
                }
                data += written;
                left -= static_cast<std::size_t>(written);
                m_written += static_cast<std::size_t>(written);
            }
            startWriteback();
        }
        int error() const { return m_error; }

    private:
        /// The final fsync() waits for every byte to reach the disk: a 31 MB graph's took 35 ms
        /// after the last write. Writeback started every few megabytes as the text is produced
        /// leaves it little to wait for (a hint: an error here is fsync()'s to report).
        void startWriteback()
        {
#ifdef SYNC_FILE_RANGE_WRITE
            constexpr std::size_t kStep = std::size_t(4) << 20;
            if (m_error != 0 || m_written - m_started < kStep)
                return;
            (void)::sync_file_range(
                m_fd, static_cast<off_t>(m_started), static_cast<off_t>(m_written - m_started), SYNC_FILE_RANGE_WRITE);
            m_started = m_written;
#endif
        }

        int m_fd;
        int m_error = 0;
        std::size_t m_written = 0; ///< Bytes written.
        std::size_t m_started = 0; ///< Bytes whose writeback was started.
    };

} // namespace

Status writeFileAtomically(const std::string& path, std::string_view content)
{
    return writeFileAtomically(path, [content](TextSink& sink) { sink.append(content); });
}

Status writeFileAtomically(const std::string& path, const std::function<void(TextSink&)>& produce)
{
    Result<PendingFile> pending = PendingFile::write(path, produce);
    if (!pending.ok())
        return pending.error();
    return pending.value().commit();
}

PendingFile::PendingFile(std::string path, std::string temporary)
    : m_path(std::move(path))
    , m_temporary(std::move(temporary))
{
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : m_path(std::move(other.m_path))
    , m_temporary(std::exchange(other.m_temporary, {}))
{
}

PendingFile::~PendingFile()
{
    if (!m_temporary.empty())
        ::unlink(m_temporary.c_str());
}

Result<PendingFile> PendingFile::write(const std::string& path, const std::function<void(TextSink&)>& produce)
{
    // The temporary file lives beside the target so that rename() stays within one file system.
    std::string temporary = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return Error { path, "", std::string("cannot create a temporary file beside it: ") + std::strerror(errno) };
    PendingFile pending(path, temporary); // removes it on every way out below but success
    DescriptorSink sink(fd);
    try {
        produce(sink);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (sink.error() != 0) {
        ::close(fd);
        return Error { path, "", std::string("cannot write: ") + std::strerror(sink.error()) };
    }
    ::fchmod(fd, 0644);
    // Both always: a failed fsync must not leak the descriptor.
    const int synced = ::fsync(fd) == 0 ? 0 : errno;
    const int closed = ::close(fd) == 0 ? 0 : errno;
    if (synced != 0 || closed != 0)
        return Error { path, "", std::string("cannot write: ") + std::strerror(synced != 0 ? synced : closed) };
    return pending;
}

Status PendingFile::commit()
{
    if (std::rename(m_temporary.c_str(), m_path.c_str()) != 0)
        return Error { m_path, "", std::string("cannot replace the file: ") + std::strerror(errno) };
    m_temporary.clear();
    return Status::success();
}

Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error { path, "", std::string("cannot open: ") + std::strerror(errno) };
    std::string content;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size > 0) {
        content.resize(static_cast<std::size_t>(size));
        in.seekg(0, std::ios::beg);
        in.read(content.data(), size);
    } else {
        // Not seekable (a pipe): read as a stream.
        in.clear();
        std::ostringstream buffer;
        buffer << in.rdbuf();
        content = buffer.str();
    }
    if (in.bad())
        return Error { path, "", "cannot read" };
    return content;
}

} // namespace lookahead
