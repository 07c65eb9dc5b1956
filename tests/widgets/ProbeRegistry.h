#pragma once

// A registry with a probe pass of every option kind, so the GUI tests do not depend on which passes
// the build has (the pattern of tests/optimizer/tst_pipeline.cpp).

#include "lookahead/PassRegistry.h"

#include <QByteArray>

namespace lookahead::test {

/// `probe` (options distance, delay, mode, insert, fail, kernels, exec): inserts one task of `delay`
/// cycles at the front of the first executor when insert=true; `other`: does nothing.
const PassRegistry& probeRegistry();
/// A small valid task graph (two executors, barriers, kernels) as JSON text.
QByteArray sampleGraphJson();

} // namespace lookahead::test
