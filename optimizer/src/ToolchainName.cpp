#include "lookahead/ToolchainName.h"

#include "lookahead/PassOption.h"

namespace lookahead {

ToolchainNames::ToolchainNames(OptionBase& option, std::vector<ToolchainName> names)
    : m_names(std::move(names))
{
    option.m_toolchainNames = &m_names;
}

namespace {
    std::string joined(const std::vector<std::string>& words, const char* separator)
    {
        std::string out;
        for (const std::string& word : words)
            out += (out.empty() ? "" : separator) + word;
        return out;
    }

    std::string valueMapping(const ToolchainName& name)
    {
        std::string out;
        for (const ToolchainValue& value : name.values)
            out += (out.empty() ? "" : ", ") + value.ours + "→" + (value.theirs.empty() ? "none" : value.theirs);
        return out;
    }
} // namespace

std::vector<std::string> describeToolchainNames(const OptionBase& option)
{
    std::vector<std::string> lines;
    for (const ToolchainName& name : option.toolchainNames()) {
        std::string line = joined(name.toolchains, ", ") + ": ";
        std::vector<std::string> facts;
        if (!name.key.empty()) {
            line += name.key;
            if (!name.section.empty())
                facts.push_back("in " + name.section);
            if (!name.values.empty())
                facts.push_back(valueMapping(name));
        } else {
            line += name.needs.empty() ? "no counterpart" : "needs " + name.needs;
        }
        std::string defaults;
        for (const ChipDefault& chip : name.chipDefaults)
            defaults += (defaults.empty() ? "" : ", ") + chip.value + " on " + chip.chip;
        if (!defaults.empty())
            facts.push_back(
                "default when unset " + defaults + (name.defaultValue.empty() ? "" : ", else " + name.defaultValue));
        else if (!name.defaultValue.empty())
            facts.push_back((name.key.empty() ? "hard-coded " : "default ") + name.defaultValue);
        if (!name.chips.empty())
            facts.push_back("chips " + joined(name.chips, "|"));
        if (!name.when.option.empty())
            facts.push_back("when " + name.when.option + "=" + joined(name.when.values, "|"));
        if (!facts.empty())
            line += " (" + joined(facts, "; ") + ")";
        if (!name.note.empty())
            line += ". " + name.note;
        if (!name.caveat.empty())
            line += ". " + name.caveat;
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace lookahead
