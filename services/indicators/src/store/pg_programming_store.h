// The budget programming in PostgreSQL (schema "indicators").
#ifndef ATLAS_INDICATORS_STORE_PG_PROGRAMMING_STORE_H_
#define ATLAS_INDICATORS_STORE_PG_PROGRAMMING_STORE_H_

#include <functional>

#include "indicators/domain/programming_service.h"

namespace atlas::db {
class Pool;
}

namespace atlas::indicators {

class PgProgrammingStore final : public ProgrammingStore {
 public:
  // `wake`: called after a commit that wrote to the outbox (the relay).
  explicit PgProgrammingStore(db::Pool& pool, std::function<void()> wake = {})
      : pool_(pool), wake_(std::move(wake)) {}
  absl::StatusOr<std::vector<ProgrammingVersion>> Versions() override;
  absl::StatusOr<ProgrammingVersion> Version(int id) override;
  absl::StatusOr<std::vector<BudgetLine>> Lines(int version, const std::string& programme) override;
  absl::StatusOr<BudgetLine> SetLine(int version, const LineKey& key, const Decide& decide,
                                     const std::string& actor) override;
  absl::StatusOr<ProgrammingVersion> Adopt(
      int version, const std::string& actor,
      const std::function<absl::StatusOr<OutboxEvent>(
          const ProgrammingVersion&, const std::vector<BudgetLine>&)>& event) override;
  absl::StatusOr<ProgrammingVersion> Roll(
      int from, const std::string& actor,
      const std::function<absl::StatusOr<std::vector<BudgetLine>>(
          const ProgrammingVersion&, const std::vector<BudgetLine>&)>& make,
      const std::function<OutboxEvent(const ProgrammingVersion& created, size_t lines)>& event)
      override;

 private:
  db::Pool& pool_;
  std::function<void()> wake_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_PG_PROGRAMMING_STORE_H_
