#pragma once

// The tasks of the loader's streamed and windowed ways (TaskGraphLoader.cpp): a walk of the text
// hands each task's JSON text to TaskBatches, which copies it into a batch of about a megabyte;
// each batch is parsed into a DOM and read, in file order, by the one TaskReader every way shares.
// readPipelined() runs the walk and the parsing on another core while this thread reads the
// batches: on two cores the reading of a large file takes about as long as its slower half.

#include "formats/LoaderPaths.h"
#include "formats/TaskReader.h"

#include <simdjson.h>

#include <functional>
#include <string>
#include <string_view>

namespace lookahead::graphformat {

class BatchQueue;

/// One batch: the tasks' texts as a JSON array, and its DOM once parsed.
struct TaskBatch {
    std::string text;
    simdjson::dom::parser parser;
    simdjson::dom::array tasks;
};

class TaskBatches {
public:
    /// Reads each batch on this thread as soon as it is full.
    TaskBatches(TaskReader& reader, std::size_t batchBytes);
    /// Parses each full batch and hands it to the reader on the other end of `queue`.
    TaskBatches(BatchQueue& queue, std::size_t batchBytes);

    /// The tasks of an On-Demand array, each added. False when they cannot be read this way.
    bool read(simdjson::ondemand::value tasks);
    /// One task's JSON text. False when a batch fails to parse (the whole-DOM way must judge it)
    /// or the reader has stopped.
    bool add(std::string_view task);
    /// Parses and hands over the tasks added last.
    bool finish();

    enum class Run { Taken, Declined, Stopped };
    /// Tasks separated by commas (the text between two of the tasks array's commas), read as one
    /// batch after the tasks added before: Taken when they parse as an array of at least one value,
    /// Declined (nothing kept) when they do not, Stopped when a batch failed or the reader stopped.
    Run addRun(std::string_view tasks);
    std::size_t batchBytes() const { return m_batchBytes; }

private:
    bool flush();
    bool handOver();

    std::size_t m_batchBytes;
    TaskReader* m_reader = nullptr; ///< Reading here, or
    BatchQueue* m_queue = nullptr;  ///< handing batches over.
    TaskBatch m_own;                ///< The batch when reading here.
    TaskBatch* m_batch = nullptr;   ///< The batch being filled.
    std::size_t m_index = 0;        ///< The file index of the next task read here.
};

/// Runs `walk` on another thread, feeding the batches it is given, and reads them here as they
/// are parsed; returns what `walk` returned, once it has ended. A LoadError the reader throws
/// stops the walk and is rethrown.
/// `textBytes`: the text's length, from which the reader's tables are estimated.
bool readPipelined(
    TaskReader& reader, std::size_t textBytes, std::size_t batchBytes, const std::function<bool(TaskBatches&)>& walk);
/// readPipelined() for a text of `textBytes` large enough to gain from it, else `walk` with batches
/// read on this thread.
bool readTaskBatches(
    TaskReader& reader, std::size_t textBytes, const Batching& batching, const std::function<bool(TaskBatches&)>& walk);

} // namespace lookahead::graphformat
