// Conversions the indicators handlers share (proto <-> domain).
#ifndef ATLAS_INDICATORS_API_PROTO_CONVERT_H_
#define ATLAS_INDICATORS_API_PROTO_CONVERT_H_

#include <string>
#include <string_view>

#include "atlas/indicators/v1/indicators_service.pb.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {

// `s` without `prefix` ("programmes/"), or as is.
std::string Strip(const std::string& s, std::string_view prefix);

void ToProto(const ProgrammingVersion& v, v1::Programming* out);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_API_PROTO_CONVERT_H_
