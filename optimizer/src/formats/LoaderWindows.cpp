// The loader's windowed way (LoaderPaths.h, readWindowed()): a text of a few MB and more walked a
// window at a time, each task's text handed to TaskBatches, the root's other keys kept as text for
// readWalked(). The text is in memory, or a file read in pieces as the walk goes (WalkText.h).

#include "formats/JsonInput.h"
#include "formats/LoaderParts.h"
#include "formats/LoaderPaths.h"
#include "formats/TaskBatches.h"
#include "formats/WalkText.h"

#include <sys/stat.h>

#include <cstdio>

namespace lookahead::graphformat {

namespace od = simdjson::ondemand;

namespace {
    /// readWindowed()'s walk: On-Demand over one window of the text at a time.
    class TaskWindows {
    public:
        TaskWindows(WalkText& text, std::size_t windowBytes, TaskBatches& batches)
            : m_text(text)
            , m_windowBytes(std::max<std::size_t>(windowBytes, 1))
            , m_batches(batches)
        {
        }

        /// The root's keys before `tasks` (into `rest`) and the tasks of the first window (as
        /// large as it takes to hold them and a task). False when the tasks array ends in it.
        bool readFirst(std::string& rest)
        {
            for (std::size_t bytes = m_windowBytes;; bytes *= 2) {
                const std::size_t end = windowEnd(0, bytes);
                if (end == m_text.size())
                    return false; // the file is one window: readStreamed() reads it
                if (end == std::string_view::npos)
                    continue; // no line break yet
                std::string keys = rest;
                const Window read = readFirstWindow(end, keys);
                if (!read.ok || read.closed)
                    return false;
                if (read.tasks > 0) {
                    rest = std::move(keys);
                    m_at = read.end;
                    return true;
                }
            }
        }

        /// The rest of the tasks array, window by window; then m_at is just after its `]`.
        bool readOthers()
        {
            int declinedRuns = 0; // runs are no longer tried after two declined in a row
            for (std::size_t bytes = m_windowBytes;;) {
                m_text.release(m_at);
                const std::size_t comma = m_text.skipSpace(m_at);
                if (comma < m_text.size() && m_text[comma] == ']') {
                    m_at = comma + 1;
                    return true;
                }
                if (comma >= m_text.size() || m_text[comma] != ',')
                    return false;
                if (declinedRuns < 2) {
                    const TaskBatches::Run run = readRun(comma);
                    if (run == TaskBatches::Run::Stopped)
                        return false;
                    declinedRuns = run == TaskBatches::Run::Taken ? 0 : declinedRuns + 1;
                    if (run == TaskBatches::Run::Taken)
                        continue;
                }
                const std::size_t end = windowEnd(comma, bytes);
                if (end == std::string_view::npos) { // a line longer than the window
                    bytes *= 2;
                    continue;
                }
                // The window as an array of its own: `[` where the comma before its first task
                // was, `]` after its last line (which closes no task object).
                fill(comma + 1, end, "[", "]");
                od::document document;
                od::array array;
                Window read;
                if (!m_parser.iterate(m_window.data(), m_window.size(), m_window.capacity()).get(document)
                    && !document.get_array().get(array))
                    read = readTasks(array, m_window.data(), comma, end); // m_window[i] is text[comma + i]
                if (!read.ok || (read.closed && read.tasks == 0))         // `, ]` is not JSON
                    return false;
                if (read.tasks == 0) { // a task longer than the window, or invalid JSON
                    if (end == m_text.size())
                        return false;
                    bytes *= 2;
                    continue;
                }
                m_at = read.end;
                bytes = m_windowBytes;
            }
        }

        /// The tasks after the comma at `comma` up to the last one a batch's length of lines
        /// holds, parsed as one batch with no walk: taken when those lines end with a comma and
        /// are an array of whole tasks with it cut off. A run that cuts a task or holds the
        /// array's end is no array (a raw line break is never inside a token, so the cut falls
        /// between tokens, and an open bracket or a `]` of the text's own spoils the array);
        /// the walk then reads those lines.
        TaskBatches::Run readRun(std::size_t comma)
        {
            const std::size_t end = windowEnd(comma + 1, m_batches.batchBytes());
            if (end == std::string_view::npos || end == m_text.size())
                return TaskBatches::Run::Declined;
            std::size_t last = end;
            while (last > comma + 1 && json::isSpace(m_text[last - 1]))
                --last;
            if (last == comma + 1 || m_text[last - 1] != ',')
                return TaskBatches::Run::Declined;
            const TaskBatches::Run run = m_batches.addRun(m_text.view(comma + 1, last - 1));
            if (run == TaskBatches::Run::Taken)
                m_at = last - 1; // the comma after the run's last task
            return run;
        }

        /// The root's keys after `tasks` (into `rest`), and nothing after the root.
        bool readLast(std::string& rest)
        {
            const std::size_t next = m_text.skipSpace(m_at);
            if (next < m_text.size() && m_text[next] == '}')
                return m_text.skipSpace(next + 1) == m_text.size();
            if (next >= m_text.size() || m_text[next] != ',')
                return false;
            fill(next + 1, m_text.size(), "{", "");
            od::document document;
            od::object root;
            if (m_parser.iterate(m_window.data(), m_window.size(), m_window.capacity()).get(document)
                || document.get_object().get(root))
                return false;
            for (auto item : root) {
                od::field field;
                bool isTasks = false;
                if (std::move(item).get(field) || !keepRootField(field, rest, isTasks) || isTasks)
                    return false;
            }
            const char* after = nullptr;
            return document.current_location().get(after) != simdjson::SUCCESS; // nothing after the root
        }

    private:
        struct Window;

        /// One try of readFirst(): the window [0, end) closed with `]}` (which closes no task
        /// object, so a task the window cuts is never taken for a whole one).
        Window readFirstWindow(std::size_t end, std::string& rest)
        {
            fill(0, end, "", "]}");
            od::document document;
            od::object root;
            if (m_parser.iterate(m_window.data(), m_window.size(), m_window.capacity()).get(document)
                || document.get_object().get(root))
                return {};
            for (auto item : root) {
                od::field field;
                bool isTasks = false;
                if (std::move(item).get(field) || !keepRootField(field, rest, isTasks))
                    return {};
                od::array array;
                if (isTasks)
                    return field.value().get_array().get(array) ? Window {} : readTasks(array, m_window.data(), 0, end);
            }
            return {};
        }

        struct Window {
            std::size_t end = 0;   ///< Offset in the text just after the last complete task.
            std::size_t tasks = 0; ///< Complete tasks read.
            bool closed = false;   ///< The array ended in the window.
            bool ok = true;        ///< False: a batch failed (readWhole() must judge).
        };

        /// The complete tasks of a window's array; byte i of `base` is byte `offset + i` of the
        /// text, whose window ends at `limit`. On-Demand skips a task by counting brackets of
        /// any kind, so the closers appended to a window can end a task the window cuts: a task
        /// counts only when the token after it (`,` or the array's `]`) is the text's own.
        Window readTasks(od::array& array, const char* base, std::size_t offset, std::size_t limit)
        {
            Window read;
            read.end = offset + 1; // after the comma `[` replaced (the first window needs a task)
            for (auto item : array) {
                od::value task;
                std::string_view span;
                if (item.get(task) || json::rawJson(task, span))
                    return read; // the window's end (or invalid JSON: the next window tells)
                const std::size_t end = offset + std::size_t(span.data() + span.size() - base);
                if (end >= limit)
                    return read;
                if (!m_batches.add(span)) {
                    read.ok = false;
                    return read;
                }
                read.end = end;
                ++read.tasks;
            }
            // The array ended: at the text's `]`, or at the one appended to the window.
            const std::size_t close = m_text.skipSpace(read.end);
            read.closed = close < limit && m_text[close] == ']';
            return read;
        }

        /// m_window = `open`, the text's bytes [from, to), `close`, with simdjson's padding.
        void fill(std::size_t from, std::size_t to, std::string_view open, std::string_view close)
        {
            m_window.reserve(open.size() + (to - from) + close.size() + simdjson::SIMDJSON_PADDING);
            m_window.assign(open).append(m_text.view(from, to)).append(close);
        }

        /// Where a window from `start` ends: just after the last line break within `bytes`
        /// (no JSON string or token holds a raw line break), the text's end if nearer, npos
        /// if the text has no line break there.
        std::size_t windowEnd(std::size_t start, std::size_t bytes) const
        {
            if (m_text.size() - start <= bytes)
                return m_text.size();
            const std::size_t newline = m_text.view(start, start + bytes).rfind('\n');
            return newline == std::string_view::npos ? newline : start + newline + 1;
        }

        WalkText& m_text;
        std::size_t m_windowBytes;
        TaskBatches& m_batches;
        od::parser m_parser;
        std::string m_window;
        std::size_t m_at = 0; ///< Offset in the text the walk has read to.
    };
} // namespace

std::optional<TaskGraph> readWindowed(WalkText& text, std::size_t windowBytes, const Batching& batching)
{
    return readWalked(text.size(), batching, [&](TaskBatches& batches, std::string& rest) {
        TaskWindows windows(text, windowBytes, batches);
        return windows.readFirst(rest) && windows.readOthers() && batches.finish() && windows.readLast(rest)
            && text.complete();
    });
}

std::optional<TaskGraph> readWindowed(
    const simdjson::padded_string& text, std::size_t windowBytes, const Batching& batching)
{
    WalkText whole(std::string_view(text.data(), text.size()));
    return readWindowed(whole, windowBytes, batching);
}

std::optional<TaskGraph> readFileWindowed(const std::string& path)
{
    const json::InputFile file = json::openInputFileHandle(path);
    struct stat status { };
    if (!file || fstat(fileno(file.get()), &status) != 0 || !S_ISREG(status.st_mode)
        || std::size_t(status.st_size) < Batching {}.pipelineBytes)
        return std::nullopt;
    const int first = std::fgetc(file.get());
    if (first == 0x1f || first == EOF || std::ungetc(first, file.get()) == EOF) // gzip: inflated whole
        return std::nullopt;
    WalkText text(file.get(), std::size_t(status.st_size));
    // A text on one line (a writer with no indent) has no windows: not read twice to learn that.
    if (text.view(0, kWindowBytes).find('\n') == std::string_view::npos)
        return std::nullopt;
    return readWindowed(text, kWindowBytes, {});
}

} // namespace lookahead::graphformat
