// The format v1 loader (lookahead/Loader.h), on simdjson through the JSON layer. One set of
// readers checks the model and names every problem by its JSON pointer: tasks as they come
// (TaskReader), then the root, platform and kernels, the names tasks use, groups and provenance.
// They are fed three ways (LoaderPaths.h), each giving the same graph: a large file in windows
// (readWindowed, LoaderWindows.cpp), a well-formed one walked with On-Demand (readStreamed), and anything either
// declines through one DOM of the whole text (readWhole), which alone words problems: invalid
// JSON with its line and column before anything else is judged, then the first model error. The
// first two hand tasks to TaskBatches (TaskBatches.h), which on a large file walks on one core
// while the other reads.

#include "lookahead/Loader.h"

#include "formats/JsonInput.h"
#include "formats/LoaderParts.h"
#include "formats/LoaderPaths.h"
#include "formats/PlatformReader.h"
#include "formats/TaskBatches.h"
#include "formats/TaskReader.h"

#include "lookahead/DependencyGraph.h"

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

    } // namespace

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

    std::optional<TaskGraph> readWalked(std::size_t textBytes, const Batching& batching,
        const std::function<bool(TaskBatches&, std::string& rest)>& walk)
    {
        TaskGraph graph = emptyGraphFor(textBytes);
        std::string rest = "{"; // the root without `tasks`
        try {
            TaskReader tasks(graph);
            if (!readTaskBatches(tasks, textBytes, batching, [&](TaskBatches& batches) { return walk(batches, rest); }))
                return std::nullopt;
            // The root's other keys, judged as readWhole() would.
            rest.append(rest.size() > 1 ? ",\"tasks\":[]}" : "\"tasks\":[]}");
            simdjson::dom::parser restParser;
            Element restDocument;
            if (restParser.allocate(rest.size(), json::kMaxDepth - 1) || restParser.parse(rest).get(restDocument))
                return std::nullopt; // cannot happen for On-Demand's spans
            readDocument(restDocument, graph, tasks);
        } catch (const LoadError&) {
            return std::nullopt;
        }
        return graph;
    }

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
        return readWalked(text.size(), batching, [&](TaskBatches& batches, std::string& rest) {
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
            return sawTasks && document.current_location().get(after) != simdjson::SUCCESS; // no text after the root
        });
    }

    namespace {
        Result<TaskGraph> checked(TaskGraph graph, const std::string& fileLabel)
        {
            Status acyclic = checkNoDeadlock(graph, fileLabel);
            if (!acyclic.ok())
                return acyclic.error();
            return graph;
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
