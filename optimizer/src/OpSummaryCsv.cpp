#include "lookahead/OpSummaryCsv.h"

#include "lookahead/AtomicFile.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace lookahead {

namespace {

    /// Splits RFC 4180 text into records of fields, remembering each record's first line.
    struct CsvRecord {
        std::size_t line = 0;
        std::vector<std::string> fields;
    };

    Result<std::vector<CsvRecord>> splitCsv(std::string_view text, const std::string& fileLabel)
    {
        std::vector<CsvRecord> records;
        CsvRecord record;
        std::string field;
        std::size_t line = 1;
        record.line = 1;
        bool quoted = false, fieldStarted = false, afterQuote = false;
        auto endField = [&] {
            record.fields.push_back(std::move(field));
            field.clear();
            fieldStarted = afterQuote = false;
        };
        auto endRecord = [&] {
            endField();
            if (!(record.fields.size() == 1 && record.fields[0].empty())) // blank line
                records.push_back(std::move(record));
            record = {};
            record.line = line;
        };
        if (text.starts_with("\xEF\xBB\xBF"))
            text.remove_prefix(3);
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (quoted) {
                if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else if (c == '"') {
                    quoted = false;
                    afterQuote = true;
                } else {
                    line += c == '\n';
                    field += c;
                }
                continue;
            }
            if (c == ',') {
                endField();
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                    ++i;
                ++line;
                endRecord();
            } else if (c == '"' && !fieldStarted) {
                quoted = fieldStarted = true;
            } else if (afterQuote) {
                return Error { fileLabel, "line " + std::to_string(line), "text after a closing quote" };
            } else {
                field += c;
                fieldStarted = true;
            }
        }
        if (quoted)
            return Error { fileLabel, "line " + std::to_string(line), "a quoted field is not closed" };
        endRecord();
        return records;
    }

    std::string normalised(std::string_view name)
    {
        std::string out;
        for (char c : name)
            if (!std::isspace(static_cast<unsigned char>(c)))
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    }

    std::string trimmed(const std::string& text)
    {
        const auto begin = text.find_first_not_of(" \t");
        if (begin == std::string::npos)
            return {};
        return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
    }

    /// An integer cell; `N/A` and empty give nullopt; anything else that is not an integer is an error.
    Result<std::optional<std::int64_t>> integerCell(
        const std::string& cell, const std::string& fileLabel, std::size_t line, const std::string& column)
    {
        const std::string text = trimmed(cell);
        if (text.empty() || text == "N/A" || text == "NA")
            return std::optional<std::int64_t> {};
        std::int64_t value = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size() || value < 0)
            return Error { fileLabel, "line " + std::to_string(line) + ", column \"" + column + "\"",
                "expected a count, got \"" + text + "\"" };
        return std::optional<std::int64_t> { value };
    }

} // namespace

const OpSummaryRow* OpSummary::find(std::optional<std::int64_t> streamId, std::optional<std::int64_t> taskId,
    std::string_view opName, std::size_t occurrence) const
{
    if (streamId && taskId)
        for (const OpSummaryRow& row : rows)
            if (row.streamId == streamId && row.taskId == taskId && (row.opName.empty() || row.opName == opName))
                return &row;
    for (const OpSummaryRow& row : rows)
        if (row.opName == opName && occurrence-- == 0)
            return &row;
    return nullptr;
}

Result<OpSummary> parseOpSummaryCsv(std::string_view text, const std::string& fileLabel)
{
    Result<std::vector<CsvRecord>> records = splitCsv(text, fileLabel);
    if (!records.ok())
        return records.error();
    if (records.value().empty())
        return Error { fileLabel, "line 1", "empty file: expected a header with \"Task Type\" and \"Block Dim\"" };
    const CsvRecord& header = records.value().front();
    auto column = [&](std::initializer_list<const char*> names) -> int {
        for (std::size_t c = 0; c < header.fields.size(); ++c)
            for (const char* name : names)
                if (normalised(header.fields[c]) == normalised(name))
                    return static_cast<int>(c);
        return -1;
    };
    const int taskType = column({ "Task Type" }), blockDim = column({ "Block Dim" });
    const int mixBlockDim = column({ "Mix Block Dim" }), opName = column({ "Op Name" }), opType = column({ "Op Type" }),
              streamId = column({ "Stream ID" }), taskId = column({ "Task ID" });
    for (auto [index, name] : { std::pair { taskType, "Task Type" }, std::pair { blockDim, "Block Dim" } })
        if (index < 0)
            return Error { fileLabel, "line " + std::to_string(header.line),
                std::string("no \"") + name + "\" column (an msprof op_summary CSV has one)" };

    OpSummary summary;
    for (std::size_t r = 1; r < records.value().size(); ++r) {
        const CsvRecord& record = records.value()[r];
        auto cell = [&](int index) {
            return index >= 0 && std::size_t(index) < record.fields.size() ? record.fields[index] : std::string();
        };
        OpSummaryRow row;
        row.line = record.line;
        row.opName = trimmed(cell(opName));
        row.opType = trimmed(cell(opType));
        row.taskType = trimmed(cell(taskType));
        const std::pair<int, const char*> integers[] = { { blockDim, "Block Dim" }, { mixBlockDim, "Mix Block Dim" },
            { streamId, "Stream ID" }, { taskId, "Task ID" } };
        std::optional<std::int64_t> values[4];
        for (std::size_t i = 0; i < 4; ++i) {
            Result<std::optional<std::int64_t>> value
                = integerCell(cell(integers[i].first), fileLabel, record.line, integers[i].second);
            if (!value.ok())
                return value.error();
            values[i] = value.value();
        }
        row.blockDim = values[0].value_or(0);
        row.mixBlockDim = values[1];
        row.streamId = values[2];
        row.taskId = values[3];
        summary.rows.push_back(std::move(row));
    }
    return summary;
}

Result<OpSummary> loadOpSummaryCsv(const std::string& path)
{
    Result<std::string> text = readFile(path);
    if (!text.ok())
        return text.error();
    return parseOpSummaryCsv(text.value(), path);
}

} // namespace lookahead
