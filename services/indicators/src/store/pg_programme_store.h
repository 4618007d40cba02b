// Programmes in PostgreSQL (schema "indicators").
#ifndef ATLAS_INDICATORS_STORE_PG_PROGRAMME_STORE_H_
#define ATLAS_INDICATORS_STORE_PG_PROGRAMME_STORE_H_

#include "absl/status/statusor.h"
#include "domain/programme.h"

namespace atlas::db {
class Pool;
}

namespace atlas::indicators {

absl::StatusOr<ProgrammePage> ListProgrammes(db::Pool& pool, int limit, int64_t after_seq);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_PG_PROGRAMME_STORE_H_
