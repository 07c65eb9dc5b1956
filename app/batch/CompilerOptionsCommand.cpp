#include "CompilerOptionsCommand.h"

#include "BatchArguments.h"
#include "BatchCommand.h"

#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/Pipeline.h"
#include "lookahead/PlatformPresets.h"

#include <ostream>

namespace lookahead {

int runBatchCompilerOptions(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
{
    using namespace batch;
    const Arguments args = parseArguments("compiler-options", argv, 1,
        { { "--pipeline", true }, { "--json", false }, { "--all", false }, { "--output", true }, platformOption });
    const std::string file = requireFile("compiler-options", args);
    const std::optional<PlatformPreset> platform = platformArgument(args);
    const auto pipelineText = args.value("--pipeline");
    if (!pipelineText)
        throw UsageError { "batch compiler-options: --pipeline is required" };
    Result<Pipeline> pipeline = Pipeline::parse(*pipelineText);
    if (!pipeline.ok()) {
        err << "lookahead: " << pipeline.error().toString() << "\n";
        return ExitBadInput;
    }
    for (const std::string& note : pipeline.value().deprecations())
        err << "lookahead: warning: " << note << "\n";
    // The graph (or --platform) says which platform (target family, NPU chip) the defaults are for.
    std::optional<TaskGraph> graph = openGraphArgument(args, platform, file, err);
    if (!graph)
        return ExitBadInput;
    const CompilerOptionsReport report
        = compilerOptions(pipeline.value(), graph.value().platform, { .all = args.flag("--all") });
    const std::string path = args.value("--output").value_or("-");
    return writeOutputs({ file }, { { "--output", path, report.fileContent(path, args.flag("--json")) } }, out, err);
}

} // namespace lookahead
