// Stakeholder consultations on good practices: validation of a consultation
// and of a ballot, and the ranking of the practices from the ballots.
#ifndef ATLAS_REGISTRY_DOMAIN_CONSULTATION_H_
#define ATLAS_REGISTRY_DOMAIN_CONSULTATION_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "atlas/core/i18n.h"
#include "atlas/registry/v1/registry_service.pb.h"

namespace atlas::registry {

inline constexpr core::Text kConsultationNotFound = {
    "no consultation {0} (or it does not concern you)",
    "aucune consultation {0} (ou elle ne vous concerne pas)", "لا توجد استشارة {0} (أو لا تعنيك)"};
inline constexpr core::Text kNotInvited = {"you are not invited to this consultation",
                                           "vous n'êtes pas invité·e à cette consultation",
                                           "لست مدعوا إلى هذه الاستشارة"};
inline constexpr core::Text kConsultationClosed = {
    "the consultation is closed: ballots can no longer be cast or changed",
    "la consultation est close : les bulletins ne peuvent plus être déposés ni modifiés",
    "الاستشارة مغلقة: لم يعد ممكنا إيداع الأوراق أو تعديلها"};
inline constexpr core::Text kNotAGoodPractice = {"{0} is not a published good practice",
                                                 "{0} n'est pas une bonne pratique publiée",
                                                 "{0} ليس ممارسة جيدة منشورة"};
inline constexpr core::Text kBallotIncomplete = {
    "score every practice on every criterion ({0} scores expected, {1} given)",
    "notez chaque pratique sur chaque critère ({0} notes attendues, {1} données)",
    "قيّم كل ممارسة وفق كل معيار ({0} نقطة متوقعة، {1} مقدمة)"};
inline constexpr core::Text kNotInConsultation = {
    "not one of this consultation's practices and criteria",
    "ne fait pas partie des pratiques et critères de cette consultation",
    "ليس من ممارسات هذه الاستشارة ومعاييرها"};
inline constexpr core::Text kInFuture = {"must be in the future", "doit être dans le futur",
                                         "يجب أن يكون في المستقبل"};

// Field violations of a consultation to create (`now_s`: seconds since the epoch).
absl::Status ValidateConsultation(const v1::Consultation& c, int64_t now_s);

// Field violations of a ballot on `c`: every practice × criterion once, 1..4.
absl::Status ValidateBallot(const v1::Consultation& c,
                            const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores);

// Fills c->ranking (highest average first) and c->ballots from `ballots`;
// `titles` by practice name.
void RankPractices(v1::Consultation* c, const std::vector<std::vector<v1::BallotScore>>& ballots,
                   const std::map<std::string, std::string>& titles);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_CONSULTATION_H_
