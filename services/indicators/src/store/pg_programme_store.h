// Programmes in PostgreSQL (schema "indicators").
#ifndef ATLAS_INDICATORS_STORE_PG_PROGRAMME_STORE_H_
#define ATLAS_INDICATORS_STORE_PG_PROGRAMME_STORE_H_

#include "indicators/domain/programme_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::indicators {

class PgProgrammeStore final : public ProgrammeStore {
 public:
  explicit PgProgrammeStore(db::Pool& pool) : pool_(pool) {}
  // Keyset position: the programme's seq.
  absl::StatusOr<ProgrammePage> List(int limit, int64_t after) override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_PG_PROGRAMME_STORE_H_
