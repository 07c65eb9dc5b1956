// jemalloc's configuration, read by jemalloc itself when the process starts (the `malloc_conf`
// symbol is its documented compile-time hook; MALLOC_CONF in the environment still overrides it).
//
// Why: loading a graph, importing a recording and writing the result touch a few hundred MB of
// fresh memory once. Where the kernel gives transparent huge pages only on request
// (/sys/kernel/mm/transparent_hugepage/enabled = madvise, the default of many distributions), every
// 4 KB page is its own fault, and in a VM a fault costs microseconds: on the development VM a
// 200 k-task `batch run` spent a quarter of its samples in the fault handler (96 k faults) and ran
// in half the time with huge pages (BENCHMARKS.md, "Memory: the allocator and huge pages").
// `thp:always` asks for huge pages on every extent jemalloc maps; `metadata_thp:auto` does so for
// its own bookkeeping once that grows past a few pages. Where THP is `always` or `never` the kernel
// decides as before.
//
// Linked into the programs (the explorer, the benchmarks, the core tests), never into the core
// library: the allocator is the process's choice. The sanitizer builds keep the sanitizers' own.

extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc reads this exact symbol
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
