#pragma once

/// \file Pass options, declared once (MLIR style) as members of their pass.
///
/// An option's declaration (name, type, default, range or choices, help) drives everything else:
/// the pipeline parser and printer, validation messages, `batch passes`, and the GUI's editors.
/// What the option is called in the real toolchains is declared beside it too (ToolchainName.h).

#include "lookahead/Result.h"
#include "lookahead/ToolchainName.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lookahead {

class Pass;

enum class OptionKind {
    Integer, ///< A whole number in [minimum, maximum]; `unit` says e.g. "cycles".
    Bool,    ///< `true` or `false`.
    Enum,    ///< One word of `choices()`.
    Word,    ///< Any word (e.g. an executor kind); checked by the pass against the graph.
    List,    ///< `{a,b,c}`; a single word is a one-element list.
};

/// A value as the pipeline text spells it: a word, or a braced list of words.
struct OptionText {
    std::string word;
    std::vector<std::string> list;
    bool isList = false;
};

using OptionValue = std::variant<std::int64_t, bool, std::string, std::vector<std::string>>;

/// Common interface of the option kinds; registers itself with its pass on construction.
class OptionBase {
public:
    OptionBase(Pass* owner, std::string name, std::string help);
    virtual ~OptionBase() = default;
    OptionBase(const OptionBase&) = delete;
    OptionBase& operator=(const OptionBase&) = delete;

    const std::string& name() const { return m_name; }
    const std::string& help() const { return m_help; }
    virtual OptionKind kind() const = 0;
    /// The default as text (`280000`, `start`, `all`, `units × engines`, ...).
    virtual std::string defaultText() const = 0;
    /// The type as `batch passes` prints it (`integer [0, 2^53)`, `off|start|...`).
    virtual std::string typeText() const = 0;

    /// True when a value was given (pipeline text or setValue); printing lists only these.
    bool isSet() const { return m_set; }
    void reset();
    /// Parses a value from pipeline text. The error names the option as `PASS.OPTION`.
    Status parse(const OptionText& text);
    /// The current value (set or default) in canonical text form.
    virtual std::string valueText() const = 0;
    /// The current value as a variant, for editors.
    virtual OptionValue value() const = 0;
    Status setValue(const OptionValue& value);

    /// What the option is called in each toolchain (empty when none was declared).
    const std::vector<ToolchainName>& toolchainNames() const;
    /// Set when the last parse accepted a deprecated spelling: what to write instead and why.
    const std::string& deprecation() const { return m_deprecation; }

protected:
    virtual Status parseImpl(const OptionText& text) = 0;
    virtual void resetImpl() = 0;
    Error error(std::string message) const;
    std::string m_deprecation;

private:
    friend class ToolchainNames;
    Pass* m_owner;
    std::string m_name;
    std::string m_help;
    const std::vector<ToolchainName>* m_toolchainNames = nullptr;
    bool m_set = false;
};

class IntegerOption final : public OptionBase {
public:
    IntegerOption(Pass* owner, std::string name, std::int64_t defaultValue, std::int64_t minimum, std::int64_t maximum,
        std::string unit, std::string help, std::string defaultDescription = {});
    std::int64_t operator()() const { return m_value; }
    std::int64_t minimum() const { return m_minimum; }
    std::int64_t maximum() const { return m_maximum; }
    const std::string& unit() const { return m_unit; }
    OptionKind kind() const override { return OptionKind::Integer; }
    std::string defaultText() const override;
    std::string typeText() const override;
    std::string valueText() const override { return std::to_string(m_value); }
    OptionValue value() const override { return m_value; }

private:
    Status parseImpl(const OptionText& text) override;
    void resetImpl() override { m_value = m_default; }
    std::int64_t m_value, m_default, m_minimum, m_maximum;
    std::string m_unit, m_defaultDescription;
};

class BoolOption final : public OptionBase {
public:
    BoolOption(Pass* owner, std::string name, bool defaultValue, std::string help);
    bool operator()() const { return m_value; }
    OptionKind kind() const override { return OptionKind::Bool; }
    std::string defaultText() const override { return m_default ? "true" : "false"; }
    std::string typeText() const override { return "bool"; }
    std::string valueText() const override { return m_value ? "true" : "false"; }
    OptionValue value() const override { return m_value; }

private:
    Status parseImpl(const OptionText& text) override;
    void resetImpl() override { m_value = m_default; }
    bool m_value, m_default;
};

/// An old spelling of an enum value, still accepted (and printed in its new spelling).
struct DeprecatedSpelling {
    std::string old;
    std::string current;
    std::string why; ///< Appended to the deprecation note.
};

class EnumOption final : public OptionBase {
public:
    EnumOption(Pass* owner, std::string name, std::string defaultValue, std::vector<std::string> choices,
        std::string help, std::string defaultDescription = {}, std::vector<DeprecatedSpelling> deprecated = {});
    const std::string& operator()() const { return m_value; }
    const std::vector<std::string>& choices() const { return m_choices; }
    OptionKind kind() const override { return OptionKind::Enum; }
    std::string defaultText() const override { return m_defaultDescription.empty() ? m_default : m_defaultDescription; }
    std::string typeText() const override;
    std::string valueText() const override { return m_value; }
    OptionValue value() const override { return m_value; }

private:
    Status parseImpl(const OptionText& text) override;
    void resetImpl() override { m_value = m_default; }
    std::string m_value, m_default;
    std::vector<std::string> m_choices;
    std::string m_defaultDescription;
    std::vector<DeprecatedSpelling> m_deprecated;
};

class WordOption final : public OptionBase {
public:
    WordOption(
        Pass* owner, std::string name, std::string defaultValue, std::string help, std::string defaultDescription = {});
    const std::string& operator()() const { return m_value; }
    OptionKind kind() const override { return OptionKind::Word; }
    std::string defaultText() const override { return m_defaultDescription.empty() ? m_default : m_defaultDescription; }
    std::string typeText() const override { return "word"; }
    std::string valueText() const override { return m_value; }
    OptionValue value() const override { return m_value; }

private:
    Status parseImpl(const OptionText& text) override;
    void resetImpl() override { m_value = m_default; }
    std::string m_value, m_default, m_defaultDescription;
};

class ListOption final : public OptionBase {
public:
    ListOption(Pass* owner, std::string name, std::string help, std::string defaultDescription = "empty");
    const std::vector<std::string>& operator()() const { return m_value; }
    OptionKind kind() const override { return OptionKind::List; }
    std::string defaultText() const override { return m_defaultDescription; }
    std::string typeText() const override { return "list of words"; }
    std::string valueText() const override;
    OptionValue value() const override { return m_value; }

private:
    Status parseImpl(const OptionText& text) override;
    void resetImpl() override { m_value.clear(); }
    std::vector<std::string> m_value;
    std::string m_defaultDescription;
};

/// A per-pass counter (MLIR `Statistic`), reported by `batch run --report` and the GUI.
class Statistic {
public:
    Statistic(Pass* owner, std::string name, std::string help);
    Statistic(const Statistic&) = delete;
    Statistic& operator=(const Statistic&) = delete;
    Statistic& operator+=(std::int64_t delta)
    {
        m_value += delta;
        return *this;
    }
    Statistic& operator++()
    {
        ++m_value;
        return *this;
    }
    void set(std::int64_t value) { m_value = value; }
    std::int64_t value() const { return m_value; }
    const std::string& name() const { return m_name; }
    const std::string& help() const { return m_help; }

private:
    std::string m_name, m_help;
    std::int64_t m_value = 0;
};

} // namespace lookahead
