// Scenarios in memory: for unit tests of the domain. Promotion adds the
// draft version to a MemoryProgrammingStore.
#ifndef ATLAS_INDICATORS_DOMAIN_MEMORY_SCENARIO_STORE_H_
#define ATLAS_INDICATORS_DOMAIN_MEMORY_SCENARIO_STORE_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "indicators/domain/memory_programming_store.h"
#include "indicators/domain/scenario_service.h"

namespace atlas::indicators {

class MemoryScenarioStore final : public ScenarioStore {
 public:
  explicit MemoryScenarioStore(MemoryProgrammingStore& versions) : versions_(versions) {}
  absl::StatusOr<std::vector<Scenario>> List() override {
    std::lock_guard lock(mu_);
    std::vector<Scenario> out;
    for (const auto& [id, s] : scenarios_) {
      out.push_back(s);
      out.back().moves.clear();
    }
    return out;
  }
  absl::StatusOr<Scenario> Get(int id) override {
    std::lock_guard lock(mu_);
    auto it = scenarios_.find(id);
    if (it == scenarios_.end()) return absl::NotFoundError(std::to_string(id));
    return it->second;
  }
  absl::StatusOr<Scenario> Create(int base, const std::string& title,
                                  const std::string& actor) override {
    std::lock_guard lock(mu_);
    const int id = static_cast<int>(scenarios_.size()) + 1;
    scenarios_[id] = {.id = id, .base = base, .title = title, .created_by = actor, .revision = 1};
    return scenarios_[id];
  }
  absl::Status AddMove(int id, const Move& move, const Check& check) override {
    std::lock_guard lock(mu_);
    auto it = scenarios_.find(id);
    if (it == scenarios_.end()) return absl::NotFoundError(std::to_string(id));
    if (absl::Status c = check(it->second); !c.ok()) return c;
    it->second.moves.push_back(move);
    ++it->second.revision;
    return absl::OkStatus();
  }
  absl::StatusOr<ProgrammingVersion> Promote(int id, const ProgrammingVersion& base,
                                             const std::vector<BudgetLine>& lines,
                                             const std::string& /*actor*/,
                                             const Check& check) override {
    std::lock_guard lock(mu_);
    auto it = scenarios_.find(id);
    if (it == scenarios_.end()) return absl::NotFoundError(std::to_string(id));
    if (absl::Status c = check(it->second); !c.ok()) return c;
    auto all = versions_.Versions();
    const int next = static_cast<int>(all->size()) + 1;
    ProgrammingVersion v{.id = next,
                         .first_year = base.first_year,
                         .state = "draft",
                         .based_on = base.id,
                         .label = it->second.title};
    versions_.Add(v, lines);
    it->second.promoted_to = next;
    return v;
  }

 private:
  MemoryProgrammingStore& versions_;
  std::mutex mu_;
  std::map<int, Scenario> scenarios_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_MEMORY_SCENARIO_STORE_H_
