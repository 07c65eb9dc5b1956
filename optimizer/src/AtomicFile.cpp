#include "lookahead/AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

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
            }
        }
        int error() const { return m_error; }

    private:
        int m_fd;
        int m_error = 0;
    };

} // namespace

Status writeFileAtomically(const std::string& path, std::string_view content)
{
    return writeFileAtomically(path, [content](TextSink& sink) { sink.append(content); });
}

Status writeFileAtomically(const std::string& path, const std::function<void(TextSink&)>& produce)
{
    // The temporary file lives beside the target so that rename() stays within one file system.
    std::string temporary = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return Error { path, "", std::string("cannot create a temporary file beside it: ") + std::strerror(errno) };
    DescriptorSink sink(fd);
    try {
        produce(sink);
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    if (sink.error() != 0) {
        ::close(fd);
        ::unlink(temporary.c_str());
        return Error { path, "", std::string("cannot write: ") + std::strerror(sink.error()) };
    }
    ::fchmod(fd, 0644);
    // Both always: a failed fsync must not leak the descriptor.
    const int synced = ::fsync(fd) == 0 ? 0 : errno;
    const int closed = ::close(fd) == 0 ? 0 : errno;
    if (synced != 0 || closed != 0) {
        ::unlink(temporary.c_str());
        return Error { path, "", std::string("cannot write: ") + std::strerror(synced != 0 ? synced : closed) };
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        return Error { path, "", "cannot replace the file: " + reason };
    }
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
