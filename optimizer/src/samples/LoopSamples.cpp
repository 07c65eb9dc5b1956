#include "lookahead/LoopSamples.h"

#include <string>

namespace lookahead {

namespace {
    /// SplitMix64, as in SyntheticGraph.cpp: identical on every platform.
    std::uint64_t splitMix(std::uint64_t& state)
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    ExecutorKind executor(const std::string& name, std::uint32_t units)
    {
        ExecutorKind kind;
        kind.name = name;
        kind.units = units;
        kind.engines = 1;
        kind.tiled = true;
        return kind;
    }

    nlohmann::json loopKey(const std::string& loop, std::uint32_t iter, const std::string& stage)
    {
        return { { "id", loop }, { "iter", iter }, { "stage", stage } };
    }

    /// Collects tasks and group members; the graph's pools and references are built by insertTasks.
    struct Builder {
        std::vector<NewTask> tasks;
        std::vector<std::pair<std::string, std::vector<std::string>>> loops;

        void add(NewTask task, const std::string& loop = {})
        {
            if (!loop.empty())
                loops.back().second.push_back(task.id);
            tasks.push_back(std::move(task));
        }
        NewTask task(const std::string& id, const std::string& exec, std::uint32_t unit, std::int64_t cycles)
        {
            NewTask t;
            t.id = id;
            t.exec = exec;
            t.unit = unit;
            t.cycles = cycles;
            return t;
        }
        void finish(TaskGraph& graph)
        {
            std::vector<TaskGraph::Insertion> insertions;
            for (NewTask& t : tasks)
                insertions.push_back({ 0, std::move(t) });
            graph.insertTasks(std::move(insertions));
            for (auto& [id, members] : loops) {
                Group group;
                group.id = id;
                group.kind = "loop";
                for (const std::string& member : members)
                    group.tasks.push_back(graph.findTask(member));
                graph.groups.push_back(std::move(group));
            }
        }
    };
} // namespace

// About 100 lines: the platform, the per-block costs and the work items' loops in one place, read top
// to bottom like the kernel they model; the random load times are drawn in one fixed order, which a
// split would make easy to change by accident (a seed must give the same sample in every version).
TaskGraph generatePagedAttention(const PagedAttentionOptions& o)
{
    TaskGraph graph;
    graph.name = "paged attention AIC/AIV (batch " + std::to_string(o.batch) + ", heads " + std::to_string(o.heads)
        + ", block " + std::to_string(o.blockSize) + ", " + std::to_string(o.blocksPerTile) + " blocks per tile)";
    Platform& p = graph.platform;
    p.name = "ascend-a2-aic-aiv";
    p.clockMhz = 1800;
    for (const char* name : { "CUBE", "FIX", "MTE1", "MTE2", "VEC" }) // sorted, as the loader keeps them
        p.executors.push_back(executor(name, o.cores));

    // Cycle costs per block, from bytes and MACs (fp16 K/V, fp32 scores).
    const std::int64_t kvBytes = std::int64_t(o.blockSize) * o.headDim * 2;
    const std::int64_t loadBase = 400 + kvBytes / 64; // GM → L1 at 64 B/cycle after 400 cycles latency
    const std::int64_t move = 50 + kvBytes / 256;     // L1 → L0 at 256 B/cycle
    const std::int64_t matmul = 80 + std::int64_t(o.queryRows) * o.blockSize * o.headDim / 2048;
    const std::int64_t pushS = 40 + std::int64_t(o.queryRows) * o.blockSize * 4 / 64;
    const std::int64_t pushO = 40 + std::int64_t(o.queryRows) * o.headDim * 4 / 64;
    const std::int64_t softmax = 200 + std::int64_t(o.queryRows) * o.blockSize * 3 / 4;
    std::uint64_t rng = o.seed;
    auto loadCycles = [&] { return loadBase + static_cast<std::int64_t>(splitMix(rng) % (loadBase / 4 + 1)); };

    Builder b;
    std::vector<std::string> coreDrain(o.cores); // the last step's barrier on each core
    for (std::uint32_t item = 0; item < o.batch * o.heads; ++item) {
        const std::uint32_t core = item % o.cores;
        const std::string loop = "pa.b" + std::to_string(item / o.heads) + "h" + std::to_string(item % o.heads);
        b.loops.push_back({ loop, {} });
        const std::uint32_t n = o.blocksPerTile;
        auto barrier = [&](const std::string& what, std::uint32_t i) { return loop + "/" + what + std::to_string(i); };
        std::string drain = coreDrain[core];
        // Buffers are per core (L1, L0, L0C of AIC core c) or per work item (global memory).
        const std::string aic = "aic" + std::to_string(core) + ".";
        const std::string gm = "GM." + loop.substr(3) + ".";

        auto step = [&](bool qk, std::uint32_t i) {
            const std::string kind = qk ? "k" : "v";
            const std::string family = aic + (qk ? "L1.K" : "L1.V");
            NewTask load = b.task(loop + ".ld" + kind + std::to_string(i), "MTE2", core, loadCycles());
            load.name = "load " + std::string(qk ? "K" : "V") + "[" + std::to_string(i) + "]";
            load.role = TaskRole::Dma;
            if (!drain.empty())
                load.wait.push_back(drain);
            if (!qk)
                load.wait.push_back(barrier("p", i)); // the scalar unit pops P before issuing PV[i]
            load.update = { barrier(kind + "loaded", i) };
            load.extra = { { "loop", loopKey(loop, i, "load") }, { "writes", { family + "[0]" } } };
            b.add(std::move(load), loop);

            NewTask mv = b.task(loop + ".mv" + kind + std::to_string(i), "MTE1", core, move);
            mv.name = "move " + std::string(qk ? "K" : "V") + "[" + std::to_string(i) + "] L1→L0";
            mv.wait = { barrier(kind + "loaded", i) };
            mv.update = { barrier(kind + "moved", i) };
            mv.extra = { { "loop", loopKey(loop, i, "move") }, { "reads", { family + "[0]" } },
                { "writes", { aic + "L0.B[0]" } } };
            b.add(std::move(mv), loop);

            NewTask mm = b.task(loop + (qk ? ".qk" : ".pv") + std::to_string(i), "CUBE", core, matmul);
            mm.name = std::string(qk ? "QK" : "PV") + "[" + std::to_string(i) + "]";
            mm.wait = { barrier(kind + "moved", i) };
            nlohmann::json reads = { aic + "L0.B[0]" };
            if (!qk) {
                mm.wait.push_back(barrier("p", i));
                reads.push_back(gm + "P[" + std::to_string(i) + "]");
            }
            mm.update = { barrier(qk ? "qk" : "pv", i) };
            mm.extra = { { "loop", loopKey(loop, i, "matmul") }, { "reads", reads }, { "writes", { aic + "L0C[0]" } } };
            b.add(std::move(mm), loop);

            const std::string pushed = barrier(qk ? "s" : "o", i);
            NewTask push = b.task(loop + (qk ? ".pss" : ".pso") + std::to_string(i), "FIX", core, qk ? pushS : pushO);
            push.name = std::string(qk ? "push S[" : "push O[") + std::to_string(i) + "]";
            push.wait = { barrier(qk ? "qk" : "pv", i) };
            push.update = { pushed };
            push.extra = { { "loop", loopKey(loop, i, "push") }, { "reads", { aic + "L0C[0]" } },
                { "writes", { gm + (qk ? "S[" : "O[") + std::to_string(i) + "]" } } };
            b.add(std::move(push), loop);
            drain = pushed; // the next step's load waits for this one to drain

            if (qk) {
                NewTask sm = b.task(loop + ".sm" + std::to_string(i), "VEC", core, softmax);
                sm.name = "softmax[" + std::to_string(i) + "]";
                sm.wait = { pushed };
                sm.update = { barrier("p", i) };
                sm.extra = { { "reads", { gm + "S[" + std::to_string(i) + "]" } },
                    { "writes", { gm + "P[" + std::to_string(i) + "]" } } };
                b.add(std::move(sm));
            }
        };
        step(true, 0);
        for (std::uint32_t i = 1; i < n; ++i) {
            step(true, i);
            step(false, i - 1);
        }
        step(false, n - 1);
        coreDrain[core] = drain;
    }
    b.finish(graph);
    return graph;
}

TaskGraph generateGemmLoop(const GemmLoopOptions& o)
{
    TaskGraph graph;
    graph.name = "GEMM main loop (" + std::to_string(o.tiles) + " K tiles of " + std::to_string(o.tileM) + "x"
        + std::to_string(o.tileN) + "x" + std::to_string(o.tileK) + ")";
    Platform& p = graph.platform;
    p.name = "gpu-cdna3-cu";
    p.clockMhz = 2100;
    for (const char* name : { "LDS", "MATRIX", "VMEM" })
        p.executors.push_back(executor(name, o.workgroups));

    const std::int64_t tileBytes = (std::int64_t(o.tileM) + o.tileN) * o.tileK * 2;
    const std::int64_t read = 700 + tileBytes / 32; // global latency, then 32 B/cycle per workgroup
    const std::int64_t write = 60 + tileBytes / 64; // registers → LDS
    const std::int64_t mfma = std::int64_t(o.tileM) * o.tileN * o.tileK / 512 / o.computeParts + 40;

    Builder b;
    for (std::uint32_t wg = 0; wg < o.workgroups; ++wg) {
        const std::string loop = "gemm.wg" + std::to_string(wg);
        b.loops.push_back({ loop, {} });
        std::string drain;
        const std::string cu = "wg" + std::to_string(wg) + ".";
        for (std::uint32_t k = 0; k < o.tiles; ++k) {
            const std::string ks = std::to_string(k);
            NewTask rd = b.task(loop + ".rd" + ks, "VMEM", wg, read);
            rd.name = "read global A,B[" + ks + "]";
            rd.role = TaskRole::Dma;
            if (!drain.empty())
                rd.wait = { drain };
            rd.update = { loop + "/read" + ks };
            rd.extra = { { "loop", loopKey(loop, k, "load") }, { "writes", { cu + "REG.AB[0]" } } };
            b.add(std::move(rd), loop);

            NewTask wr = b.task(loop + ".wr" + ks, "LDS", wg, write);
            wr.name = "write shared A,B[" + ks + "]";
            wr.wait = { loop + "/read" + ks };
            wr.update = { loop + "/written" + ks };
            wr.extra = { { "loop", loopKey(loop, k, "write") }, { "reads", { cu + "REG.AB[0]" } },
                { "writes", { cu + "LDS.AB[0]" } } };
            b.add(std::move(wr), loop);

            for (std::uint32_t part = 0; part < o.computeParts; ++part) {
                NewTask mm = b.task(loop + ".mma" + ks + "." + std::to_string(part), "MATRIX", wg, mfma);
                mm.name = "mfma[" + ks + "] part " + std::to_string(part);
                if (part == 0)
                    mm.wait = { loop + "/written" + ks };
                if (part + 1 == o.computeParts) {
                    mm.update = { loop + "/computed" + ks };
                    drain = loop + "/computed" + ks; // the workgroup barrier before the next read
                }
                mm.extra = { { "loop", loopKey(loop, k, "compute") }, { "reads", { cu + "LDS.AB[0]" } },
                    { "writes", { cu + "ACC" } } };
                b.add(std::move(mm), loop);
            }
        }
        NewTask store = b.task(loop + ".store", "VMEM", wg, write * 2);
        store.name = "store C";
        store.wait = { drain };
        store.extra = { { "reads", { cu + "ACC" } } };
        b.add(std::move(store));
    }
    b.finish(graph);
    return graph;
}

} // namespace lookahead
