// Stakeholder consultations on good practices: who sees one (the invited,
// and those who see every organisation), who votes (the invited, until it
// closes), the ranking from the ballots. A consultation the caller may not
// see is NOT_FOUND, like one that does not exist. No transport, no SQL.
#ifndef ATLAS_REGISTRY_DOMAIN_CONSULTATION_SERVICE_H_
#define ATLAS_REGISTRY_DOMAIN_CONSULTATION_SERVICE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "registry/domain/dialogue_ports.h"

namespace atlas::registry {

// Who asks: their handle, and whether they see every consultation
// (validators, analysts, admins) or only those they are invited to.
struct ConsultationCaller {
  std::string name;
  bool sees_all = false;
};

class ConsultationService final {
 public:
  // `now_s`: the clock (seconds since the epoch), for close times.
  explicit ConsultationService(ConsultationStore& store, std::function<int64_t()> now_s = nullptr);
  ConsultationService(const ConsultationService&) = delete;
  ConsultationService& operator=(const ConsultationService&) = delete;

  // Field violations (title, criteria, practices that are not published good
  // practices, invited handles, a close time in the past) all at once.
  absl::StatusOr<v1::Consultation> Create(const v1::Consultation& c,
                                          const ConsultationCaller& caller);
  absl::StatusOr<std::vector<v1::Consultation>> List(const ConsultationCaller& caller);
  absl::StatusOr<v1::Consultation> Get(const std::string& name, const ConsultationCaller& caller);
  // Casts or replaces the caller's ballot; the consultation afterwards.
  // PERMISSION_DENIED if not invited; FAILED_PRECONDITION once closed.
  absl::StatusOr<v1::Consultation> Cast(
      const std::string& name, const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores,
      const ConsultationCaller& caller);
  absl::StatusOr<v1::Consultation> Close(const std::string& name, const ConsultationCaller& caller);

 private:
  // The consultation `id` if `caller` may see it, with what they see of the
  // ballots: the ranking, their own ballot, whether they may vote.
  absl::StatusOr<v1::Consultation> Load(const std::string& id, const ConsultationCaller& caller);
  absl::Status Complete(const std::string& id, const ConsultationCaller& caller,
                        v1::Consultation& c);

  ConsultationStore& store_;
  std::function<int64_t()> now_s_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_CONSULTATION_SERVICE_H_
