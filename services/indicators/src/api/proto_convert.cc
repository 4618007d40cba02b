// Conversions the indicators handlers share.
#include "indicators/api/proto_convert.h"

#include "absl/strings/numbers.h"
#include "atlas/core/status.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kBadName = {"must name a programming version like programmings/3",
                                 "doit nommer une version de programmation comme programmings/3",
                                 "يجب أن يسمي نسخة برمجة مثل programmings/3"};

}  // namespace

// The version in `programmings/{id}`.
absl::StatusOr<int> VersionId(const std::string& name, const std::string& field) {
  constexpr std::string_view kPrefix = "programmings/";
  int id = 0;
  if (name.rfind(kPrefix, 0) != 0 || !absl::SimpleAtoi(name.substr(kPrefix.size()), &id) ||
      id <= 0) {
    return core::InvalidFields({core::Violation(field, kBadName)});
  }
  return id;
}

void ToTexts(const core::Localized& in, v1::Texts* out) {
  out->set_fr(in.fr);
  out->set_ar(in.ar);
  out->set_en(in.en);
}

std::string Strip(const std::string& s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0 ? s.substr(prefix.size()) : s;
}

void ToProto(const ProgrammingVersion& v, v1::Programming* out) {
  out->set_name("programmings/" + std::to_string(v.id));
  out->set_first_year(v.first_year);
  out->set_last_year(v.first_year + 2);
  out->set_state(v.state);
  if (v.based_on > 0) out->set_based_on("programmings/" + std::to_string(v.based_on));
  out->set_label(v.label);
}

}  // namespace atlas::indicators
