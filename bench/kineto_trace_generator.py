#!/usr/bin/env python3
"""A synthetic PyTorch profiler (Kineto) trace with the structure of the shared Kineto recordings
(../shared/real-traces/kineto-*.json.gz), for the import benchmark (bench/import_benchmark.sh):

- the top-level keys Kineto writes (schemaVersion, distributedInfo, deviceProperties, traceName);
- metadata: process_name / process_labels ("CPU", "GPU N") / process_sort_index per process,
  thread_name / thread_sort_index per thread and GPU stream;
- per training step a `ProfilerStep#N` user annotation on the main thread, nested `cpu_op`s three
  levels deep (module → aten op → aten op), the innermost launching GPU work through a
  `cuda_runtime` call (cudaLaunchKernel, cudaMemcpyAsync, cudaMemsetAsync);
- the GPU work (`kernel`, `gpu_memcpy`, `gpu_memset`) on several streams of two devices, each linked
  to its launch by an `ac2g` flow (`s` on the runtime call, `f` with "bp": "e" on the GPU event);
- a backward thread with `autograd::engine` ops, `cuda_sync` events, the `Spans` process and the
  `Iteration Start` instant.

The text layout is Kineto's (one key group per line, two-space indents). Sizes: `--mb` is the size of
the decompressed JSON; the gzip file is about a tenth of it.

    kineto_trace_generator.py OUT.json.gz [--mb 36] [--seed 1]
"""
import argparse
import gzip
import random

KERNELS = [
    "void at::native::elementwise_kernel<128, 2, at::native::gpu_kernel_impl_nocast<at::native::"
    "direct_copy_kernel_cuda(at::TensorIteratorBase&)::{lambda()#3}::operator()() const::{lambda()#7}"
    "::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::native::direct_copy_kernel_cuda"
    "(at::TensorIteratorBase&)::{lambda()#3}::operator()() const::{lambda()#7}::operator()() const::"
    "{lambda(float)#1} const&)::{lambda(int)#1}>(int, at::native::gpu_kernel_impl_nocast)",
    "ampere_sgemm_128x64_tn",
    "void cutlass::Kernel<cutlass_80_tensorop_s1688gemm_128x128_32x3_nn_align4>(cutlass_80_tensorop_"
    "s1688gemm_128x128_32x3_nn_align4::Params)",
    "void at::native::vectorized_elementwise_kernel<4, at::native::(anonymous namespace)::launch_clamp_"
    "scalar(at::TensorIteratorBase&, c10::Scalar, c10::Scalar, at::native::detail::ClampLimits)::"
    "{lambda()#1}::operator()() const::{lambda()#7}::operator()() const::{lambda(float)#1}, "
    "at::detail::Array<char*, 2> >(int, at::native::(anonymous namespace)::launch_clamp_scalar)",
    "void at::native::reduce_kernel<512, 1, at::native::ReduceOp<float, at::native::MeanOps<float, "
    "float, float, float>, unsigned int, float, 4> >(at::native::ReduceOp<float, at::native::MeanOps"
    "<float, float, float, float>, unsigned int, float, 4>)",
]
MODULES = ["nn.Module: Linear_0", "nn.Module: Conv2d_1", "nn.Module: ReLU_2", "nn.Module: LayerNorm_3"]
OPS = [("aten::linear", "aten::addmm"), ("aten::conv2d", "aten::cudnn_convolution"),
       ("aten::relu", "aten::clamp_min"), ("aten::layer_norm", "aten::native_layer_norm"),
       ("aten::copy_", "aten::_to_copy"), ("aten::zero_", "aten::fill_")]
PID, BWD_TID = 2869224, 2869301
DEVICES, STREAMS = (0, 1), (7, 20, 24, 28)


def device_properties():
    return ",\n".join(
        '    {\n      "id": %d, "name": "NVIDIA A100-PG509-200", "totalGlobalMem": 42297524224,\n'
        '      "computeMajor": 8, "computeMinor": 0,\n'
        '      "maxThreadsPerBlock": 1024, "maxThreadsPerMultiprocessor": 2048,\n'
        '      "regsPerBlock": 65536, "regsPerMultiprocessor": 65536, "warpSize": 32,\n'
        '      "sharedMemPerBlock": 49152, "sharedMemPerMultiprocessor": 167936,\n'
        '      "numSms": 108, "sharedMemPerBlockOptin": 166912\n    }' % d for d in range(8))


def metadata(ts0):
    out = []

    def meta(name, pid, tid, key, value):
        value = '"%s"' % value if isinstance(value, str) else str(value)
        out.append('  {\n    "name": "%s", "ph": "M", "ts": %d, "pid": %s, "tid": %s,\n'
                   '    "args": {\n      "%s": %s\n    }\n  }' % (name, ts0, pid, tid, key, value))

    for pid, label in [(PID, "CPU")] + [(d, "GPU %d" % d) for d in DEVICES]:
        meta("process_name", pid, 0, "name", "python3.10")
        meta("process_labels", pid, 0, "labels", label)
        meta("process_sort_index", pid, 0, "sort_index", pid if label == "CPU" else 16777216 + pid)
    for d in DEVICES:
        for s in STREAMS:
            meta("thread_name", d, s, "name", "stream %d " % s)
            meta("thread_sort_index", d, s, "sort_index", s)
    for tid in (PID, BWD_TID):
        meta("thread_name", PID, tid, "name", "thread %d (python3.10)" % tid)
        meta("thread_sort_index", PID, tid, "sort_index", tid)
    return out


class Trace:
    def __init__(self, seed):
        self.random = random.Random(seed)
        self.events = []
        self.external = 0
        self.correlation = 0
        self.gpu_free = {(d, s): 0 for d in DEVICES for s in STREAMS}
        self.size = 0

    def add(self, text):
        self.events.append(text)
        self.size += len(text) + 2

    def x(self, cat, name, pid, tid, ts, dur, args):
        self.add('  {\n    "ph": "X", "cat": "%s", "name": "%s", "pid": %s, "tid": %s,\n'
                 '    "ts": %d, "dur": %d,\n    "args": {\n      %s\n    }\n  }'
                 % (cat, name, pid, tid, ts, dur, args))

    def flow(self, ph, ident, pid, tid, ts):
        self.add('  {\n    "ph": "%s", "id": %d, "pid": %s, "tid": %s, "ts": %d,\n'
                 '    "cat": "ac2g", "name": "ac2g"%s\n  }' % (ph, ident, pid, tid, ts, ', "bp": "e"' if ph == "f" else ""))

    def launch(self, tid, ts):
        """A runtime call at ts on the CPU thread and the GPU work it launches; returns its end."""
        r = self.random
        self.correlation += 1
        self.external += 1
        c = self.correlation
        kind = r.random()
        runtime, cat, name = (("cudaLaunchKernel", "kernel", r.choice(KERNELS)) if kind < 0.8 else
                              ("cudaMemcpyAsync", "gpu_memcpy", "Memcpy HtoD (Pageable -> Device)") if kind < 0.93 else
                              ("cudaMemsetAsync", "gpu_memset", "Memset (Device)"))
        dur = r.randint(3, 12)
        self.x("cuda_runtime", runtime, PID, tid, ts, dur,
               '"External id": %d, "cbid": 211, "correlation": %d' % (self.external, c))
        self.flow("s", c, PID, tid, ts)
        device, stream = r.choice(DEVICES), r.choice(STREAMS)
        start = max(ts + r.randint(5, 40), self.gpu_free[(device, stream)] + r.randint(1, 4))
        gdur = r.randint(2, 300)
        self.gpu_free[(device, stream)] = start + gdur
        args = ('"External id": %d, "queued": 0, "device": %d, "context": 1,\n      "stream": %d, '
                '"correlation": %d' % (self.external, device, stream, c))
        if cat == "kernel":
            args += (', "registers per thread": %d, "shared memory": 0, "blocks per SM": %.6f,\n'
                     '      "warps per SM": %.6f, "grid": [%d, 1, 1], "block": [128, 1, 1], '
                     '"est. achieved occupancy %%": %d' % (r.randint(16, 64), r.random() * 8, r.random() * 32,
                                                         r.randint(1, 4096), r.randint(10, 100)))
        else:
            args += ', "bytes": %d, "memory bandwidth (GB/s)": %.6f' % (r.randint(4, 1 << 24), r.random() * 900)
        self.x(cat, name, device, stream, start, gdur, args)
        self.flow("f", c, device, stream, start)
        return ts + dur

    def op(self, tid, ts, depth):
        """A cpu_op at ts nested `depth` more levels; returns its end."""
        r = self.random
        self.external += 1
        me = self.external
        outer, inner = r.choice(OPS)
        t = ts + r.randint(1, 5)
        for _ in range(r.randint(1, 2)):
            t = (self.op(tid, t, depth - 1) if depth > 1 else self.launch(tid, t)) + r.randint(1, 6)
        name = r.choice(MODULES) if depth == 3 else outer if depth == 2 else inner
        self.x("cpu_op", name, PID, tid, ts, t - ts,
               '"External id": %d, "Record function id": 0, "Sequence number": %d, "Fwd thread id": 0, '
               '"Ev Idx": %d' % (me, me, me))
        return t

    def step(self, n, ts):
        self.external += 1
        me = self.external
        t = ts + 10
        while t - ts < 4000:
            t = self.op(PID, t, 3) + self.random.randint(2, 20)
        self.x("user_annotation", "ProfilerStep#%d" % n, PID, PID, ts, t - ts, '"External id": %d, "Ev Idx": %d' % (me, me))
        b = ts + 200
        for _ in range(4):  # the backward thread
            b = self.op(BWD_TID, b, 2) + 30
        self.x("cuda_sync", "Stream Sync", 0, STREAMS[0], t, 5, '"cuda_sync_kind": "Stream Sync", "stream": 7, "device": 0')
        return t + 50


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--mb", type=float, default=36.0, help="decompressed size in MB")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ts0 = 1695835542481129
    trace = Trace(args.seed)
    t, n = ts0 + 1000, 0
    while trace.size < args.mb * 1e6:
        t = trace.step(n, t)
        n += 1
    events = metadata(ts0) + trace.events
    events.append('  {\n    "ph": "X", "cat": "Trace", "ts": %d, "dur": %d,\n    "pid": "Spans", "tid": "PyTorch Profiler",\n'
                  '    "name": "PyTorch Profiler (0)",\n    "args": {\n      "Op count": 0\n    }\n  }' % (ts0, t - ts0))
    events.append('  {\n    "name": "process_sort_index", "ph": "M", "ts": %d, "pid": "Spans", "tid": 0,\n'
                  '    "args": {\n      "sort_index": 536870912\n    }\n  }' % ts0)
    events.append('  {\n    "name": "Iteration Start: PyTorch Profiler", "ph": "i", "s": "g",\n'
                  '    "pid": "Traces", "tid": "Trace PyTorch Profiler", "ts": %d\n  }' % ts0)
    text = ('{\n  "schemaVersion": 1,\n  "distributedInfo": {"rank": 0},\n  "deviceProperties": [\n'
            + device_properties() + '\n  ],\n  "traceEvents": [\n' + ",\n".join(events)
            + '\n  ],\n  "traceName": "bench_kineto_trace.json"\n}\n')
    with gzip.open(args.out, "wb", compresslevel=6) as f:
        f.write(text.encode())
    print("%s: %d events, %d steps, %.1f MB decompressed" % (args.out, len(events), n, len(text) / 1e6))


if __name__ == "__main__":
    main()
