#pragma once
// Writing the lines of a long list (a graph's tasks, its schedule) on two cores: what a writer does
// once per task, a million times over, split so that another core formats half of the lines.

#include "JsonText.h"

#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <semaphore>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

namespace lookahead::json {

/// Lines of a list as one loop would write them: `line(writer, i)` for i in [0, count), each after
/// `first` (the first line) or `separator`. Chunks of `chunk` lines alternate between this thread,
/// which writes into `out`, and a helper thread formatting the next chunk into a buffer of its own,
/// handed to `out` once this thread's chunk is written: the bytes are those of the loop, and `line`
/// must only read what it writes from. Lists of fewer than two chunks are written here, and so is a
/// helper's chunk where `otherCoreFree` (asked before each) says no or no thread can be started.
template <typename Line> void writeLinesOnTwoCores(TextWriter& out, std::size_t count, std::string_view first,
    std::string_view separator, const Line& line, std::size_t chunk, const std::function<bool()>& otherCoreFree)
{
    const auto writeRange = [&](TextWriter& to, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            to.raw(i ? separator : first);
            line(to, i);
        }
    };
    if (chunk == 0 || count < 2 * chunk) {
        writeRange(out, 0, count);
        return;
    }
    // The helper's chunk goes through one buffer, reused (its pages are faulted in once): the next
    // chunk is handed to the helper only once the last one has been copied out.
    std::string buffer;
    std::size_t helperBegin = 0;
    std::exception_ptr helperFailure;
    std::binary_semaphore go(0), done(0);
    const auto formatHelperChunk = [&] {
        try {
            buffer.clear();
            TextWriter to(buffer);
            writeRange(to, helperBegin, std::min(helperBegin + chunk, count));
            to.finish();
        } catch (...) {
            helperFailure = std::current_exception();
        }
    };
    std::jthread helper;
    try {
        helper = std::jthread([&](const std::stop_token& stop) {
            for (go.acquire(); !stop.stop_requested(); go.acquire()) {
                formatHelperChunk();
                done.release();
            }
        });
    } catch (const std::system_error&) {
        // No thread to spare: every chunk is formatted here.
    }
    bool helping = false; // the helper is formatting the chunk at helperBegin
    const auto handOver = [&](std::size_t begin) {
        helperBegin = begin;
        helping = begin < count && helper.joinable() && (!otherCoreFree || otherCoreFree());
        if (helping)
            go.release();
    };
    const auto stopHelper = [&] {
        if (helping)
            done.acquire();
        helper.request_stop();
        go.release();
    };
    try {
        handOver(chunk);
        for (std::size_t begin = 0; begin < count; begin += 2 * chunk) {
            writeRange(out, begin, std::min(begin + chunk, count));
            if (helperBegin >= count)
                break;
            if (helping) {
                done.acquire();
                helping = false;
            } else {
                formatHelperChunk();
            }
            if (helperFailure)
                std::rethrow_exception(helperFailure);
            out.block(buffer);
            handOver(begin + 3 * chunk);
        }
    } catch (...) {
        stopHelper();
        throw;
    }
    stopHelper();
}

} // namespace lookahead::json
