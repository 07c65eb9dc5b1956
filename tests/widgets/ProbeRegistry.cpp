#include "ProbeRegistry.h"

#include "RunController.h"

#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <QByteArray>
#include <QtGlobal>

namespace lookahead::test {

namespace {
    class ProbePass final : public Pass {
    public:
        std::string_view name() const override { return "probe"; }
        std::string_view summary() const override { return "test pass exercising every option kind"; }
        Status run(PassContext& context) override
        {
            if (fail())
                return Error { "", "", "asked to fail" };
            runs += 1;
            if (insert()) {
                NewTask task;
                task.id = "inserted";
                task.exec = context.graph.platform.executors.front().name;
                task.cycles = delay();
                task.origin = "probe";
                task.role = TaskRole::Prefetch;
                task.prefetch = context.graph.kernels.empty() ? std::string() : context.graph.kernels.front().name;
                if (task.prefetch.empty())
                    task.role = TaskRole::Compute;
                context.explain(
                    { { "action", "inserted" }, { "task", "inserted" }, { "reason", "asked to insert by the test" } });
                context.graph.insertTasks({ { 0, task } });
                ++inserted;
            }
            return Status::success();
        }
        IntegerOption distance { this, "distance", 1, 0, 3, "", "iterations ahead" };
        IntegerOption delay { this, "delay", 1000, 0, (std::int64_t(1) << 53) - 1, "cycles",
            "length of the inserted task" };
        EnumOption mode { this, "mode", "start", { "off", "start", "start+mid", "idle" }, "generation" };
        BoolOption insert { this, "insert", false, "insert one task at the front" };
        BoolOption fail { this, "fail", false, "fail when run" };
        ListOption kernels { this, "kernels", "allow-list", "all" };
        WordOption exec { this, "exec", "", "executor kind", "the only tiled kind" };
        Statistic runs { this, "runs", "times run" };
        Statistic inserted { this, "inserted", "tasks inserted" };
    };

    class OtherPass final : public Pass {
    public:
        std::string_view name() const override { return "other"; }
        std::string_view summary() const override { return "no options"; }
        Status run(PassContext&) override { return Status::success(); }
    };
} // namespace

const PassRegistry& probeRegistry()
{
    static const PassRegistry registry = [] {
        PassRegistry r;
        r.add([] { return std::make_unique<ProbePass>(); });
        r.add([] { return std::make_unique<OtherPass>(); });
        return r;
    }();
    return registry;
}

QByteArray sampleGraphJson()
{
    return QByteArrayLiteral(R"({"format":"lookahead-taskgraph","version":1,"name":"gui test graph",
 "platform":{"name":"p","clock_mhz":1000,"executors":{"DMA":{"units":1,"engines":1},
   "SHAVE":{"units":2,"engines":2,"tiled":true,"icache":"shave"}},
   "icache":{"shave":{"l1_bytes":8192,"l2_bytes":65536,"line_bytes":64,"l2_hit_latency":60,
     "l2_bytes_per_cycle":32,"miss_latency":1200,"miss_bytes_per_cycle":4}}},
 "kernels":{"softmax":{"code_bytes":4096},"convert":{"code_bytes":2048}},
 "tasks":[
  {"id":"load0","exec":"DMA","cycles":5000,"update":["b0"],"role":"dma"},
  {"id":"sm0","name":"softmax/cluster_0","exec":"SHAVE","unit":0,"cycles":8000,"kernel":"softmax","wait":["b0"],"update":["b1"]},
  {"id":"sm1","name":"softmax/cluster_1","exec":"SHAVE","unit":1,"cycles":8000,"kernel":"softmax","wait":["b0"],"update":["b1"]},
  {"id":"cv0","name":"convert/cluster_0","exec":"SHAVE","unit":0,"cycles":3000,"kernel":"convert","wait":["b1"],"update":["b2"]},
  {"id":"load1","exec":"DMA","cycles":4000,"wait":["b1"],"update":["b2"],"role":"dma"},
  {"id":"sync","exec":"DMA","cycles":10,"wait":["b2"],"role":"sync"}
 ]})");
}

std::shared_ptr<const ScheduleSnapshot> snapshotOf(std::string_view json, const char* label)
{
    auto parsed = parseTaskGraph(json, label);
    if (!parsed.ok())
        qFatal("%s", parsed.error().toString().c_str());
    auto graph = std::make_shared<const TaskGraph>(std::move(parsed).value());
    return RunController::makeSnapshot(graph, simulate(*graph).value());
}

} // namespace lookahead::test
