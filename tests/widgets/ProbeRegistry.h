#pragma once

// A registry with a probe pass of every option kind, so the GUI tests do not depend on which passes
// the build has (the pattern of tests/optimizer/tst_pipeline.cpp).

#include "lookahead/PassRegistry.h"

#include <QByteArray>

#include <memory>
#include <string_view>

namespace lookahead {
struct ScheduleSnapshot;
}

namespace lookahead::test {

/// `probe` (options distance, delay, mode, insert, fail, kernels, exec): inserts one task of `delay`
/// cycles at the front of the first executor when insert=true; `other`: does nothing.
const PassRegistry& probeRegistry();
/// A small valid task graph (two executors, barriers, kernels) as JSON text.
QByteArray sampleGraphJson();
/// The snapshot of a task graph given as JSON text, simulated with the standard costs; a test with
/// an invalid graph stops with the loader's message.
std::shared_ptr<const ScheduleSnapshot> snapshotOf(std::string_view json, const char* label);

} // namespace lookahead::test
