#include "lookahead/CostModel.h"

#include <cmath>

namespace lookahead {

void registerBuiltinCostTerms(CostModel& model); // BuiltinRegistry.cpp

const CostModel& CostModel::standard()
{
    static const CostModel model = [] {
        CostModel m;
        registerBuiltinCostTerms(m);
        return m;
    }();
    return model;
}

void CostModel::add(CostTermInfo info) { m_terms.push_back(std::move(info)); }

const CostTermInfo* CostModel::find(std::string_view name) const
{
    for (const CostTermInfo& term : m_terms)
        if (term.name == name)
            return &term;
    return nullptr;
}

std::vector<double> CostModel::parameterValues(const CostTermInfo& term, const TaskGraph& graph) const
{
    std::vector<double> values;
    values.reserve(term.parameters.size());
    for (const CostParameter& parameter : term.parameters) {
        auto it = graph.platform.costs.find(parameter.name);
        values.push_back(
            it != graph.platform.costs.end() && it->is_number() ? it->get<double>() : parameter.defaultValue);
    }
    return values;
}

Status CostModel::validate(const nlohmann::json& costs) const
{
    for (const CostTermInfo& term : m_terms) {
        for (const CostParameter& parameter : term.parameters) {
            auto it = costs.find(parameter.name);
            if (it == costs.end())
                continue;
            const std::string where = "/platform/costs/" + parameter.name;
            if (!it->is_number() || !std::isfinite(it->get<double>()))
                return Error { "", where, "must be a number (parameter of cost term \"" + term.name + "\")" };
            if (it->get<double>() < parameter.minimum)
                return Error { "", where,
                    "must be at least " + nlohmann::json(parameter.minimum).dump() + ", got " + it->dump() };
        }
    }
    return Status::success();
}

} // namespace lookahead
