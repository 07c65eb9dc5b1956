#pragma once

/// \file Reading msprof's per-operator table (`op_summary*.csv`, `OpBasicInfo.csv` of `msprof op`).
///
/// An Ascend device trace (`trace_view.json`) says which stream ran which task and when, not how
/// many cores each operator spanned. msprof's op summary does: `Block Dim` is the number of cores
/// the task ran on, `Mix Block Dim` the cores of the secondary type of a mix operator (`N/A`
/// otherwise). `lookahead batch import --op-summary FILE` reads it to give device tasks their
/// `blocks` instead of the platform preset's assumption.
///
/// The reader is RFC 4180 (quoted fields, doubled quotes, CRLF), finds columns by header name
/// ignoring case and surrounding spaces (msprof writes both `Op Type` and `OP Type`), and needs only
/// `Task Type` and `Block Dim`. Errors name the file, the line and the column.

#include "lookahead/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

struct OpSummaryRow {
    std::size_t line = 0; ///< 1-based line of the row in the file.
    std::string opName;   ///< `Op Name` (empty when the column is absent).
    std::string opType;   ///< `Op Type` / `OP Type`.
    std::string taskType; ///< `Task Type`: `AI_CORE`, `AI_VECTOR_CORE`, `MIX_AIC`, `MIX_AIV`, `AI_CPU`, ...
    std::optional<std::int64_t> streamId;    ///< `Stream ID`.
    std::optional<std::int64_t> taskId;      ///< `Task ID`.
    std::int64_t blockDim = 0;               ///< `Block Dim`; 0 when the cell is empty or `N/A`.
    std::optional<std::int64_t> mixBlockDim; ///< `Mix Block Dim`; nullopt for `N/A` or empty.
};

struct OpSummary {
    std::vector<OpSummaryRow> rows;

    /// The row of a device task: the one with this stream and task id when the table has those
    /// columns, else the `occurrence`-th (0-based) row named `opName`. nullptr when none matches.
    const OpSummaryRow* find(std::optional<std::int64_t> streamId, std::optional<std::int64_t> taskId,
        std::string_view opName, std::size_t occurrence) const;
};

Result<OpSummary> parseOpSummaryCsv(std::string_view text, const std::string& fileLabel);
Result<OpSummary> loadOpSummaryCsv(const std::string& path);

} // namespace lookahead
