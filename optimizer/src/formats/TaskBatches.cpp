#include "formats/TaskBatches.h"

#include <array>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace lookahead::graphformat {

namespace {
    /// Room for a batch's text and simdjson's padding, so that parsing it copies nothing.
    void reserveText(TaskBatch& batch, std::size_t batchBytes)
    {
        batch.text.reserve(2 * batchBytes + simdjson::SIMDJSON_PADDING);
    }

    /// Closes and parses the batch's array. The parser grows with headroom: one sized to a batch
    /// exactly was reallocated, and its memory faulted in afresh, for the next one a few bytes
    /// larger. Its depth is conservative: a task nested nearly as deep as the limit goes to
    /// readWhole().
    bool parse(TaskBatch& batch)
    {
        batch.text += ']';
        const std::size_t size = batch.text.size();
        if (batch.parser.capacity() < size && batch.parser.allocate(size + size / 2, json::kMaxDepth - 2))
            return false;
        return batch.parser.parse(batch.text).get_array().get(batch.tasks) == simdjson::SUCCESS;
    }

    void readBatch(TaskReader& reader, const TaskBatch& batch, std::size_t& index)
    {
        for (Element task : batch.tasks)
            reader.add(task, index++);
        reader.internNames(); // before the batch is reused: add() keeps views of its strings
    }
} // namespace

/// The batches between the walk and the reader: two, so that the walk parses one while the reader
/// reads the other, and a batch's memory is faulted in once. (A third let the walk run further
/// ahead for no gain on the generator's or the compiler's shape, and cost 12 MB.)
class BatchQueue {
public:
    /// The walk's next batch to fill, once the reader has released it; null when the reader stopped.
    TaskBatch* toFill()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_stopped || m_published - m_released < kBatches; });
        return m_stopped ? nullptr : &m_batches[m_published % kBatches];
    }
    /// The batch toFill() gave is parsed.
    void publish()
    {
        update([&] { ++m_published; });
    }
    /// The walk has ended.
    void close()
    {
        update([&] { m_closed = true; });
    }

    /// The next parsed batch, in the walk's order; null once the walk has ended and all are read.
    TaskBatch* next()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_closed || m_released < m_published; });
        return m_released < m_published ? &m_batches[m_released % kBatches] : nullptr;
    }
    /// The batch next() gave is read.
    void release()
    {
        update([&] { ++m_released; });
    }
    /// The reader stops (it found a problem): the walk's next toFill() gives null.
    void stop()
    {
        update([&] { m_stopped = true; });
    }

private:
    static constexpr std::size_t kBatches = 2;

    template <typename Change> void update(Change&& change)
    {
        {
            std::lock_guard lock(m_mutex);
            change();
        }
        m_changed.notify_all();
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::array<TaskBatch, kBatches> m_batches;
    std::size_t m_published = 0; ///< Batches parsed, in all.
    std::size_t m_released = 0;  ///< Batches read, in all.
    bool m_closed = false;
    bool m_stopped = false;
};

TaskBatches::TaskBatches(TaskReader& reader, std::size_t batchBytes)
    : m_batchBytes(batchBytes)
    , m_reader(&reader)
    , m_batch(&m_own)
{
    reserveText(m_own, m_batchBytes);
}

TaskBatches::TaskBatches(BatchQueue& queue, std::size_t batchBytes)
    : m_batchBytes(batchBytes)
    , m_queue(&queue)
    , m_batch(queue.toFill())
{
    if (m_batch)
        reserveText(*m_batch, m_batchBytes);
}

bool TaskBatches::read(simdjson::ondemand::value tasks)
{
    simdjson::ondemand::array array;
    if (tasks.get_array().get(array))
        return false;
    for (auto item : array) {
        simdjson::ondemand::value task;
        std::string_view text;
        if (item.get(task) || json::rawJson(task, text) || !add(text))
            return false;
    }
    return finish();
}

bool TaskBatches::add(std::string_view task)
{
    if (!m_batch)
        return false;
    m_batch->text += m_batch->text.empty() ? '[' : ',';
    m_batch->text += task;
    return m_batch->text.size() < m_batchBytes || flush();
}

bool TaskBatches::finish() { return flush(); }

bool TaskBatches::flush()
{
    if (!m_batch)
        return false;
    return m_batch->text.empty() || (parse(*m_batch) && handOver());
}

TaskBatches::Run TaskBatches::addRun(std::string_view tasks)
{
    if (!flush())
        return Run::Stopped;
    m_batch->text += '[';
    m_batch->text += tasks;
    if (!parse(*m_batch) || m_batch->tasks.size() == 0) {
        m_batch->text.clear();
        return Run::Declined;
    }
    return handOver() ? Run::Taken : Run::Stopped;
}

/// The parsed batch to the reader: read here, or published for the reader's thread.
bool TaskBatches::handOver()
{
    if (m_reader) {
        readBatch(*m_reader, *m_batch, m_index);
        m_batch->text.clear();
        return true;
    }
    m_queue->publish();
    m_batch = m_queue->toFill();
    if (!m_batch)
        return false;
    m_batch->text.clear();
    reserveText(*m_batch, m_batchBytes);
    return true;
}

bool readPipelined(
    TaskReader& reader, std::size_t textBytes, std::size_t batchBytes, const std::function<bool(TaskBatches&)>& walk)
{
    BatchQueue queue;
    bool walked = false;
    std::exception_ptr walkFailure; // bad_alloc: the walk itself reports problems by returning false
    std::thread walker([&] {
        try {
            TaskBatches batches(queue, batchBytes);
            walked = walk(batches);
        } catch (...) {
            walkFailure = std::current_exception();
        }
        queue.close();
    });
    std::size_t index = 0;
    // Once a batch is read, the tables the rest will fill are faulted in on the other core: on the
    // first samples of a large file, most of this thread's time was the kernel zeroing them.
    std::optional<json::PrefaultAhead> prefault;
    try {
        while (TaskBatch* batch = queue.next()) {
            readBatch(reader, *batch, index);
            if (!prefault && batch->text.size() < textBytes)
                prefault.emplace(reader.roomAhead(double(textBytes) / double(batch->text.size())));
            queue.release();
        }
    } catch (...) {
        queue.stop();
        walker.join();
        throw;
    }
    walker.join();
    if (walkFailure)
        std::rethrow_exception(walkFailure);
    return walked;
}

bool readTaskBatches(
    TaskReader& reader, std::size_t textBytes, const Batching& batching, const std::function<bool(TaskBatches&)>& walk)
{
    if (textBytes >= batching.pipelineBytes)
        return readPipelined(reader, textBytes, batching.batchBytes, walk);
    TaskBatches batches(reader, batching.batchBytes);
    return walk(batches);
}

} // namespace lookahead::graphformat
