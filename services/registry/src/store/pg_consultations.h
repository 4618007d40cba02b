// Stakeholder consultations in PostgreSQL (tables consultations, ballots).
#ifndef ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_
#define ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/registry/v1/registry_service.pb.h"
#include "registry/domain/dialogue_ports.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgConsultations final : public ConsultationStore {
 public:
  explicit PgConsultations(db::Pool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Consultation> Create(const v1::Consultation& c,
                                          const ConsultationCaller& caller) override;
  absl::StatusOr<std::vector<v1::Consultation>> List(const ConsultationCaller& caller) override;
  absl::StatusOr<v1::Consultation> Get(const std::string& name,
                                       const ConsultationCaller& caller) override;
  // Casts or replaces the caller's ballot; the consultation afterwards.
  absl::StatusOr<v1::Consultation> Cast(
      const std::string& name, const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores,
      const ConsultationCaller& caller) override;
  absl::StatusOr<v1::Consultation> Close(const std::string& name,
                                         const ConsultationCaller& caller) override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_
