// Conversions the indicators handlers share (proto <-> domain).
#ifndef ATLAS_INDICATORS_API_PROTO_CONVERT_H_
#define ATLAS_INDICATORS_API_PROTO_CONVERT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "atlas/indicators/v1/indicators_service.pb.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {

// `s` without `prefix` ("programmes/"), or as is.
std::string Strip(const std::string& s, std::string_view prefix);

void ToProto(const ProgrammingVersion& v, v1::Programming* out);

void ToTexts(const core::Localized& in, v1::Texts* out);

// The version in `programmings/{id}`; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<int> VersionId(const std::string& name, const std::string& field);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_API_PROTO_CONVERT_H_
