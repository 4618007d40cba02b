// The registry's other rooms as the domain sees their data: consultations,
// the theme taxonomy and the portfolio analysis, each behind a port
// (PostgreSQL in store/, memory fakes beside this file for unit tests). The
// rules live in ConsultationService and ThemeService; a store keeps rows and
// runs the domain's check inside the transaction that writes (a lock held).
#ifndef ATLAS_REGISTRY_DOMAIN_DIALOGUE_PORTS_H_
#define ATLAS_REGISTRY_DOMAIN_DIALOGUE_PORTS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/registry/v1/consultation.pb.h"
#include "atlas/registry/v1/evaluation.pb.h"
#include "atlas/registry/v1/theme.pb.h"

namespace atlas::registry {

// One voter's scores in a consultation.
struct Ballot {
  std::string voter;
  std::vector<v1::BallotScore> scores;
};

// Consultations as rows: `closed` is set when closed by hand or past
// `close_time`; ballots and ranking are the domain's to add.
class ConsultationStore {
 public:
  virtual ~ConsultationStore() = default;
  // Inserts `c` (validated) created by `creator` if `check` accepts the set
  // of its practices ("projects/{id}") that are published good practices;
  // its id. Atomic: a practice unflagged meanwhile cannot slip in.
  virtual absl::StatusOr<std::string> Insert(
      const v1::Consultation& c, const std::string& creator,
      const std::function<absl::Status(const std::set<std::string>& good_practices)>& check) = 0;
  // NOT_FOUND (plain, the domain words it) if there is no consultation `id`.
  virtual absl::StatusOr<v1::Consultation> Find(const std::string& id) = 0;
  // Up to `limit`, newest first: every one (`all`), or those inviting `name`.
  virtual absl::StatusOr<std::vector<v1::Consultation>> List(bool all, const std::string& name,
                                                             int limit) = 0;
  // Its ballots, by voter.
  virtual absl::StatusOr<std::vector<Ballot>> Ballots(const std::string& id) = 0;
  // Its practices' titles (public versions), by name.
  virtual absl::StatusOr<std::map<std::string, std::string>> PracticeTitles(
      const std::string& id) = 0;
  // Locks consultation `id`, asks `check` whether `ballot` may be cast on it
  // as it is now, then records it (replacing the voter's earlier one).
  virtual absl::Status CastBallot(
      const std::string& id, const Ballot& ballot,
      const std::function<absl::Status(const v1::Consultation&)>& check) = 0;
  // NOT_FOUND if there is no consultation `id`.
  virtual absl::Status Close(const std::string& id) = 0;
};

// The theme taxonomy's rows (every replica reloads its copy when they change).
class ThemeStore {
 public:
  virtual ~ThemeStore() = default;
  // In order (position, then code), each with how many projects have it.
  virtual absl::StatusOr<std::vector<v1::Theme>> List() = 0;
  // ALREADY_EXISTS (plain) if the code is taken.
  virtual absl::StatusOr<v1::Theme> Insert(const v1::Theme& theme, const std::string& actor) = 0;
  // Locks theme `code`, asks `change` for its next state (an error: nothing
  // written), writes it as the next revision. NOT_FOUND (plain) if absent.
  virtual absl::StatusOr<v1::Theme> Modify(
      const std::string& code, const std::string& actor,
      const std::function<absl::StatusOr<v1::Theme>(const v1::Theme& current)>& change) = 0;
  // Reloads this process's Themes() if another replica changed the taxonomy.
  virtual absl::Status Refresh() { return absl::OkStatus(); }
  // Locks theme `code` (a project write naming it waits), asks `check`
  // (given it and how many themes exist), deletes it. NOT_FOUND (plain).
  virtual absl::Status Remove(
      const std::string& code, const std::string& actor,
      const std::function<absl::Status(const v1::Theme& current, int64_t themes)>& check) = 0;
};

// The portfolio analysis: of the working copies, or of the published
// versions. An aggregate over every project, computed where the projects are
// (SQL): tested against PostgreSQL (integration and system tests).
class PortfolioAnalyzer {
 public:
  virtual ~PortfolioAnalyzer() = default;
  virtual absl::StatusOr<v1::PortfolioAnalysis> Analyze(bool working_copies) = 0;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_DIALOGUE_PORTS_H_
