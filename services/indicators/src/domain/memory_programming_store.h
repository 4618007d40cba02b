// The budget programming in memory: for unit tests of the domain and API.
#ifndef ATLAS_INDICATORS_DOMAIN_MEMORY_PROGRAMMING_STORE_H_
#define ATLAS_INDICATORS_DOMAIN_MEMORY_PROGRAMMING_STORE_H_

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "indicators/domain/programming_service.h"

namespace atlas::indicators {

class MemoryProgrammingStore final : public ProgrammingStore {
 public:
  void Add(ProgrammingVersion v, std::vector<BudgetLine> lines) {
    std::lock_guard lock(mu_);
    for (BudgetLine& l : lines) l.revision = std::max<int64_t>(l.revision, 1);
    lines_[v.id] = std::move(lines);
    versions_[v.id] = v;
  }
  absl::StatusOr<std::vector<ProgrammingVersion>> Versions() override {
    std::lock_guard lock(mu_);
    std::vector<ProgrammingVersion> out;
    for (const auto& [id, v] : versions_) out.push_back(v);
    return out;
  }
  absl::StatusOr<ProgrammingVersion> Version(int id) override {
    std::lock_guard lock(mu_);
    auto it = versions_.find(id);
    if (it == versions_.end()) return absl::NotFoundError(std::to_string(id));
    return it->second;
  }
  absl::StatusOr<std::vector<BudgetLine>> Lines(int version,
                                                const std::string& programme) override {
    std::lock_guard lock(mu_);
    std::vector<BudgetLine> out;
    for (const BudgetLine& l : lines_[version]) {
      if (programme.empty() || l.key.programme == programme) out.push_back(l);
    }
    return out;
  }
  absl::StatusOr<BudgetLine> SetLine(int version, const LineKey& key, const Decide& decide,
                                     const std::string&) override {
    std::lock_guard lock(mu_);
    auto v = versions_.find(version);
    if (v == versions_.end()) return absl::NotFoundError(std::to_string(version));
    std::vector<BudgetLine>& all = lines_[version];
    std::vector<BudgetLine> series;
    std::optional<BudgetLine> current;
    for (const BudgetLine& l : all) {
      LineKey k = l.key;
      k.year = key.year;
      if (k != key) continue;
      series.push_back(l);
      if (l.key.year == key.year) current = l;
    }
    absl::StatusOr<BudgetLine> next = decide(v->second, series, current);
    if (!next.ok()) return next.status();
    next->revision = current ? current->revision + 1 : 1;
    std::erase_if(all, [&](const BudgetLine& l) { return l.key == key; });
    all.push_back(*next);
    return next;
  }
  absl::StatusOr<ProgrammingVersion> Adopt(
      int version, const std::string&,
      const std::function<absl::StatusOr<OutboxEvent>(
          const ProgrammingVersion&, const std::vector<BudgetLine>&)>& event) override {
    std::lock_guard lock(mu_);
    auto v = versions_.find(version);
    if (v == versions_.end()) return absl::NotFoundError(std::to_string(version));
    absl::StatusOr<OutboxEvent> e = event(v->second, lines_[version]);
    if (!e.ok()) return e.status();
    v->second.state = "adopted";
    published.push_back(*e);
    return v->second;
  }
  absl::StatusOr<ProgrammingVersion> Roll(
      int from, const std::string&,
      const std::function<absl::StatusOr<std::vector<BudgetLine>>(
          const ProgrammingVersion&, const std::vector<BudgetLine>&)>& make,
      const std::function<OutboxEvent(const ProgrammingVersion& created, size_t lines)>& event)
      override {
    std::lock_guard lock(mu_);
    auto v = versions_.find(from);
    if (v == versions_.end()) return absl::NotFoundError(std::to_string(from));
    absl::StatusOr<std::vector<BudgetLine>> lines = make(v->second, lines_[from]);
    if (!lines.ok()) return lines.status();
    const int id = versions_.rbegin()->first + 1;
    ProgrammingVersion created{.id = id, .first_year = v->second.first_year + 1, .based_on = from};
    for (BudgetLine& l : *lines) l.revision = 1;
    versions_[id] = created;
    lines_[id] = *lines;
    published.push_back(event(created, lines->size()));
    return created;
  }
  std::vector<OutboxEvent> published;  // what the writes would publish

 private:
  std::mutex mu_;
  std::map<int, ProgrammingVersion> versions_;
  std::map<int, std::vector<BudgetLine>> lines_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_MEMORY_PROGRAMMING_STORE_H_
