#include "formats/JsonInput.h"

#include "formats/GzipText.h"

#include "JsonErrors.h"

#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

namespace lookahead::json {

namespace {

    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

    /// A SAX handler that accepts everything: only nlohmann's syntax verdict is wanted, no DOM.
    struct SyntaxOnly {
        using Json = nlohmann::json;
        bool null() { return true; }
        bool boolean(bool) { return true; }
        bool number_integer(Json::number_integer_t) { return true; }
        bool number_unsigned(Json::number_unsigned_t) { return true; }
        bool number_float(Json::number_float_t, const Json::string_t&) { return true; }
        bool string(Json::string_t&) { return true; }
        bool binary(Json::binary_t&) { return true; }
        bool start_object(std::size_t) { return true; }
        bool key(Json::string_t&) { return true; }
        bool end_object() { return true; }
        bool start_array(std::size_t) { return true; }
        bool end_array() { return true; }
        bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& problem)
        {
            failed = true;
            byte = position;
            isParseError = dynamic_cast<const Json::parse_error*>(&problem) != nullptr;
            what = problem.what();
            return false;
        }

        bool failed = false;
        bool isParseError = false;
        std::size_t byte = 0;
        std::string what;
    };

    /// Line and column of the first bracket nested deeper than kMaxDepth, or nothing.
    std::optional<std::size_t> tooDeepAt(std::string_view text)
    {
        std::size_t depth = 0;
        bool inString = false;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (inString) {
                if (c == '\\')
                    ++i;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > kMaxDepth)
                    return i;
            } else if (c == ']' || c == '}') {
                depth = depth == 0 ? 0 : depth - 1;
            }
        }
        return std::nullopt;
    }

    Error locatedError(const std::string& fileLabel, std::string_view text, std::size_t byte, std::string message)
    {
        const auto [line, column] = lookahead::detail::lineAndColumn(text, byte);
        return Error { fileLabel, "line " + std::to_string(line) + ", column " + std::to_string(column),
            std::move(message) };
    }

} // namespace

Result<simdjson::padded_string> inflateIfGzip(std::string_view bytes, const std::string& fileLabel)
{
    if (!isGzip(bytes))
        return simdjson::padded_string(bytes);
    simdjson::padded_string inflated;
    Status status = inflateGzip(bytes, fileLabel, inflated);
    if (!status.ok())
        return status.error();
    return inflated;
}

InputFile openInputFileHandle(const std::string& path) { return { std::fopen(path.c_str(), "rb"), std::fclose }; }

Result<simdjson::padded_string> readFileBytes(const std::string& path)
{
    const InputFile file = openInputFileHandle(path);
    if (!file)
        return Error { path, "", std::string("cannot open: ") + std::strerror(errno) };
    // A regular file is read straight into the padded buffer simdjson parses (no second copy);
    // pipes and /proc files report no size and are read in blocks.
    long size = -1;
    if (std::fseek(file.get(), 0, SEEK_END) == 0) {
        size = std::ftell(file.get());
        std::fseek(file.get(), 0, SEEK_SET);
    }
    if (size > 0) {
        simdjson::padded_string bytes(static_cast<std::size_t>(size));
        if (bytes.data() == nullptr)
            return Error { path, "", "cannot read: out of memory" };
        std::size_t got = 0;
        {
            const PrefaultAhead prefault(bytes.data(), bytes.size()); // joined once the read is done
            got = std::fread(bytes.data(), 1, bytes.size(), file.get());
        }
        if (std::ferror(file.get()))
            return Error { path, "", std::string("cannot read: ") + std::strerror(errno) };
        if (got == bytes.size() && std::fgetc(file.get()) == EOF)
            return bytes;
        // The file changed size while we read it: start again in blocks.
        std::fseek(file.get(), 0, SEEK_SET);
    }
    std::string bytes;
    constexpr std::size_t kBlock = 1 << 20;
    std::size_t length = 0;
    for (;;) {
        if (bytes.size() < length + kBlock)
            bytes.resize(std::max(bytes.capacity(), length + kBlock));
        const std::size_t got = std::fread(bytes.data() + length, 1, bytes.size() - length, file.get());
        length += got;
        if (got == 0)
            break;
    }
    if (std::ferror(file.get()))
        return Error { path, "", std::string("cannot read: ") + std::strerror(errno) };
    return simdjson::padded_string(bytes.data(), length);
}

Result<simdjson::padded_string> readInputFile(const std::string& path)
{
    Result<simdjson::padded_string> bytes = readFileBytes(path);
    if (!bytes.ok() || !isGzip(std::string_view(bytes.value().data(), bytes.value().size())))
        return bytes;
    return inflateIfGzip(std::string_view(bytes.value().data(), bytes.value().size()), path);
}

Status checkSyntax(std::string_view text, const std::string& fileLabel)
{
    SyntaxOnly handler;
    nlohmann::json::sax_parse(text.begin(), text.end(), &handler, nlohmann::json::input_format_t::json,
        /*strict=*/true, /*ignore_comments=*/false);
    if (!handler.failed)
        return Status::success();
    const std::string message = "invalid JSON: " + lookahead::detail::parseErrorReason(handler.what);
    if (!handler.isParseError)
        return Error { fileLabel, "", message }; // a number overflow: nlohmann gives no position
    return locatedError(fileLabel, text, handler.byte == 0 ? 0 : handler.byte - 1, message);
}

Result<simdjson::dom::element> parseDocument(
    simdjson::dom::parser& parser, const simdjson::padded_string& text, const std::string& fileLabel)
{
    if (parser.max_depth() < kMaxDepth) {
        if (parser.allocate(std::max(parser.capacity(), text.size()), kMaxDepth) != simdjson::SUCCESS)
            return Error { fileLabel, "", "out of memory for the JSON parser" };
    }
    std::string_view view(text.data(), text.size());
    if (view.substr(0, kByteOrderMark.size()) == kByteOrderMark)
        view.remove_prefix(kByteOrderMark.size());
    // The text is padded at its end, so a suffix of it is still padded.
    auto parsed = parser.parse(view.data(), view.size(), /*realloc_if_needed=*/false);
    if (!parsed.error())
        return parsed.value_unsafe();

    Result<std::string> canonical = explainRefusal(text, fileLabel);
    if (!canonical.ok())
        return canonical.error();
    auto again = parser.parse(canonical.value().data(), canonical.value().size(), /*realloc_if_needed=*/true);
    if (again.error())
        return Error { fileLabel, "", std::string("invalid JSON: ") + simdjson::error_message(again.error()) };
    return again.value_unsafe();
}

Result<std::string> explainRefusal(const simdjson::padded_string& text, const std::string& fileLabel)
{
    const std::string_view whole(text.data(), text.size());
    std::string_view view = whole;
    if (view.substr(0, kByteOrderMark.size()) == kByteOrderMark)
        view.remove_prefix(kByteOrderMark.size());
    Status syntax = checkSyntax(whole, fileLabel);
    if (!syntax.ok())
        return syntax.error();
    if (const auto deep = tooDeepAt(view)) {
        const std::size_t bomBytes = whole.size() - view.size();
        return locatedError(fileLabel, whole, *deep + bomBytes,
            "invalid JSON: nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    // Valid for nlohmann, refused by simdjson: integers beyond 64 bits. nlohmann's canonical dump
    // writes them as the doubles nlohmann reads them as, which simdjson accepts.
    return nlohmann::json::parse(whole.begin(), whole.end()).dump();
}

simdjson::error_code rawJson(simdjson::ondemand::value value, std::string_view& text)
{
    simdjson::ondemand::json_type type {};
    if (auto error = value.type().get(type))
        return error;
    if (type == simdjson::ondemand::json_type::object) {
        simdjson::ondemand::object object;
        if (auto error = value.get_object().get(object))
            return error;
        return object.raw_json().get(text);
    }
    if (type == simdjson::ondemand::json_type::array) {
        simdjson::ondemand::array array;
        if (auto error = value.get_array().get(array))
            return error;
        return array.raw_json().get(text);
    }
    text = value.raw_json_token();
    return simdjson::SUCCESS;
}

std::optional<std::string_view> plainString(simdjson::ondemand::raw_json_string raw)
{
    // Stage 1 found the closing quote and checked UTF-8 and control characters: the first quote
    // after the opening one closes the string unless a backslash comes before it.
    const char* begin = raw.raw();
    const char* quote = begin;
    while (*quote != '"') {
        if (*quote == '\\')
            return std::nullopt;
        ++quote;
    }
    return std::string_view(begin, std::size_t(quote - begin));
}

simdjson::error_code fieldKey(simdjson::ondemand::field& field, std::string_view& key)
{
    if (const auto plain = plainString(field.key())) {
        key = *plain;
        return simdjson::SUCCESS;
    }
    return field.unescaped_key().get(key);
}

namespace {
    simdjson::error_code validateContainer(simdjson::ondemand::value value, bool isArray, std::size_t depth)
    {
        using namespace simdjson;
        // The DOM parser counts a container when it has a first element (an empty one is a leaf).
        bool first = true;
        auto enter = [&]() {
            if (!first)
                return SUCCESS;
            first = false;
            return depth + 1 >= kMaxDepth ? DEPTH_ERROR : SUCCESS;
        };
        if (isArray) {
            ondemand::array array;
            if (auto error = value.get_array().get(array))
                return error;
            for (auto item : array) {
                if (auto error = item.error();
                    error || (error = enter()) || (error = validate(item.value_unsafe(), depth + 1)))
                    return error;
            }
            return SUCCESS;
        }
        ondemand::object object;
        if (auto error = value.get_object().get(object))
            return error;
        for (auto member : object) {
            ondemand::field field;
            std::string_view key;
            if (auto error = std::move(member).get(field); error || (error = enter()) || (error = fieldKey(field, key))
                || (error = validate(field.value(), depth + 1)))
                return error;
        }
        return SUCCESS;
    }
} // namespace

simdjson::error_code validate(simdjson::ondemand::value value, std::size_t depth)
{
    using namespace simdjson;
    ondemand::json_type type;
    if (auto error = value.type().get(type))
        return error;
    switch (type) {
    case ondemand::json_type::array:
    case ondemand::json_type::object:
        return validateContainer(value, type == ondemand::json_type::array, depth);
    case ondemand::json_type::number: {
        ondemand::number number;
        return value.get_number().get(number);
    }
    case ondemand::json_type::string: {
        ondemand::raw_json_string raw;
        if (auto error = value.get_raw_json_string().get(raw))
            return error;
        std::string_view unescaped;
        return plainString(raw) ? SUCCESS : value.get_string().get(unescaped);
    }
    case ondemand::json_type::boolean: {
        bool flag = false;
        return value.get_bool().get(flag);
    }
    case ondemand::json_type::null: {
        bool isNull = false;
        if (auto error = value.is_null().get(isNull))
            return error;
        return isNull ? SUCCESS : INCORRECT_TYPE;
    }
    }
    return TAPE_ERROR;
}

std::string escapePointerToken(std::string_view token)
{
    if (token.find_first_of("~/") == std::string_view::npos)
        return std::string(token);
    std::string out;
    out.reserve(token.size() + 2);
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string childPointer(const std::string& pointer, std::string_view key)
{
    return pointer + "/" + escapePointerToken(key);
}

std::string childPointer(const std::string& pointer, std::size_t index)
{
    return pointer + "/" + std::to_string(index);
}

const char* typeName(simdjson::dom::element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
        return "null";
    case simdjson::dom::element_type::BOOL:
        return "a boolean";
    case simdjson::dom::element_type::STRING:
        return "a string";
    case simdjson::dom::element_type::DOUBLE:
        return "a non-integer number";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
        return "an integer";
    case simdjson::dom::element_type::ARRAY:
        return "an array";
    case simdjson::dom::element_type::OBJECT:
        return "an object";
    }
    return "an unsupported value";
}

} // namespace lookahead::json
