// Conversions the indicators handlers share.
#include "indicators/api/proto_convert.h"

namespace atlas::indicators {

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
