#include "formats/GzipText.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <system_error>

namespace lookahead::json {

namespace {

    /// The last member's trailer holds its size modulo 2^32: a good first guess for one member.
    /// Trusted only up to a ratio JSON reaches (a truncated file ends in arbitrary bytes).
    std::size_t plausibleSize(std::string_view gzip)
    {
        std::uint32_t size = 0;
        if (gzip.size() >= 18)
            std::memcpy(&size, gzip.data() + gzip.size() - 4, 4);
        return std::min<std::size_t>(size, gzip.size() * 64);
    }

    /// zlib's allocator over a ZlibMemory: the inflate thread then never calls malloc, which
    /// would give it an allocator arena of its own (megabytes of huge pages).
    voidpf allocateFrom(voidpf opaque, uInt items, uInt size)
    {
        auto* memory = static_cast<ZlibMemory*>(opaque);
        const std::size_t bytes = (std::size_t(items) * size + 15) / 16 * 16;
        if (memory->size - memory->used < bytes)
            return Z_NULL; // Z_MEM_ERROR: the inflate stops, and the caller inflates whole
        void* at = memory->bytes.get() + memory->used;
        memory->used += bytes;
        return at;
    }
    void releaseTo(voidpf, voidpf) { }

    /// zlib's stream for gzip members (16 + MAX_WBITS: a zlib or raw stream behind the gzip magic
    /// is an error), ended when it goes; its memory from `memory` when one is given.
    class GzipStream {
    public:
        explicit GzipStream(ZlibMemory* memory = nullptr)
        {
            if (memory) {
                m_stream.zalloc = allocateFrom;
                m_stream.zfree = releaseTo;
                m_stream.opaque = memory;
            }
            m_ready = inflateInit2(&m_stream, 16 + MAX_WBITS) == Z_OK;
        }
        ~GzipStream()
        {
            if (m_ready)
                inflateEnd(&m_stream);
        }
        GzipStream(const GzipStream&) = delete;
        GzipStream& operator=(const GzipStream&) = delete;
        bool ready() const { return m_ready; }
        z_stream* operator->() { return &m_stream; }
        z_stream* get() { return &m_stream; }

    private:
        z_stream m_stream {};
        bool m_ready = false;
    };

    /// One inflate() call from `in` (from `consumed`) into `out` (from `produced`), advancing both.
    int inflateStep(GzipStream& stream, std::string_view in, std::size_t& consumed, char* out, std::size_t outSize,
        std::size_t& produced)
    {
        stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + consumed));
        const std::size_t inChunk = std::min<std::size_t>(in.size() - consumed, UINT32_MAX);
        stream->avail_in = static_cast<uInt>(inChunk);
        stream->next_out = reinterpret_cast<Bytef*>(out + produced);
        const std::size_t outChunk = std::min<std::size_t>(outSize - produced, UINT32_MAX);
        stream->avail_out = static_cast<uInt>(outChunk);
        const int status = inflate(stream.get(), Z_NO_FLUSH);
        consumed += inChunk - stream->avail_in;
        produced += outChunk - stream->avail_out;
        return status;
    }

} // namespace

Status inflateGzip(std::string_view bytes, const std::string& fileLabel, simdjson::padded_string& out)
{
    auto fail = [&](const std::string& reason) { return Error { fileLabel, "", "invalid gzip data: " + reason }; };
    GzipStream stream;
    if (!stream.ready())
        return fail("cannot initialise zlib");
    // Beyond a plausible trailer the buffer doubles as needed.
    simdjson::padded_string buffer(std::max<std::size_t>({ plausibleSize(bytes), bytes.size() * 2, 4096 }));
    std::optional<PrefaultAhead> prefault(std::in_place, buffer.data(), buffer.size());
    std::size_t produced = 0, consumed = 0;
    for (;;) {
        if (produced == buffer.size()) {
            prefault.reset(); // done with this buffer, which is about to go
            simdjson::padded_string larger(buffer.size() * 2);
            if (larger.data() == nullptr)
                return fail("out of memory");
            std::memcpy(larger.data(), buffer.data(), produced);
            buffer.swap(larger);
        }
        if (buffer.data() == nullptr)
            return fail("out of memory");
        const int status = inflateStep(stream, bytes, consumed, buffer.data(), buffer.size(), produced);
        if (status == Z_STREAM_END) {
            if (consumed == bytes.size())
                break;
            if (!isGzip(bytes.substr(consumed)))
                return fail("trailing data after the last gzip member");
            inflateReset(stream.get()); // the next member of a multi-member file
        } else if (status == Z_BUF_ERROR && stream->avail_out != 0) {
            return fail("unexpected end of data");
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            return fail(stream->msg ? stream->msg : "zlib error " + std::to_string(status));
        }
    }
    if (produced == buffer.size())
        out = std::move(buffer); // the trailer was right: no copy
    else
        out = simdjson::padded_string(buffer.data(), produced);
    return Status::success();
}

std::unique_ptr<InflatingText> InflatingText::start(std::string_view gzip)
{
    const std::size_t size = plausibleSize(gzip);
    if (!isGzip(gzip) || size < 64 || size < gzip.size())
        return nullptr;
    std::unique_ptr<InflatingText> text(new InflatingText(gzip, size));
    if (text->m_text == nullptr)
        return nullptr;
    try {
        text->m_thread = std::jthread([raw = text.get()] { raw->run(); });
    } catch (const std::system_error&) {
        return nullptr; // no thread to spare: the caller inflates it whole
    }
    return text;
}

InflatingText::InflatingText(std::string_view gzip, std::size_t size)
    : m_gzip(gzip)
    , m_size(size)
    , m_buffer(size)
    , m_text(m_buffer.data())
{
    // zlib's inflate state (about 7 KB) and its 32 KB window, with room to spare.
    m_zlibMemory.size = std::size_t(64) << 10;
    m_zlibMemory.bytes = std::make_unique<char[]>(m_zlibMemory.size);
}

InflatingText::~InflatingText() { (void)finish(); }

void InflatingText::run()
{
    // Progress is published a megabyte at a time (a reader waits for a window of four).
    constexpr std::size_t kStep = std::size_t(1) << 20;
    GzipStream stream(&m_zlibMemory);
    std::size_t produced = 0, consumed = 0;
    bool complete = false;
    while (stream.ready()) {
        const std::size_t limit = std::min(m_size, produced + kStep);
        const int status = inflateStep(stream, m_gzip, consumed, m_text, limit, produced);
        if (status == Z_STREAM_END) {
            complete = consumed == m_gzip.size() && produced == m_size; // one member, as the trailer says
            break;
        }
        // Z_BUF_ERROR: no progress, with the buffer full (longer than its trailer says) or the
        // input spent (cut); anything else but Z_OK: damaged.
        if (status != Z_OK)
            break;
        m_ready.store(produced, std::memory_order_release);
        m_ready.notify_all();
    }
    m_complete = complete;
    m_ready.store(produced | kEnded, std::memory_order_release);
    m_ready.notify_all();
}

bool InflatingText::waitFor(std::size_t bytes)
{
    bytes = std::min(bytes, m_size);
    for (;;) {
        const std::uint64_t ready = m_ready.load(std::memory_order_acquire);
        if ((ready & ~kEnded) >= bytes)
            return true;
        if ((ready & kEnded) != 0)
            return false;
        m_ready.wait(ready, std::memory_order_acquire);
    }
}

bool InflatingText::finish()
{
    if (m_thread.joinable())
        m_thread.join();
    return m_complete;
}

} // namespace lookahead::json
