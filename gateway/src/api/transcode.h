// Proto3 JSON <-> protobuf for the REST surface (google.api.http semantics):
// path variables, then query parameters (when the body is not "*"), then the
// JSON body into the field the rule names. Unknown fields and parameters are
// errors, not silently dropped.
#ifndef ATLAS_GATEWAY_API_TRANSCODE_H_
#define ATLAS_GATEWAY_API_TRANSCODE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gateway/routing/route_table.h"

namespace google::protobuf {
class Message;
}

namespace atlas::gateway {

using Params = std::vector<std::pair<std::string, std::string>>;

// The path of request target `target` (still percent-encoded) and its query
// parameters (decoded, in order); false if it is not in origin form.
bool ParseTarget(std::string_view target, std::string* path, Params* query);

// Fills `out` (of route.method's input type). INVALID_ARGUMENT with field
// violations for anything the caller got wrong.
absl::Status BuildRequest(const Route& route, const Params& path_bindings, const Params& query,
                          std::string_view body, google::protobuf::Message* out);

// Proto3 JSON of `msg` (lowerCamelCase names, default values included).
std::string ToJson(const google::protobuf::Message& msg);

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_API_TRANSCODE_H_
