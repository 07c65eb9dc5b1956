#pragma once
// Gzip input: inflating a file's bytes into the padded text simdjson reads, whole (inflateGzip) or
// on another thread while a reader takes the text as it arrives (InflatingText).

#include "PrefaultAhead.h"

#include "lookahead/Result.h"

#include <simdjson.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <thread>

namespace lookahead::json {

/// The gzip magic (1f 8b) at the start of `bytes`.
inline bool isGzip(std::string_view bytes) { return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b'; }

/// Inflates every gzip member of `bytes` into `out`, a padded buffer sized from the gzip trailer
/// so that the text is written once and never copied (a 300 MB trace must not cost 900 MB).
/// Error{fileLabel, "", "invalid gzip data: REASON"}.
Status inflateGzip(std::string_view bytes, const std::string& fileLabel, simdjson::padded_string& out);

/// Memory handed to zlib in advance (InflatingText): a block and how much of it is used.
struct ZlibMemory {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0, used = 0;
};

/// A gzip file's text inflated on another thread, into a buffer sized from the gzip trailer, so
/// that a reader can take it window by window as it arrives (the trace reader: the inflate, a
/// tenth of a Kineto import, then runs beside the reading). Only for the common case: one member
/// whose trailer gives the text's size. Anything else (a cut or damaged file, several members)
/// ends in finish() == false, and the caller inflates the bytes with inflateGzip(), which words
/// the problem.
class InflatingText {
public:
    /// Starts inflating `gzip`, which must outlive the object; nullptr when its trailer's size is
    /// not one a single member of JSON can have.
    static std::unique_ptr<InflatingText> start(std::string_view gzip);
    ~InflatingText();
    InflatingText(const InflatingText&) = delete;
    InflatingText& operator=(const InflatingText&) = delete;

    /// The text's size (the trailer's) and its buffer, filled front to back. The buffer may be
    /// moved out (its bytes stay where they are); read only what waitFor() says is there.
    std::size_t size() const { return m_size; }
    simdjson::padded_string& buffer() { return m_buffer; }
    /// Waits until the first `bytes` bytes (at most size()) are inflated; false when the inflate
    /// stopped before them.
    bool waitFor(std::size_t bytes);
    /// Waits for the end: true when the inflate filled the buffer exactly, with valid data.
    bool finish();

private:
    InflatingText(std::string_view gzip, std::size_t size);
    void run();

    static constexpr std::uint64_t kEnded = std::uint64_t(1) << 63; ///< In m_ready: no more comes.
    std::string_view m_gzip;
    std::size_t m_size;
    simdjson::padded_string m_buffer;
    char* m_text;                             ///< m_buffer's bytes, wherever m_buffer goes.
    std::atomic<std::uint64_t> m_ready { 0 }; ///< Bytes inflated, kEnded once the thread is done.
    bool m_complete = false;                  ///< Set by the thread before kEnded: the buffer is full.
    ZlibMemory m_zlibMemory;                  ///< zlib's memory, allocated here so that the thread allocates none.
    std::jthread m_thread;
};

} // namespace lookahead::json
