#include "lookahead/PassOption.h"

#include "lookahead/Pass.h"

#include <algorithm>
#include <charconv>

namespace lookahead {

OptionBase::OptionBase(Pass* owner, std::string name, std::string help)
    : m_owner(owner)
    , m_name(std::move(name))
    , m_help(std::move(help))
{
    owner->m_options.push_back(this);
}

void OptionBase::reset()
{
    m_set = false;
    m_deprecation.clear();
    resetImpl();
}

const std::vector<ToolchainName>& OptionBase::toolchainNames() const
{
    static const std::vector<ToolchainName> none;
    return m_toolchainNames ? *m_toolchainNames : none;
}

Status OptionBase::parse(const OptionText& text)
{
    m_deprecation.clear();
    Status status = parseImpl(text);
    if (status.ok())
        m_set = true;
    return status;
}

Status OptionBase::setValue(const OptionValue& value)
{
    OptionText text;
    if (const auto* i = std::get_if<std::int64_t>(&value))
        text.word = std::to_string(*i);
    else if (const auto* b = std::get_if<bool>(&value))
        text.word = *b ? "true" : "false";
    else if (const auto* s = std::get_if<std::string>(&value))
        text.word = *s;
    else {
        text.isList = true;
        text.list = std::get<std::vector<std::string>>(value);
    }
    return parse(text);
}

Error OptionBase::error(std::string message) const
{
    return Error { "", std::string("option ") + std::string(m_owner->name()) + "." + m_name, std::move(message) };
}

namespace {
    std::string describe(const OptionText& text)
    {
        if (!text.isList)
            return "\"" + text.word + "\"";
        std::string out = "{";
        for (std::size_t i = 0; i < text.list.size(); ++i)
            out += (i ? "," : "") + text.list[i];
        return out + "}";
    }

    std::string boundText(std::int64_t value)
    {
        if (value == (std::int64_t(1) << 53) - 1)
            return "2^53-1";
        if (value == INT64_MAX)
            return "2^63-1";
        return std::to_string(value);
    }
} // namespace

IntegerOption::IntegerOption(Pass* owner, std::string name, std::int64_t defaultValue, std::int64_t minimum,
    std::int64_t maximum, std::string unit, std::string help, std::string defaultDescription)
    : OptionBase(owner, std::move(name), std::move(help))
    , m_value(defaultValue)
    , m_default(defaultValue)
    , m_minimum(minimum)
    , m_maximum(maximum)
    , m_unit(std::move(unit))
    , m_defaultDescription(std::move(defaultDescription))
{
}

std::string IntegerOption::defaultText() const
{
    return m_defaultDescription.empty() ? std::to_string(m_default) : m_defaultDescription;
}

std::string IntegerOption::typeText() const
{
    return (m_unit.empty() ? std::string("integer") : m_unit) + " in [" + boundText(m_minimum) + ", "
        + boundText(m_maximum) + "]";
}

Status IntegerOption::parseImpl(const OptionText& text)
{
    std::int64_t value = 0;
    const char* begin = text.word.data();
    const char* end = begin + text.word.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (text.isList || text.word.empty() || ec != std::errc() || ptr != end)
        return error("expects an integer, got " + describe(text));
    if (value < m_minimum || value > m_maximum)
        return error(
            "value " + text.word + " is out of range [" + boundText(m_minimum) + ", " + boundText(m_maximum) + "]");
    m_value = value;
    return Status::success();
}

BoolOption::BoolOption(Pass* owner, std::string name, bool defaultValue, std::string help)
    : OptionBase(owner, std::move(name), std::move(help))
    , m_value(defaultValue)
    , m_default(defaultValue)
{
}

Status BoolOption::parseImpl(const OptionText& text)
{
    if (!text.isList && text.word == "true")
        m_value = true;
    else if (!text.isList && text.word == "false")
        m_value = false;
    else
        return error("expects true or false, got " + describe(text));
    return Status::success();
}

EnumOption::EnumOption(Pass* owner, std::string name, std::string defaultValue, std::vector<std::string> choices,
    std::string help, std::string defaultDescription, std::vector<DeprecatedSpelling> deprecated)
    : OptionBase(owner, std::move(name), std::move(help))
    , m_value(defaultValue)
    , m_default(std::move(defaultValue))
    , m_choices(std::move(choices))
    , m_defaultDescription(std::move(defaultDescription))
    , m_deprecated(std::move(deprecated))
{
}

std::string EnumOption::typeText() const
{
    std::string out;
    for (std::size_t i = 0; i < m_choices.size(); ++i)
        out += (i ? "|" : "") + m_choices[i];
    return out;
}

Status EnumOption::parseImpl(const OptionText& text)
{
    for (const DeprecatedSpelling& spelling : m_deprecated) {
        if (!text.isList && text.word == spelling.old) {
            m_value = spelling.current;
            m_deprecation = name() + "=" + spelling.old + " is deprecated: write " + name() + "=" + spelling.current
                + (spelling.why.empty() ? "" : " (" + spelling.why + ")");
            return Status::success();
        }
    }
    if (text.isList || std::find(m_choices.begin(), m_choices.end(), text.word) == m_choices.end())
        return error("expects one of " + typeText() + ", got " + describe(text));
    m_value = text.word;
    return Status::success();
}

WordOption::WordOption(
    Pass* owner, std::string name, std::string defaultValue, std::string help, std::string defaultDescription)
    : OptionBase(owner, std::move(name), std::move(help))
    , m_value(defaultValue)
    , m_default(std::move(defaultValue))
    , m_defaultDescription(std::move(defaultDescription))
{
}

Status WordOption::parseImpl(const OptionText& text)
{
    if (text.isList || text.word.empty())
        return error("expects a word, got " + describe(text));
    m_value = text.word;
    return Status::success();
}

ListOption::ListOption(Pass* owner, std::string name, std::string help, std::string defaultDescription)
    : OptionBase(owner, std::move(name), std::move(help))
    , m_defaultDescription(std::move(defaultDescription))
{
}

std::string ListOption::valueText() const
{
    std::string out = "{";
    for (std::size_t i = 0; i < m_value.size(); ++i)
        out += (i ? "," : "") + m_value[i];
    return out + "}";
}

Status ListOption::parseImpl(const OptionText& text)
{
    if (text.isList) {
        for (const std::string& word : text.list)
            if (word.empty())
                return error("expects a list of words, got an empty entry");
        m_value = text.list;
    } else {
        if (text.word.empty())
            return error("expects a list of words, got an empty value");
        m_value = { text.word };
    }
    return Status::success();
}

Statistic::Statistic(Pass* owner, std::string name, std::string help)
    : m_name(std::move(name))
    , m_help(std::move(help))
{
    owner->m_statistics.push_back(this);
}

} // namespace lookahead
