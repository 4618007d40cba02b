// Where the performance framework is kept: the port the domain speaks to
// (PostgreSQL in store/, memory in tests).
#ifndef ATLAS_INDICATORS_DOMAIN_PERFORMANCE_STORE_H_
#define ATLAS_INDICATORS_DOMAIN_PERFORMANCE_STORE_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "indicators/domain/performance.h"

namespace atlas::indicators {

struct Objective {
  std::string id = {};
  core::Localized title = {};
  std::vector<std::string> indicators = {};  // ids, in order
};

// One programme's framework: its objectives and every indicator they hold.
struct Framework {
  std::string programme = {};  // id
  std::string code = {};
  core::Localized title = {};
  std::string responsible = {};
  core::Localized strategy = {};  // the PdP's first section; empty when not written
  bool demo = false;
  std::vector<Objective> objectives = {};
  std::vector<Indicator> indicators = {};
};

// An event to publish with a write, in the same transaction (outbox).
struct OutboxEvent {
  std::string type;     // CloudEvents type
  std::string subject;  // NATS subject
  std::string key;      // CloudEvents subject (the indicator's name)
  std::string payload;  // serialized proto
};

// atlas.indicators.programme.changed for `programme` (an id): `change` one of
// indicator_defined, project_linked, project_unlinked, project_updated;
// `subject` the indicator's or action's name; `project` a project's name.
OutboxEvent ProgrammeChangedEvent(const std::string& programme, const std::string& change,
                                  const std::string& subject, const std::string& project = "");

class PerformanceStore {
 public:
  virtual ~PerformanceStore() = default;
  // NOT_FOUND if there is no such programme.
  virtual absl::StatusOr<Framework> Load(const std::string& programme) = 0;
  // The programme holding `indicator` (NOT_FOUND if none).
  virtual absl::StatusOr<std::string> ProgrammeOf(const std::string& indicator) = 0;
  // Upserts the measurement (indicator, year, region, sex) and appends
  // `events` to the outbox, atomically.
  virtual absl::Status Record(const std::string& indicator, const Measurement& m,
                              const std::string& actor, const std::vector<OutboxEvent>& events) = 0;
  // With `programme`'s framework locked (edits of one programme in turn):
  // `decide(framework)` returns the indicator as it must be; it is written
  // (definition, and the targets of `years` replaced by its targets in
  // them), its revision + 1, and `changed` appended to the outbox, in one
  // transaction.
  using DecideIndicator = std::function<absl::StatusOr<Indicator>(const Framework&)>;
  virtual absl::StatusOr<Indicator> Define(const std::string& programme,
                                           const std::string& indicator, std::pair<int, int> years,
                                           const DecideIndicator& decide,
                                           const OutboxEvent& changed) = 0;
  // Every programme's id.
  virtual absl::StatusOr<std::vector<std::string>> Programmes() = 0;
  // Records that the value of (`indicator`, `year`) was announced due and
  // appends `event`, atomically — once: false (nothing written) if it was
  // announced before.
  virtual absl::StatusOr<bool> AnnounceDue(const std::string& indicator, int year,
                                           const OutboxEvent& event) = 0;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_PERFORMANCE_STORE_H_
