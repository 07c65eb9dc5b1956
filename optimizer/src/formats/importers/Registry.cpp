// The one list of producer mappers. Adding a producer: its file in this folder and one line here.

#include "RecordingMapper.h"

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

} // namespace lookahead::formats
