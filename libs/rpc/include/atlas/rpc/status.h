// One place where absl::Status becomes grpc::Status and back.
//
// INVALID_ARGUMENT with field violations (atlas/core/status.h) carries a
// google.rpc.BadRequest in the standard `grpc-status-details-bin` trailer, so
// any gRPC client (and the gateway) can show each field's error.
#ifndef ATLAS_RPC_STATUS_H_
#define ATLAS_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"

namespace grpc {
class CallbackServerContext;
class ServerUnaryReactor;
}  // namespace grpc
namespace google::protobuf {
class Timestamp;
}

namespace atlas::rpc {

// Renders `status` in `lang`: the message, google.rpc.BadRequest for field
// violations and google.rpc.LocalizedMessage.
grpc::Status ToGrpc(const absl::Status& status, core::Lang lang = core::Lang::kEn);
// The caller's language from its `accept-language` metadata (English if none).
core::Lang CallerLanguage(const grpc::CallbackServerContext* ctx);
// The language a request asks for in its field `field` ("fr", "ar" or "en");
// empty: the caller's (CallerLanguage). Anything else: INVALID_ARGUMENT on
// `field`, in the caller's language.
absl::StatusOr<core::Lang> RequestedLanguage(const grpc::CallbackServerContext* ctx,
                                             std::string_view value, const char* field = "lang");
// The value of the request's metadata `key` (lower case), or "" without one.
std::string CallerMetadata(const grpc::CallbackServerContext* ctx, std::string_view key);
// Metadata between the gateway and atlas-registry (decision 0040): in a
// write's trailing metadata, the registry's change-log generation it
// committed; on an anonymous search, the highest generation the gateway has
// heard of (from those answers and from the registry's project events).
inline constexpr char kSearchGenerationKey[] = "atlas-search-generation";
// The caller's W3C traceparent metadata ("" if none or malformed).
std::string CallerTraceparent(const grpc::CallbackServerContext* ctx);
// ToGrpc in the caller's language.
grpc::Status ToGrpc(const absl::Status& status, const grpc::CallbackServerContext* ctx);

// Ends a unary callback call with `status` rendered in the caller's language;
// returns the call's reactor for the handler to return.
grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* ctx, const absl::Status& status);

// Microseconds since the Unix epoch -> google.protobuf.Timestamp.
void SetTimestamp(int64_t micros, google::protobuf::Timestamp* out);
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace atlas::rpc

#endif  // ATLAS_RPC_STATUS_H_
