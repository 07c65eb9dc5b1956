// The format v1 loader (lookahead/Loader.h), on simdjson through the JSON layer. One set of
// readers checks the model and names every problem by its JSON pointer: tasks as they come
// (TaskReader), then the root, platform and kernels, the names tasks use, groups and provenance.
// They are fed three ways (LoaderPaths.h), each giving the same graph: a large file in windows
// (readWindowed), a well-formed one walked with On-Demand (readStreamed), and anything either
// declines through one DOM of the whole text (readWhole), which alone words problems: invalid
// JSON with its line and column before anything else is judged, then the first model error. The
// first two hand tasks to TaskBatches (TaskBatches.h), which on a large file walks on one core
// while the other reads.

#include "lookahead/Loader.h"

#include "formats/JsonInput.h"
#include "formats/LoaderPaths.h"
#include "formats/PlatformReader.h"
#include "formats/TaskBatches.h"
#include "formats/TaskReader.h"
#include "formats/WalkText.h"

#include "lookahead/DependencyGraph.h"

#include <sys/stat.h>

#include <cstdio>
#include <memory>

namespace lookahead {

namespace graphformat {
    namespace od = simdjson::ondemand;

    namespace {

        const Place kRoot;

        void readGroups(Object root, TaskGraph& graph)
        {
            const std::optional<Element> groups = findKey(root, "groups");
            if (!groups)
                return;
            const Place at = kRoot.child("groups");
            std::size_t g = 0;
            for (Element value : requireArray(*groups, at)) {
                const Place place = at.child(g++);
                const Object object = requireObject(value, place);
                Group group;
                group.id = std::string(requireString(requireKey(object, place, "id"), place.child("id")));
                group.kind = std::string(requireString(requireKey(object, place, "kind"), place.child("kind")));
                const Place membersAt = place.child("tasks");
                std::size_t m = 0;
                for (Element member : requireArray(requireKey(object, place, "tasks"), membersAt)) {
                    const Place memberAt = membersAt.child(m++);
                    const std::string_view id = requireString(member, memberAt);
                    const TaskIndex task = graph.findTask(id);
                    if (task == kNoTask)
                        fail(memberAt, "unknown task \"" + std::string(id) + "\"");
                    group.tasks.push_back(task);
                }
                keepUnknown(object, { "id", "kind", "tasks" }, group.extra);
                graph.groups.push_back(std::move(group));
            }
        }

        /// Reads the document. `tasks` may hold tasks read already (readStreamed(): then the
        /// document's `tasks` is an empty stand-in).
        void readDocument(Element document, TaskGraph& graph, TaskReader& tasks)
        {
            // Tasks first, as the loader has always judged them (it read them while parsing).
            Object root;
            const bool isObject = document.get_object().get(root) == simdjson::SUCCESS;
            std::optional<Element> taskArray = isObject ? findKey(root, "tasks") : std::nullopt;
            if (taskArray && taskArray->is_array()) {
                const Array array = taskArray->get_array().value_unsafe();
                graph.tasks.reserve(array.size());
                std::size_t index = 0;
                try {
                    for (Element task : array)
                        tasks.add(task, index++);
                } catch (const LoadError&) {
                    tasks.internNames(); // a duplicate id before the refused task comes first
                    throw;
                }
            }
            tasks.internNames();
            if (!isObject)
                fail(kRoot, std::string("the document must be a JSON object, got ") + json::typeName(document));
            const std::string_view format = requireString(requireKey(root, kRoot, "format"), kRoot.child("format"));
            if (format != "lookahead-taskgraph")
                fail(kRoot.child("format"), "must be \"lookahead-taskgraph\", got \"" + std::string(format) + "\"");
            const std::int64_t version = requireInteger(requireKey(root, kRoot, "version"), kRoot.child("version"), 0);
            if (version != 1)
                fail(kRoot.child("version"),
                    "unsupported version " + std::to_string(version) + " (this build reads version 1)");
            if (auto name = findKey(root, "name"))
                graph.name = std::string(requireString(*name, kRoot.child("name")));
            if (!taskArray)
                fail(kRoot.child("tasks"), "required key is missing");
            requireArray(*taskArray, kRoot.child("tasks"));

            readPlatform(root, graph);
            readKernels(root, graph);
            tasks.resolve();
            readGroups(root, graph);
            if (auto provenance = findKey(root, "provenance")) {
                const Object object = requireObject(*provenance, kRoot.child("provenance"));
                if (auto passes = findKey(object, "passes")) {
                    requireArray(*passes, kRoot.child("provenance").child("passes"));
                    graph.provenancePasses = json::toNlohmann(*passes);
                }
            }
            keepUnknown(root,
                { "format", "version", "name", "platform", "kernels", "tasks", "groups", "schedule", "provenance" },
                graph.extra);
        }

        TaskGraph emptyGraphFor(std::size_t textBytes)
        {
            TaskGraph graph;
            // Room estimated from the text's size (the generator's tasks take ~140 bytes of JSON, a
            // compiler's more): address space, touched only as filled, where growing would copy it
            // and fault it in twice. The streaming path does not know the task count up front.
            graph.ids.reserve(textBytes / 160, textBytes / 40);
            graph.tasks.reserve(textBytes / 128);
            graph.refs.reserve(textBytes / 32);
            graph.taskExtras.reserve(0, textBytes);
            return graph;
        }

        /// A root key other than `tasks`, kept as text in `rest` (the root without `tasks`). False
        /// for what readWhole() must judge: an escaped key, a value On-Demand cannot span.
        bool keepRootField(od::field& field, std::string& rest, bool& isTasks)
        {
            const std::optional<std::string_view> key = json::plainString(field.key());
            if (!key)
                return false;
            isTasks = *key == "tasks";
            if (isTasks)
                return true;
            std::string_view value;
            if (json::rawJson(field.value(), value))
                return false;
            rest.append(rest.size() > 1 ? ",\"" : "\"").append(*key).append("\":").append(value);
            return true;
        }

        /// Reads `rest` (the root's other keys) and judges the document as readWhole() would.
        void readRest(std::string& rest, TaskGraph& graph, TaskReader& tasks)
        {
            rest.append(rest.size() > 1 ? ",\"tasks\":[]}" : "\"tasks\":[]}");
            simdjson::dom::parser restParser;
            Element restDocument;
            if (restParser.allocate(rest.size(), json::kMaxDepth - 1) || restParser.parse(rest).get(restDocument))
                throw LoadError { {}, "the root's other keys" }; // cannot happen for On-Demand's spans
            readDocument(restDocument, graph, tasks);
        }

    } // namespace

    /// The whole document as one simdjson DOM: the path that words every problem.
    Result<TaskGraph> readWhole(const simdjson::padded_string& text, const std::string& fileLabel)
    {
        simdjson::dom::parser parser;
        Result<Element> document = json::parseDocument(parser, text, fileLabel);
        if (!document.ok())
            return document.error();
        TaskGraph graph = emptyGraphFor(text.size());
        try {
            TaskReader tasks(graph);
            readDocument(document.value(), graph, tasks);
        } catch (const LoadError& e) {
            return Error { fileLabel, e.pointer.empty() ? "/" : e.pointer, e.message };
        }
        return graph;
    }

    /// The fast path for a well-formed file: the root is walked with On-Demand, the tasks are
    /// read in batches, and the other root keys from a small document of their own texts, so no
    /// DOM of the whole file is built (its tape and strings were most of the memory a load
    /// touched). The readers are those of readWhole(); anything unusual or wrong (invalid JSON,
    /// a model error, a repeated or escaped root key) gives nothing, and readWhole() reads the
    /// file again to find and word its first problem as the loader always has.
    std::optional<TaskGraph> readStreamed(const simdjson::padded_string& text, const Batching& batching)
    {
        TaskGraph graph = emptyGraphFor(text.size());
        std::string rest = "{"; // the root without `tasks`
        try {
            TaskReader tasks(graph);
            const bool walked = readTaskBatches(tasks, text.size(), batching, [&](TaskBatches& batches) {
                od::parser parser;
                od::document document;
                od::object root;
                if (parser.iterate(text).get(document) || document.get_object().get(root))
                    return false;
                bool sawTasks = false;
                for (auto item : root) {
                    od::field field;
                    bool isTasks = false;
                    if (std::move(item).get(field) || !keepRootField(field, rest, isTasks))
                        return false;
                    if (isTasks && (sawTasks || !batches.read(field.value())))
                        return false;
                    sawTasks = sawTasks || isTasks;
                }
                const char* after = nullptr;
                return sawTasks
                    && document.current_location().get(after) != simdjson::SUCCESS; // no text after the root
            });
            if (!walked)
                return std::nullopt;
            readRest(rest, graph, tasks);
        } catch (const LoadError&) {
            return std::nullopt;
        }
        return graph;
    }

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
                        return field.value().get_array().get(array) ? Window {}
                                                                    : readTasks(array, m_window.data(), 0, end);
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
        TaskGraph graph = emptyGraphFor(text.size());
        std::string rest = "{"; // the root without `tasks`
        try {
            TaskReader tasks(graph);
            const bool walked = readTaskBatches(tasks, text.size(), batching, [&](TaskBatches& batches) {
                TaskWindows windows(text, windowBytes, batches);
                return windows.readFirst(rest) && windows.readOthers() && batches.finish() && windows.readLast(rest)
                    && text.complete();
            });
            if (!walked)
                return std::nullopt;
            readRest(rest, graph, tasks);
        } catch (const LoadError&) {
            return std::nullopt;
        }
        return graph;
    }

    std::optional<TaskGraph> readWindowed(
        const simdjson::padded_string& text, std::size_t windowBytes, const Batching& batching)
    {
        WalkText whole(std::string_view(text.data(), text.size()));
        return readWindowed(whole, windowBytes, batching);
    }

    namespace {
        /// Windows of a megabyte, from a few MB of text on: simdjson's structural index of the
        /// whole text (4 bytes per token, more than the file) was the largest fresh memory of a
        /// load, and the reader on the other core waits for the first window's index. A 14 MB
        /// file loaded in 50 ms in windows of 4 MB (or walked whole), 42 in these.
        constexpr std::size_t kWindowBytes = std::size_t(1) << 20;

        Result<TaskGraph> checked(TaskGraph graph, const std::string& fileLabel)
        {
            Status acyclic = checkNoDeadlock(graph, fileLabel);
            if (!acyclic.ok())
                return acyclic.error();
            return graph;
        }

        /// A large plain file read in pieces as the windows walk it, or nothing (a small, gzip or
        /// unreadable file; anything the walk declines): the caller then reads it whole.
        std::optional<TaskGraph> readFileWindowed(const std::string& path)
        {
            std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
            struct stat status { };
            if (!file || fstat(fileno(file.get()), &status) != 0 || !S_ISREG(status.st_mode)
                || std::size_t(status.st_size) < Batching {}.pipelineBytes)
                return std::nullopt;
            const int first = std::fgetc(file.get());
            if (first == 0x1f || first == EOF || std::ungetc(first, file.get()) == EOF) // gzip: inflated whole
                return std::nullopt;
            WalkText text(file.get(), std::size_t(status.st_size));
            return readWindowed(text, kWindowBytes, {});
        }
    } // namespace

    Result<TaskGraph> parsePadded(const simdjson::padded_string& text, const std::string& fileLabel)
    {
        std::optional<TaskGraph> streamed
            = text.size() >= Batching {}.pipelineBytes ? readWindowed(text, kWindowBytes) : std::nullopt;
        if (!streamed)
            streamed = readStreamed(text);
        Result<TaskGraph> read = streamed ? Result<TaskGraph>(std::move(*streamed)) : readWhole(text, fileLabel);
        if (!read.ok())
            return read.error();
        return checked(std::move(read).value(), fileLabel);
    }

} // namespace graphformat

Result<TaskGraph> parseTaskGraph(std::string_view text, const std::string& fileLabel)
{
    return graphformat::parsePadded(simdjson::padded_string(text), fileLabel);
}

Result<TaskGraph> loadTaskGraphFile(const std::string& path)
{
    if (std::optional<TaskGraph> graph = graphformat::readFileWindowed(path))
        return graphformat::checked(std::move(*graph), path);
    Result<simdjson::padded_string> text = json::readInputFile(path);
    if (!text.ok())
        return text.error();
    return graphformat::parsePadded(text.value(), path);
}

} // namespace lookahead
