#pragma once

#include "lookahead/Pass.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lookahead {

/// Maps pass names to factories. `global()` holds every built-in pass (BuiltinRegistry.cpp).
class PassRegistry {
public:
    using Factory = std::function<std::unique_ptr<Pass>()>;

    static const PassRegistry& global();

    void add(Factory factory);
    /// A fresh instance with every option at its default, or nullptr for an unknown name.
    std::unique_ptr<Pass> create(std::string_view name) const;
    /// Pass names in registration order.
    std::vector<std::string> names() const;

private:
    std::vector<std::pair<std::string, Factory>> m_factories;
};

} // namespace lookahead
