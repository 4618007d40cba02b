// Stakeholder consultations in PostgreSQL (tables consultations, ballots).
#ifndef ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_
#define ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "registry/domain/dialogue_ports.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgConsultations final : public ConsultationStore {
 public:
  explicit PgConsultations(db::Pool& pool) : pool_(pool) {}

  absl::StatusOr<std::string> Insert(
      const v1::Consultation& c, const std::string& creator,
      const std::function<absl::Status(const std::set<std::string>& good_practices)>& check)
      override;
  absl::StatusOr<v1::Consultation> Find(const std::string& id) override;
  absl::StatusOr<std::vector<v1::Consultation>> List(bool all, const std::string& name,
                                                     int limit) override;
  absl::StatusOr<std::vector<Ballot>> Ballots(const std::string& id) override;
  absl::StatusOr<std::map<std::string, std::string>> PracticeTitles(const std::string& id) override;
  absl::Status CastBallot(
      const std::string& id, const Ballot& ballot,
      const std::function<absl::Status(const v1::Consultation&)>& check) override;
  absl::Status Close(const std::string& id) override;

 private:
  db::Pool& pool_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_CONSULTATIONS_H_
