// The performance framework in PostgreSQL (schema "indicators").
#ifndef ATLAS_INDICATORS_STORE_PG_PERFORMANCE_STORE_H_
#define ATLAS_INDICATORS_STORE_PG_PERFORMANCE_STORE_H_

#include <functional>

#include "indicators/domain/performance_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::indicators {

class PgPerformanceStore final : public PerformanceStore {
 public:
  // `wake`: called after a commit that wrote to the outbox (the relay).
  explicit PgPerformanceStore(db::Pool& pool, std::function<void()> wake = {})
      : pool_(pool), wake_(std::move(wake)) {}
  absl::StatusOr<Framework> Load(const std::string& programme) override;
  absl::StatusOr<std::string> ProgrammeOf(const std::string& indicator) override;
  absl::Status Record(const std::string& indicator, const Measurement& m, const std::string& actor,
                      const std::vector<OutboxEvent>& events) override;
  absl::StatusOr<std::vector<std::string>> Programmes() override;
  absl::StatusOr<Indicator> Define(const std::string& programme, const std::string& indicator,
                                   std::pair<int, int> years, const DecideIndicator& decide,
                                   const OutboxEvent& changed) override;
  absl::StatusOr<bool> AnnounceDue(const std::string& indicator, int year,
                                   const OutboxEvent& event) override;

 private:
  db::Pool& pool_;
  std::function<void()> wake_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_PG_PERFORMANCE_STORE_H_
