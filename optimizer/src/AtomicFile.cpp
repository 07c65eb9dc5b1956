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

Status writeFileAtomically(const std::string& path, std::string_view content)
{
    // The temporary file lives beside the target so that rename() stays within one file system.
    std::string temporary = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return Error { path, "", std::string("cannot create a temporary file beside it: ") + std::strerror(errno) };
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            const std::string reason = std::strerror(errno);
            ::close(fd);
            ::unlink(temporary.c_str());
            return Error { path, "", "cannot write: " + reason };
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        return Error { path, "", "cannot write: " + reason };
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
