// The Chrome Trace Event JSON reader (see TraceDocument.h): streaming passes with simdjson
// On-Demand over the text, which is kept; nothing else of the JSON is. A large trace is read in
// windows (TraceWindows) so that the parser's structural index covers a few megabytes, not the
// whole text; anything unusual is read whole (readPass), which alone words problems.

#include "ChromeEventReader.h"

#include "GzipText.h"
#include "JsonInput.h"
#include "PrefaultAhead.h"

#include "lookahead/ChromeTraceImporter.h"

namespace lookahead::formats {

namespace {

    namespace od = simdjson::ondemand;
    using simdjson::error_code;
    using simdjson::SUCCESS;

    /// Windows of this many bytes (or up to the line break before), for texts of kWindowedFrom
    /// bytes and more: the parser's index then takes about 3 MB instead of 0.7 bytes per byte
    /// of text (25 MB of a 36 MB Kineto trace, all of it fresh pages).
    constexpr std::size_t kWindowBytes = std::size_t(4) << 20;
    constexpr std::size_t kWindowedFrom = std::size_t(8) << 20;

    /// How a pass ended: the simdjson error that stopped it, else the first problem of meaning.
    struct PassOutcome {
        error_code syntax = SUCCESS;
        std::optional<Error> problem;
    };

    /// Empties what a pass fills (`leniencies`: those of the repair).
    void clearDocument(TraceDocument& doc, const std::vector<std::string>& leniencies)
    {
        doc.arrayForm = false;
        doc.pointerPrefix.clear();
        doc.events.clear();
        doc.links.clear();
        doc.lanes.clear();
        doc.processes.clear();
        doc.leniencies = leniencies;
        doc.unsupportedMetadata = 0;
        doc.otherMetadata.clear();
        doc.topLevelKeys.clear();
        doc.sideText.clear();
    }

    /// Makes `parser` hold `bytes` of text. The nesting limit is json::validate()'s (the DOM
    /// parser's); On-Demand's own is set above it.
    error_code fit(od::parser& parser, std::size_t bytes)
    {
        if (parser.capacity() >= bytes && parser.capacity() > 0)
            return SUCCESS;
        return parser.allocate(std::max<std::size_t>(bytes, 64), json::kMaxDepth + 2);
    }

    /// One pass over the whole of `doc.json`, from a clean document.
    PassOutcome readPass(TraceDocument& doc, od::parser& parser, const std::vector<std::string>& leniencies)
    {
        clearDocument(doc, leniencies);
        if (doc.json.size() > kMaxTraceBytes)
            return { SUCCESS, Error { doc.label, "", "a trace of more than 2 GiB of JSON is not supported" } };
        if (auto error = fit(parser, doc.json.size()))
            return { error, std::nullopt };
        od::document json;
        if (auto error = parser.iterate(doc.json).get(json))
            return { error, std::nullopt };
        ChromeEventReader reader(doc, json);
        if (auto error = reader.readRoot())
            return { error, std::nullopt };
        return { SUCCESS, std::move(reader.problem) };
    }

    std::size_t skipSpace(std::string_view text, std::size_t at)
    {
        while (at < text.size() && json::isSpace(text[at]))
            ++at;
        return at;
    }

    /// The text's bytes at `at` replaced by `with` until the end of the scope: the brackets that
    /// make a window a document of its own, written over bytes the window does not read.
    class Patch {
    public:
        Patch(char* at, std::string_view with)
            : m_at(at)
            , m_saved(at, with.size())
        {
            std::copy(with.begin(), with.end(), at);
        }
        ~Patch() { std::copy(m_saved.begin(), m_saved.end(), m_at); }
        Patch(const Patch&) = delete;
        Patch& operator=(const Patch&) = delete;

    private:
        char* m_at;
        std::string m_saved;
    };

    /// The windowed pass. A window ends just after a line break (no JSON string or token holds
    /// a raw one), so it starts and ends outside strings; its document is the text itself with a
    /// bracket written over the comma before its first event and over the byte after its end,
    /// then restored: no copy, and every string still points into the text. The reader
    /// validates every value it reads and On-Demand checks each closer's kind, so an event the
    /// window cuts fails to read; the next window starts at it. Declines (nullopt) whenever
    /// the whole pass must judge: invalid JSON, an event array that is not the text's bulk.
    class TraceWindows {
    public:
        /// `incoming`: the text is still being inflated (nullptr: it is all there).
        TraceWindows(TraceDocument& doc, od::parser& parser, std::size_t windowBytes, json::InflatingText* incoming)
            : m_doc(doc)
            , m_parser(parser)
            , m_text(doc.json.data(), doc.json.size())
            , m_windowBytes(std::max<std::size_t>(windowBytes, 1))
            , m_incoming(incoming)
        {
        }

        std::optional<PassOutcome> read()
        {
            if (m_text.size() > kMaxTraceBytes)
                return std::nullopt;
            const std::size_t start = skip(0);
            if (start == m_text.size() || (m_text[start] != '{' && m_text[start] != '['))
                return std::nullopt;
            if (!readFirst(m_text[start] == '['))
                return std::nullopt;
            prefaultEvents();
            if (!readEvents())
                return std::nullopt;
            if (!m_complete && !readKeysAfter(nextToken() + 1))
                return std::nullopt;
            return PassOutcome { SUCCESS, std::move(m_reader->problem) };
        }

    private:
        /// The root up to and into its events: as many bytes as it takes to read an event.
        bool readFirst(bool arrayForm)
        {
            for (std::size_t bytes = m_windowBytes;; bytes *= 2) {
                const std::size_t end = windowEnd(0, bytes);
                if (end == kStopped)
                    return false;
                if (end == m_text.size())
                    return false; // one window: the whole pass reads it
                if (end == std::string_view::npos)
                    continue; // no line break yet
                clearDocument(m_doc, {});
                {
                    // On-Demand wants a root's last character to close it.
                    const Patch close(m_doc.json.data() + end, arrayForm ? "]" : "]}");
                    if (!iterate(0, end + (arrayForm ? 1 : 2)))
                        return false;
                    m_reader = std::make_unique<ChromeEventReader>(m_doc, m_json);
                    (void)m_reader->readFirstWindow(); // ends at the event the window cuts
                }
                if (!m_reader->eventsBegun())
                    continue; // the keys before the events go on after the window
                const std::size_t next = nextToken();
                if (m_reader->eventsRead() > 0 || (next < m_text.size() && m_text[next] == ']'))
                    return true;
            }
        }

        /// Faults the event table's pages in on the other core, as far as the first window's
        /// density of events says the text will fill it (and a tenth more): its reservation
        /// (an event per 48 bytes) is five times what a Kineto trace needs.
        void prefaultEvents()
        {
            const std::size_t read = m_reader->eventsRead(), bytes = m_reader->afterLastEvent();
            if (read == 0 || bytes == 0)
                return;
            const std::size_t expected = std::min(
                m_doc.events.capacity(), json::projectedCount(read, double(m_text.size()) / double(bytes)) + 1024);
            if (expected > m_doc.events.size())
                m_prefault.emplace(reinterpret_cast<const char*>(m_doc.events.data() + m_doc.events.size()),
                    (expected - m_doc.events.size()) * sizeof(TraceEvent));
        }

        /// The other events, window by window; then afterLastEvent() is at the array's `]`, or
        /// the last window read the rest of the text (m_complete).
        bool readEvents()
        {
            for (std::size_t bytes = m_windowBytes;;) {
                const std::size_t comma = nextToken();
                if (comma < m_text.size() && m_text[comma] == ']')
                    return true;
                if (comma >= m_text.size() || m_text[comma] != ',' || m_reader->eventsRead() == 0)
                    return false;
                if (closesAfter(comma, ']'))
                    return false; // a trailing comma, which the bracket written over it would hide
                const std::size_t end = windowEnd(comma, bytes);
                if (end == kStopped)
                    return false;
                if (end == std::string_view::npos) { // a line longer than the window
                    bytes *= 2;
                    continue;
                }
                if (end == m_text.size())
                    return readLastWindow(comma);
                const std::uint32_t before = m_reader->eventsRead();
                {
                    const Patch open(m_doc.json.data() + comma, "["), close(m_doc.json.data() + end, "]");
                    if (iterate(comma, end + 1)) {
                        m_reader->nextWindow(m_json);
                        (void)m_reader->readEventWindow(); // ends at the event the window cuts
                    }
                }
                if (m_reader->eventsRead() == before) { // an event longer than the window, or invalid
                    bytes *= 2;
                    continue;
                }
                if (m_reader->afterLastEvent() <= comma)
                    return false; // events, yet no way past them (never seen: a guard against a loop)
                bytes = m_windowBytes;
            }
        }

        /// The events from the comma at `comma` to the end of the text, and what follows them (a
        /// window there would end with the array's `]`, or the root's `}`, which a window's
        /// root must end with).
        bool readLastWindow(std::size_t comma)
        {
            if (!ensure(m_text.size()))
                return false;
            if (m_doc.arrayForm) {
                const Patch open(m_doc.json.data() + comma, "[");
                const char* after = nullptr;
                m_reader->nextWindow(m_json);
                m_complete = iterate(comma, m_text.size()) && m_reader->readEventWindow() == SUCCESS
                    && m_json.current_location().get(after) != SUCCESS; // nothing after the root
                return m_complete;
            }
            constexpr std::string_view kOpen = "{\"\":["; // over the comma and the 4 bytes before it
            if (comma < kOpen.size() - 1)
                return false;
            const std::size_t from = comma + 1 - kOpen.size();
            const Patch open(m_doc.json.data() + from, kOpen);
            m_complete = iterate(from, m_text.size()) && m_reader->readRootTail(m_json, true) == SUCCESS;
            return m_complete;
        }

        /// What follows the event array's `]` (at `from`): the rest of the root object's keys.
        bool readKeysAfter(std::size_t from)
        {
            if (!ensure(m_text.size()))
                return false;
            const std::size_t next = skipSpace(m_text, from);
            if (m_doc.arrayForm)
                return next == m_text.size();
            if (next < m_text.size() && m_text[next] == '}')
                return skipSpace(m_text, next + 1) == m_text.size();
            if (next >= m_text.size() || m_text[next] != ',' || closesAfter(next, '}'))
                return false;
            const Patch open(m_doc.json.data() + next, "{");
            return iterate(next, m_text.size()) && m_reader->readRootTail(m_json, false) == SUCCESS;
        }

        /// Where the token after the last event read is (after the array's `[` when none was).
        std::size_t nextToken()
        {
            const std::size_t at = skip(m_reader->afterLastEvent());
            return m_reader->eventsRead() > 0 || at == m_text.size() ? at : skip(at + 1);
        }

        /// m_json = the text's bytes [from, to) (the rest of the text and its padding follow).
        /// The parser is sized for a whole window and the closers written after it at once:
        /// windows end at line breaks, so their lengths differ by a few bytes, and fitting each
        /// exactly reallocated the parser's index (four bytes per byte of text, fresh pages to
        /// fault in again) whenever a window came out longer than the ones before.
        bool iterate(std::size_t from, std::size_t to)
        {
            const std::size_t padded = m_text.size() + simdjson::SIMDJSON_PADDING - from;
            return ensure(std::min(m_text.size(), to + simdjson::SIMDJSON_PADDING))
                && fit(m_parser, std::max(to - from, std::min(m_text.size(), m_windowBytes + 2))) == SUCCESS
                && m_parser.iterate(m_doc.json.data() + from, to - from, padded).get(m_json) == SUCCESS;
        }

        /// Where a window from `start` ends: just after the last line break within `bytes` (no JSON
        /// string or token holds a raw one), the text's end if nearer, npos if the text has no line
        /// break there, kStopped if the inflate stopped before.
        std::size_t windowEnd(std::size_t start, std::size_t bytes)
        {
            // The bytes the window's closers are written over, and simdjson's padding, too.
            if (!ensure(std::min(m_text.size(), start + bytes + 2 + simdjson::SIMDJSON_PADDING)))
                return kStopped;
            if (m_text.size() - start <= bytes)
                return m_text.size();
            const std::size_t newline = m_text.substr(start, bytes).rfind('\n');
            return newline == std::string_view::npos ? newline : start + newline + 1;
        }

        /// Whether the first `bytes` of the text are there (an inflate may still be writing it).
        bool ensure(std::size_t bytes) { return m_incoming == nullptr || m_incoming->waitFor(bytes); }

        /// The first non-space at or after `at` (the text's end when there is none, or when the
        /// inflate stopped).
        std::size_t skip(std::size_t at)
        {
            for (;;) {
                const std::size_t until = std::min(m_text.size(), at + 4096);
                if (!ensure(until))
                    return m_text.size();
                while (at < until && json::isSpace(m_text[at]))
                    ++at;
                if (at < until || until == m_text.size())
                    return at;
            }
        }

        /// Whether the first non-space after the comma at `comma` is `closer`.
        bool closesAfter(std::size_t comma, char closer)
        {
            const std::size_t next = skip(comma + 1);
            return next < m_text.size() && m_text[next] == closer;
        }

        static constexpr std::size_t kStopped = std::string_view::npos - 1;

        TraceDocument& m_doc;
        od::parser& m_parser;
        std::string_view m_text;
        std::size_t m_windowBytes;
        od::document m_json;
        json::InflatingText* m_incoming;
        std::unique_ptr<ChromeEventReader> m_reader;
        bool m_complete = false;                       ///< The last window read the text to its end.
        std::optional<json::PrefaultAhead> m_prefault; ///< The event table's, while the windows fill it.
    };

} // namespace

std::optional<Result<std::unique_ptr<TraceDocument>>> readChromeTraceWindows(
    simdjson::padded_string bytes, const std::string& label, std::size_t windowBytes)
{
    auto doc = std::make_unique<TraceDocument>();
    doc->label = label;
    doc->json = std::move(bytes);
    od::parser parser;
    std::optional<PassOutcome> pass = TraceWindows(*doc, parser, windowBytes, nullptr).read();
    if (!pass)
        return std::nullopt;
    if (pass->problem)
        return Result<std::unique_ptr<TraceDocument>>(*pass->problem);
    return Result<std::unique_ptr<TraceDocument>>(std::move(doc));
}

namespace {

    /// Whether the windowed pass may read a text of `bytes` bytes.
    bool windowedSize(std::size_t bytes) { return bytes >= kWindowedFrom && bytes <= kMaxTraceBytes; }

    /// The rest of readChromeTrace() once the windowed pass read the text or declined (nullopt):
    /// the whole pass, and the repairs when the strict read fails.
    Result<std::unique_ptr<TraceDocument>> finishRead(
        std::unique_ptr<TraceDocument> doc, od::parser& parser, std::optional<PassOutcome> windowed)
    {
        const std::string& label = doc->label;
        const std::string_view text(doc->json.data(), doc->json.size());
        const bool byteOrderMark = text.substr(0, 3) == "\xEF\xBB\xBF"; // strict JSON has none
        PassOutcome pass = byteOrderMark ? PassOutcome { simdjson::UTF8_ERROR, std::nullopt }
            : windowed                   ? std::move(*windowed)
                                         : readPass(*doc, parser, {});
        if (pass.syntax != SUCCESS) {
            // Real traces are messy: repair only when the strict read fails (the repair copies).
            const LenientJsonRepair repair = repairLenientJson(text);
            std::vector<std::string> leniencies;
            if (repair.skippedByteOrderMark)
                leniencies.emplace_back("a UTF-8 byte order mark was skipped");
            if (repair.trailingCommasRemoved)
                leniencies.push_back(
                    std::to_string(repair.trailingCommasRemoved) + " trailing comma(s) before ] or } were removed");
            if (repair.closedTruncatedArray)
                leniencies.emplace_back("the event array was not closed (a cut recording); a ] was added");
            doc->json = simdjson::padded_string(repair.text);
            pass = readPass(*doc, parser, leniencies);
            if (pass.syntax != SUCCESS) {
                // The JSON layer words the problem, or gives the text as nlohmann reads it.
                Result<std::string> canonical = json::explainRefusal(doc->json, label);
                if (!canonical.ok())
                    return canonical.error();
                doc->json = simdjson::padded_string(canonical.value());
                pass = readPass(*doc, parser, leniencies);
                if (pass.syntax != SUCCESS)
                    return Error { label, "", std::string("invalid JSON: ") + simdjson::error_message(pass.syntax) };
            }
        }
        if (pass.problem)
            return *pass.problem;
        return doc;
    }

} // namespace

Result<std::unique_ptr<TraceDocument>> readChromeTrace(simdjson::padded_string bytes, const std::string& label)
{
    auto doc = std::make_unique<TraceDocument>();
    doc->label = label;
    doc->json = std::move(bytes);
    // The parser lives for the read only: its structural index (4 bytes per token) is the largest
    // thing a pass needs besides the text.
    auto parser = std::make_unique<od::parser>();
    std::optional<PassOutcome> windowed;
    if (windowedSize(doc->json.size()))
        windowed = TraceWindows(*doc, *parser, kWindowBytes, nullptr).read();
    return finishRead(std::move(doc), *parser, std::move(windowed));
}

std::optional<InflatingRead> readInflatingTrace(
    json::InflatingText& incoming, const std::string& label, const std::function<bool(std::string_view)>& isRecording)
{
    auto doc = std::make_unique<TraceDocument>();
    doc->label = label;
    doc->json = std::move(incoming.buffer()); // the bytes stay where the inflate writes them
    auto parser = std::make_unique<od::parser>();
    std::optional<PassOutcome> windowed;
    if (windowedSize(incoming.size()))
        windowed = TraceWindows(*doc, *parser, kWindowBytes, &incoming).read();
    if (!incoming.finish())
        return std::nullopt;
    if (!isRecording(std::string_view(doc->json.data(), doc->json.size())))
        return InflatingRead(std::move(doc->json));
    return InflatingRead(finishRead(std::move(doc), *parser, std::move(windowed)));
}

} // namespace lookahead::formats
