// The one list of producer mappers (adding a producer: its file in this folder and one line here),
// and the text helpers they share.

#include "RecordingMapper.h"

#include <cctype>

namespace lookahead::formats {

#define LOOKAHEAD_MAPPER(fn)                                                                                           \
    int recognise##fn(const TraceDocument& doc);                                                                       \
    Status map##fn(const TraceDocument& doc, RecordingBuilder& builder);
LOOKAHEAD_MAPPER(LookaheadExport)
LOOKAHEAD_MAPPER(Npu)
LOOKAHEAD_MAPPER(Ascend)
LOOKAHEAD_MAPPER(Kineto)
LOOKAHEAD_MAPPER(TensorFlow)
LOOKAHEAD_MAPPER(ClangTimeTrace)
LOOKAHEAD_MAPPER(ChromeBrowser)
LOOKAHEAD_MAPPER(Generic)
#undef LOOKAHEAD_MAPPER

const std::vector<RecordingMapper>& recordingMappers()
{
    static const std::vector<RecordingMapper> mappers {
        { "lookahead", "Lookahead's own Chrome trace export", recogniseLookaheadExport, mapLookaheadExport },
        { "npu", "OpenVINO NPU compiler / profiler", recogniseNpu, mapNpu },
        { "ascend", "Ascend PyTorch profiler (torch_npu)", recogniseAscend, mapAscend },
        { "kineto", "PyTorch profiler (Kineto)", recogniseKineto, mapKineto },
        { "tensorflow", "TensorFlow timeline", recogniseTensorFlow, mapTensorFlow },
        { "clang", "clang -ftime-trace", recogniseClangTimeTrace, mapClangTimeTrace },
        { "chrome", "Chrome tracing", recogniseChromeBrowser, mapChromeBrowser },
        { "generic", "generic Chrome trace", recogniseGeneric, mapGeneric },
    };
    return mappers;
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

std::string trimmed(std::string_view text)
{
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    return std::string(text);
}

} // namespace lookahead::formats
