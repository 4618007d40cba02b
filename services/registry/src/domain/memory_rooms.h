// In-memory ConsultationStore and ThemeStore for unit tests of
// ConsultationService and ThemeService. Not thread-safe; no locks to take.
#ifndef ATLAS_REGISTRY_DOMAIN_MEMORY_ROOMS_H_
#define ATLAS_REGISTRY_DOMAIN_MEMORY_ROOMS_H_

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "atlas/core/etag.h"
#include "registry/domain/dialogue_ports.h"

namespace atlas::registry {

// A valid theme for tests: trilingual label, colour, the given code and position.
inline v1::Theme SampleTheme(const std::string& code, int position = 13) {
  v1::Theme t;
  t.set_code(code);
  t.mutable_label()->set_fr("Santé et diaspora");
  t.mutable_label()->set_ar("الصحة والجالية");
  t.mutable_label()->set_en("Health and diaspora");
  t.set_colour("#8dd3c7");
  t.set_position(position);
  return t;
}

class MemoryConsultationStore final : public ConsultationStore {
 public:
  // The published good practices ("projects/{id}") and their titles.
  std::map<std::string, std::string> good_practices;
  int64_t now_s = 1000;  // `closed` also when close_time <= now_s

  absl::StatusOr<std::string> Insert(
      const v1::Consultation& c, const std::string& creator,
      const std::function<absl::Status(const std::set<std::string>& good_practices)>& check)
      override {
    std::set<std::string> found;
    for (const auto& p : c.practices()) {
      if (good_practices.contains(p)) found.insert(p);
    }
    if (absl::Status s = check(found); !s.ok()) return s;
    const std::string id = absl::StrFormat("00000000-0000-4000-8000-%012d", rows_.size() + 1);
    v1::Consultation row = c;
    row.set_name("consultations/" + id);
    row.set_created_by(creator);
    rows_[id] = row;
    order_.insert(order_.begin(), id);
    return id;
  }
  absl::StatusOr<v1::Consultation> Find(const std::string& id) override {
    auto it = rows_.find(id);
    if (it == rows_.end()) return absl::NotFoundError("consultations/" + id);
    v1::Consultation c = it->second;
    c.set_closed(c.closed() || c.close_time().seconds() <= now_s);
    return c;
  }
  absl::StatusOr<std::vector<v1::Consultation>> List(bool all, const std::string& name,
                                                     int limit) override {
    std::vector<v1::Consultation> out;
    for (const auto& id : order_) {
      const v1::Consultation& c = rows_.at(id);
      const bool invited =
          std::find(c.invited().begin(), c.invited().end(), name) != c.invited().end();
      if ((all || invited) && static_cast<int>(out.size()) < limit) out.push_back(*Find(id));
    }
    return out;
  }
  absl::StatusOr<std::vector<Ballot>> Ballots(const std::string& id) override {
    std::vector<Ballot> out;
    for (const auto& [voter, scores] : ballots_[id]) out.push_back({voter, scores});
    return out;
  }
  absl::StatusOr<std::map<std::string, std::string>> PracticeTitles(
      const std::string& id) override {
    std::map<std::string, std::string> out;
    for (const auto& p : rows_.at(id).practices()) out[p] = good_practices[p];
    return out;
  }
  absl::Status CastBallot(
      const std::string& id, const Ballot& ballot,
      const std::function<absl::Status(const v1::Consultation&)>& check) override {
    absl::StatusOr<v1::Consultation> c = Find(id);
    if (!c.ok()) return c.status();
    if (absl::Status s = check(*c); !s.ok()) return s;
    ballots_[id][ballot.voter] = ballot.scores;
    return absl::OkStatus();
  }
  absl::Status Close(const std::string& id) override {
    auto it = rows_.find(id);
    if (it == rows_.end()) return absl::NotFoundError("consultations/" + id);
    it->second.set_closed(true);
    return absl::OkStatus();
  }

 private:
  std::map<std::string, v1::Consultation> rows_;
  std::vector<std::string> order_;  // newest first
  std::map<std::string, std::map<std::string, std::vector<v1::BallotScore>>> ballots_;
};

class MemoryThemeStore final : public ThemeStore {
 public:
  // How many projects have each theme (the store counts them in SQL).
  std::map<std::string, int> in_use;

  absl::StatusOr<std::vector<v1::Theme>> List() override {
    std::vector<v1::Theme> out;
    for (const auto& [code, t] : rows_) out.push_back(Shown(t));
    std::sort(out.begin(), out.end(), [](const v1::Theme& a, const v1::Theme& b) {
      return std::make_pair(a.position(), a.code()) < std::make_pair(b.position(), b.code());
    });
    return out;
  }
  absl::StatusOr<v1::Theme> Insert(const v1::Theme& theme, const std::string& actor) override {
    if (rows_.contains(theme.code())) return absl::AlreadyExistsError("themes/" + theme.code());
    Row& r = rows_[theme.code()];
    r.theme = theme;
    r.theme.set_name("themes/" + theme.code());
    r.theme.set_updated_by(actor);
    r.revision = 1;
    return Shown(r);
  }
  absl::StatusOr<v1::Theme> Modify(
      const std::string& code, const std::string& actor,
      const std::function<absl::StatusOr<v1::Theme>(const v1::Theme& current)>& change) override {
    auto it = rows_.find(code);
    if (it == rows_.end()) return absl::NotFoundError("themes/" + code);
    absl::StatusOr<v1::Theme> next = change(Shown(it->second));
    if (!next.ok()) return next.status();
    it->second.theme = *next;
    it->second.theme.set_updated_by(actor);
    ++it->second.revision;
    return Shown(it->second);
  }
  absl::Status Remove(
      const std::string& code, const std::string& /*actor*/,
      const std::function<absl::Status(const v1::Theme& current, int64_t themes)>& check) override {
    auto it = rows_.find(code);
    if (it == rows_.end()) return absl::NotFoundError("themes/" + code);
    if (absl::Status s = check(Shown(it->second), static_cast<int64_t>(rows_.size())); !s.ok()) {
      return s;
    }
    rows_.erase(it);
    return absl::OkStatus();
  }

 private:
  struct Row {
    v1::Theme theme;
    int64_t revision = 0;
  };
  v1::Theme Shown(const Row& r) {
    v1::Theme t = r.theme;
    t.set_etag(core::RevisionEtag(r.revision));
    t.set_projects(in_use[t.code()]);
    return t;
  }
  std::map<std::string, Row> rows_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_MEMORY_ROOMS_H_
