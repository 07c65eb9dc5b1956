#include "lookahead/Pass.h"

#include "lookahead/PassRegistry.h"

namespace lookahead {

OptionBase* Pass::findOption(std::string_view optionName) const
{
    for (OptionBase* option : m_options)
        if (option->name() == optionName)
            return option;
    return nullptr;
}

std::string Pass::print() const
{
    std::string text(name());
    std::string options;
    for (const OptionBase* option : m_options) {
        if (!option->isSet())
            continue;
        options += (options.empty() ? "" : ",") + option->name() + "=" + option->valueText();
    }
    if (!options.empty())
        text += "{" + options + "}";
    return text;
}

nlohmann::json Pass::setOptionsJson() const
{
    nlohmann::json object = nlohmann::json::object();
    for (const OptionBase* option : m_options) {
        if (!option->isSet())
            continue;
        std::visit([&](const auto& value) { object[option->name()] = value; }, option->value());
    }
    return object;
}

void registerBuiltinPasses(PassRegistry& registry); // BuiltinRegistry.cpp

const PassRegistry& PassRegistry::global()
{
    static const PassRegistry registry = [] {
        PassRegistry r;
        registerBuiltinPasses(r);
        return r;
    }();
    return registry;
}

void PassRegistry::add(Factory factory)
{
    const std::string passName(factory()->name());
    m_factories.emplace_back(passName, std::move(factory));
    m_familyOf.push_back(m_families.empty() ? std::string() : m_families.back().id);
}

void PassRegistry::addFamily(PassFamilyInfo family) { m_families.push_back(std::move(family)); }

std::string PassRegistry::familyOf(std::string_view passName) const
{
    for (std::size_t i = 0; i < m_factories.size(); ++i)
        if (m_factories[i].first == passName)
            return m_familyOf[i];
    return {};
}

std::vector<std::string> PassRegistry::passesOf(std::string_view familyId) const
{
    std::vector<std::string> result;
    for (std::size_t i = 0; i < m_factories.size(); ++i)
        if (m_familyOf[i] == familyId)
            result.push_back(m_factories[i].first);
    return result;
}

std::unique_ptr<Pass> PassRegistry::create(std::string_view passName) const
{
    for (const auto& [known, factory] : m_factories)
        if (known == passName)
            return factory();
    return nullptr;
}

std::vector<std::string> PassRegistry::names() const
{
    std::vector<std::string> result;
    for (const auto& entry : m_factories)
        result.push_back(entry.first);
    return result;
}

} // namespace lookahead
