#pragma once
// The rate a benchmark reads or writes JSON text at, in the units the goals use.

#include <benchmark/benchmark.h>

#include <cstdint>

namespace lookahead::bench {

/// Google Benchmark prints `bytes_per_second` in binary units (its "M/s" is MiB/s: 2^20 bytes),
/// while issue #13's goals are decimal (0.5 GB/s) and `file_MB` is 10^6 bytes; until the fourth of
/// December the binary figure was read as decimal, 5 % low. `text_MB_per_s` is the decimal rate,
/// of real time (the benchmarks use UseRealTime()).
inline void setTextProcessed(benchmark::State& state, std::int64_t bytesPerIteration)
{
    state.counters["file_MB"] = double(bytesPerIteration) / 1e6;
    state.counters["text_MB_per_s"]
        = benchmark::Counter(double(state.iterations()) * double(bytesPerIteration) / 1e6, benchmark::Counter::kIsRate);
    state.SetBytesProcessed(state.iterations() * bytesPerIteration);
}

} // namespace lookahead::bench
