#pragma once

#include "lookahead/Pass.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lookahead {

/// A pass family's answer for one graph: does it apply, and why (or why not), in one sentence.
struct FamilyVerdict {
    bool applies = false;
    std::string reason;
};

/// A family of passes that act on the same domain (NPU SHAVE prefetch, SuperKernel, software-
/// pipelined loops), with the test that says whether a graph has that domain. The test lives with
/// the family's passes (passes/<family>/...Applicability); PassApplicability.h asks all of them.
struct PassFamilyInfo {
    std::string id;    ///< `npu-prefetch`, `superkernel`, `loop`.
    std::string title; ///< For people: "NPU SHAVE instruction prefetch".
    std::function<FamilyVerdict(const TaskGraph&)> test;
};

/// Maps pass names to factories. `global()` holds every built-in pass (BuiltinRegistry.cpp).
class PassRegistry {
public:
    using Factory = std::function<std::unique_ptr<Pass>()>;

    static const PassRegistry& global();

    /// Registers a pass. It belongs to the family added last by addFamily() (none before the first).
    void add(Factory factory);
    /// Registers a family; the passes add()ed after it, until the next family, are its members.
    void addFamily(PassFamilyInfo family);
    const std::vector<PassFamilyInfo>& families() const { return m_families; }
    /// The family id of a registered pass; empty for an unknown pass or one without a family.
    std::string familyOf(std::string_view passName) const;
    /// The passes of a family, in registration order.
    std::vector<std::string> passesOf(std::string_view familyId) const;
    /// A fresh instance with every option at its default, or nullptr for an unknown name.
    std::unique_ptr<Pass> create(std::string_view name) const;
    /// Pass names in registration order.
    std::vector<std::string> names() const;

private:
    std::vector<std::pair<std::string, Factory>> m_factories;
    std::vector<std::string> m_familyOf; ///< Parallel to m_factories.
    std::vector<PassFamilyInfo> m_families;
};

} // namespace lookahead
