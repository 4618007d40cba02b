// The registry's other rooms as the domain sees them: consultations, the
// theme taxonomy and the portfolio analysis, each behind a port (PostgreSQL
// in store/; fakes in tests), so that the API speaks to the domain only.
#ifndef ATLAS_REGISTRY_DOMAIN_DIALOGUE_PORTS_H_
#define ATLAS_REGISTRY_DOMAIN_DIALOGUE_PORTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/registry/v1/registry_service.pb.h"

namespace atlas::registry {

// Who asks about consultations: their handle, and whether they see every
// consultation (validators, analysts, admins) or only those they are
// invited to.
struct ConsultationCaller {
  std::string name;
  bool sees_all = false;
};

// Stakeholder consultations: a consultation the caller may not see is
// NOT_FOUND, like one that does not exist.
class ConsultationStore {
 public:
  virtual ~ConsultationStore() = default;
  virtual absl::StatusOr<v1::Consultation> Create(const v1::Consultation& c,
                                                  const ConsultationCaller& caller) = 0;
  virtual absl::StatusOr<std::vector<v1::Consultation>> List(const ConsultationCaller& caller) = 0;
  virtual absl::StatusOr<v1::Consultation> Get(const std::string& name,
                                               const ConsultationCaller& caller) = 0;
  // Casts or replaces the caller's ballot; the consultation afterwards.
  virtual absl::StatusOr<v1::Consultation> Cast(
      const std::string& name, const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores,
      const ConsultationCaller& caller) = 0;
  virtual absl::StatusOr<v1::Consultation> Close(const std::string& name,
                                                 const ConsultationCaller& caller) = 0;
};

// The theme taxonomy (administrators edit it; every replica follows).
class ThemeStore {
 public:
  virtual ~ThemeStore() = default;
  virtual absl::StatusOr<std::vector<v1::Theme>> List() = 0;
  // ALREADY_EXISTS if the code is taken; field violations in the caller's terms.
  virtual absl::StatusOr<v1::Theme> Create(const v1::Theme& theme, const std::string& actor) = 0;
  // ABORTED if `etag` is not the current revision's.
  virtual absl::StatusOr<v1::Theme> Update(const v1::Theme& patch,
                                           const std::vector<std::string>& paths,
                                           const std::string& etag, const std::string& actor) = 0;
  // FAILED_PRECONDITION while a project has it, or for the last theme.
  virtual absl::Status Delete(const std::string& name, const std::string& etag) = 0;
};

// The portfolio analysis: of the working copies, or of the published versions.
class PortfolioAnalyzer {
 public:
  virtual ~PortfolioAnalyzer() = default;
  virtual absl::StatusOr<v1::PortfolioAnalysis> Analyze(bool working_copies) = 0;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_DIALOGUE_PORTS_H_
