#!/usr/bin/env python3
"""A plain Python simulator of format v1, section 5 (shared/spec/taskgraph-v1.md), for the
benchmark against `lookahead batch run --spec-costs -o OUT` (bench/compare_reference.sh).

Load the JSON, list-schedule it (5.1 timing, 5.2 instruction caches), write the graph back with its
`schedule`. No validation beyond what the simulation needs: it is the yardstick, not a loader.

    reference_simulator.py GRAPH [-o OUT]     # prints the makespan
"""
import heapq
import json
import sys
from collections import OrderedDict


class Lru:
    """Whole kernels, least recently used first; `value` is the L2 fill cycle (None in L1)."""

    def __init__(self, capacity):
        self.capacity, self.used, self.entries = capacity, 0, OrderedDict()

    def touch(self, kernel, size, value=None):
        if kernel in self.entries:
            self.entries.move_to_end(kernel)
            return
        if size > self.capacity:
            return  # larger than the cache: never resides
        while self.used + size > self.capacity:
            _, (old_size, _) = self.entries.popitem(last=False)
            self.used -= old_size
        self.entries[kernel] = (size, value)
        self.used += size


def simulate(doc):
    platform, kernels, tasks = doc["platform"], doc.get("kernels", {}), doc["tasks"]
    executors, domains = platform["executors"], platform.get("icache", {})
    n = len(tasks)
    index = {t["id"]: i for i, t in enumerate(tasks)}
    updaters = {}
    for i, t in enumerate(tasks):
        for b in t.get("update", ()):
            updaters.setdefault(b, []).append(i)
    # Dependencies: every updater of a waited barrier and every `after` task must have ended; the
    # task ahead in the queue must have started (next_in_queue).
    succ = [[] for _ in range(n)]
    pending = [0] * n
    next_in_queue = [None] * n
    last_in_queue = {}
    for i, t in enumerate(tasks):
        preds = [p for b in t.get("wait", ()) for p in updaters.get(b, ())]
        preds += [index[a] for a in t.get("after", ())]
        for p in preds:
            succ[p].append(i)
        queue = (t["exec"], t.get("unit", 0))
        if queue in last_in_queue:
            next_in_queue[last_in_queue[queue]] = i
            preds.append(None)
        last_in_queue[queue] = i
        pending[i] = len(preds)
    ready = [0] * n  # latest end of the started dependencies (queue predecessor: its start)
    free = {}  # queue -> engine free times
    l1, l2 = {}, {d: Lru(c["l2_bytes"]) for d, c in domains.items()}
    start, end, engine, stall = [0] * n, [0] * n, [0] * n, [0] * n
    heap = []

    def push(i):
        t = tasks[i]
        queue = (t["exec"], t.get("unit", 0))
        engines = free.setdefault(queue, [0] * executors[t["exec"]].get("engines", 1))
        e = min(range(len(engines)), key=engines.__getitem__)
        engine[i] = e
        start[i] = max(ready[i], engines[e]) + t.get("delay", 0)
        heapq.heappush(heap, (start[i], i))

    for i in range(n):
        if pending[i] == 0:
            push(i)
    started = 0
    while heap:
        s, i = heapq.heappop(heap)
        t = tasks[i]
        kernel = t.get("prefetch") if t.get("role") == "prefetch" else t.get("kernel")
        domain = executors[t["exec"]].get("icache")
        if kernel is not None and domain is not None:
            c = domains[domain]
            line = c["line_bytes"]
            size = (kernels[kernel]["code_bytes"] + line - 1) // line * line
            cache = l1.setdefault((t["exec"], t.get("unit", 0), engine[i]), Lru(c["l1_bytes"]))
            if kernel in cache.entries:
                cache.touch(kernel, size)
            else:
                hit = l2[domain].entries.get(kernel)
                if hit is not None:
                    stall[i] = max(0, hit[1] - s) + c["l2_hit_latency"] - (-size // c["l2_bytes_per_cycle"])
                    l2[domain].touch(kernel, size)
                else:
                    stall[i] = c["miss_latency"] - (-size // c["miss_bytes_per_cycle"])
                    l2[domain].touch(kernel, size, s + stall[i])
                cache.touch(kernel, size)
        end[i] = s + t["cycles"] + stall[i]
        free[(t["exec"], t.get("unit", 0))][engine[i]] = end[i]
        started += 1
        for j in succ[i]:
            ready[j] = max(ready[j], end[i])
            pending[j] -= 1
            if pending[j] == 0:
                push(j)
        j = next_in_queue[i]
        if j is not None:
            ready[j] = max(ready[j], s)
            pending[j] -= 1
            if pending[j] == 0:
                push(j)
    if started != n:
        sys.exit("deadlock: %d of %d tasks never became ready" % (n - started, n))
    return start, end, engine, stall


def main():
    args = sys.argv[1:]
    out = args[args.index("-o") + 1] if "-o" in args else None
    with open(args[0], encoding="utf-8") as f:
        doc = json.load(f)
    start, end, engine, stall = simulate(doc)
    makespan = max(end, default=0)
    doc["schedule"] = {
        "clock_mhz": doc["platform"].get("clock_mhz", 1000),
        "makespan": makespan,
        "tasks": {t["id"]: {"start": start[i], "end": end[i], "engine": engine[i], "stall": stall[i]}
                  for i, t in enumerate(doc["tasks"])},
    }
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(doc, f)
    print(makespan)


if __name__ == "__main__":
    main()
