// The performance framework in memory: for unit tests of the domain and API.
#ifndef ATLAS_INDICATORS_DOMAIN_MEMORY_PERFORMANCE_STORE_H_
#define ATLAS_INDICATORS_DOMAIN_MEMORY_PERFORMANCE_STORE_H_

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "indicators/domain/performance_store.h"

namespace atlas::indicators {

class MemoryPerformanceStore final : public PerformanceStore {
 public:
  void Add(Framework f) {
    std::lock_guard lock(mu_);
    frameworks_[f.programme] = std::move(f);
  }
  absl::StatusOr<Framework> Load(const std::string& programme) override {
    std::lock_guard lock(mu_);
    auto it = frameworks_.find(programme);
    if (it == frameworks_.end()) return absl::NotFoundError(programme);
    return it->second;
  }
  absl::StatusOr<std::string> ProgrammeOf(const std::string& indicator) override {
    std::lock_guard lock(mu_);
    for (const auto& [id, f] : frameworks_) {
      for (const Indicator& i : f.indicators) {
        if (i.id == indicator) return id;
      }
    }
    return absl::NotFoundError(indicator);
  }
  absl::Status Record(const std::string& indicator, const Measurement& m, const std::string&,
                      const std::vector<OutboxEvent>& events) override {
    std::lock_guard lock(mu_);
    for (auto& [id, f] : frameworks_) {
      for (Indicator& i : f.indicators) {
        if (i.id != indicator) continue;
        std::erase_if(i.measurements, [&](const Measurement& x) {
          return x.year == m.year && x.region == m.region && x.sex == m.sex;
        });
        i.measurements.push_back(m);
        published.insert(published.end(), events.begin(), events.end());
        return absl::OkStatus();
      }
    }
    return absl::NotFoundError(indicator);
  }
  absl::StatusOr<Indicator> Define(const std::string& programme, const std::string& indicator,
                                   std::pair<int, int> years, const DecideIndicator& decide,
                                   const OutboxEvent& changed) override {
    std::lock_guard lock(mu_);
    auto f = frameworks_.find(programme);
    if (f == frameworks_.end()) return absl::NotFoundError(programme);
    absl::StatusOr<Indicator> next = decide(f->second);
    if (!next.ok()) return next.status();
    for (Indicator& i : f->second.indicators) {
      if (i.id != indicator) continue;
      std::erase_if(i.targets, [&](const auto& t) {
        return t.first >= years.first && t.first <= years.second;
      });
      for (const auto& [y, v] : next->targets) i.targets[y] = v;
      const auto targets = i.targets;
      const auto measurements = i.measurements;
      i = *next;
      i.targets = targets;
      i.measurements = measurements;
      ++i.revision;
      published.push_back(changed);
      return i;
    }
    return absl::NotFoundError(indicator);
  }
  absl::StatusOr<std::vector<std::string>> Programmes() override {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& [id, f] : frameworks_) out.push_back(id);
    return out;
  }
  absl::StatusOr<bool> AnnounceDue(const std::string& indicator, int year,
                                   const OutboxEvent& event) override {
    std::lock_guard lock(mu_);
    if (!announced_.insert({indicator, year}).second) return false;
    published.push_back(event);
    return true;
  }
  std::vector<OutboxEvent> published;  // what Record, Define and AnnounceDue were given to publish

 private:
  std::mutex mu_;
  std::map<std::string, Framework> frameworks_;
  std::set<std::pair<std::string, int>> announced_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_MEMORY_PERFORMANCE_STORE_H_
