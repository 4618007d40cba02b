// Stakeholder consultations in PostgreSQL (tables consultations, ballots).
#ifndef ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_
#define ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/registry/v1/registry_service.pb.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

// Who asks: their handle, and whether they see every consultation
// (validators, analysts, admins) or only those they are invited to.
struct ConsultationCaller {
  std::string name;
  bool sees_all = false;
};

class PgConsultations {
 public:
  explicit PgConsultations(db::Pool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Consultation> Create(const v1::Consultation& c,
                                          const ConsultationCaller& caller);
  absl::StatusOr<std::vector<v1::Consultation>> List(const ConsultationCaller& caller);
  absl::StatusOr<v1::Consultation> Get(const std::string& name, const ConsultationCaller& caller);
  // Casts or replaces the caller's ballot; the consultation afterwards.
  absl::StatusOr<v1::Consultation> Cast(
      const std::string& name, const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores,
      const ConsultationCaller& caller);
  absl::StatusOr<v1::Consultation> Close(const std::string& name, const ConsultationCaller& caller);

 private:
  db::Pool& pool_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_
