// The format v1 loader (lookahead/Loader.h): one path, simdjson's DOM through the JSON layer.
// The whole text is validated first (invalid JSON is reported with its line and column before
// anything else is judged), then the readers check the model and name every problem by its JSON
// pointer: tasks as they come (TaskReader), then the root, platform and kernels, the names tasks
// use, groups and provenance.

#include "lookahead/Loader.h"

#include "formats/JsonInput.h"
#include "formats/PlatformReader.h"
#include "formats/TaskReader.h"

#include "lookahead/DependencyGraph.h"

namespace lookahead {

namespace graphformat {
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

        void readDocument(Element document, TaskGraph& graph)
        {
            // Tasks first, as the loader has always judged them (it read them while parsing).
            TaskReader tasks(graph);
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

        Result<TaskGraph> parsePadded(const simdjson::padded_string& text, const std::string& fileLabel)
        {
            simdjson::dom::parser parser;
            Result<Element> document = json::parseDocument(parser, text, fileLabel);
            if (!document.ok())
                return document.error();
            TaskGraph graph;
            graph.ids.reserve(text.size() / 160, text.size() / 40);
            // Room for the tasks' extras text at most as long as the file: address space, touched
            // only as filled, where growing would copy it and fault it in twice.
            graph.taskExtras.reserve(0, text.size());
            try {
                readDocument(document.value(), graph);
            } catch (const LoadError& e) {
                return Error { fileLabel, e.pointer.empty() ? "/" : e.pointer, e.message };
            }
            Status acyclic = checkNoDeadlock(graph, fileLabel);
            if (!acyclic.ok())
                return acyclic.error();
            return graph;
        }

    } // namespace
} // namespace graphformat

Result<TaskGraph> parseTaskGraph(std::string_view text, const std::string& fileLabel)
{
    return graphformat::parsePadded(simdjson::padded_string(text), fileLabel);
}

Result<TaskGraph> loadTaskGraphFile(const std::string& path)
{
    Result<simdjson::padded_string> text = json::readInputFile(path);
    if (!text.ok())
        return text.error();
    return graphformat::parsePadded(text.value(), path);
}

} // namespace lookahead
