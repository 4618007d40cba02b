// absl <-> gRPC status conversion with google.rpc details.
#include "atlas/rpc/status.h"

#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "atlas/core/log.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace atlas::rpc {

grpc::Status ToGrpc(const absl::Status& status, core::Lang lang) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message = core::MessageIn(status, lang);
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  auto violations = core::FieldViolations(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad;
    for (const auto& v : violations) {
      auto* fv = bad.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description.In(lang));
    }
    details.add_details()->PackFrom(bad);
  }
  google::rpc::LocalizedMessage localized;
  localized.set_locale(core::LanguageTag(lang));
  localized.set_message(message);
  details.add_details()->PackFrom(localized);
  return grpc::Status(code, message, details.SerializeAsString());
}

std::string CallerMetadata(const grpc::CallbackServerContext* ctx, std::string_view key) {
  const auto& md = ctx->client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

core::Lang CallerLanguage(const grpc::CallbackServerContext* ctx) {
  // Without the header: English, as PickLanguage gives for "".
  return core::PickLanguage(CallerMetadata(ctx, "accept-language"));
}

absl::StatusOr<core::Lang> RequestedLanguage(const grpc::CallbackServerContext* ctx,
                                             std::string_view value, const char* field) {
  if (value.empty()) return CallerLanguage(ctx);
  if (value == "fr" || value == "ar" || value == "en") return core::PickLanguage(value);
  return core::InvalidFields({core::Violation(field, core::texts::kOneOf, {"fr, ar, en"})});
}

std::string CallerTraceparent(const grpc::CallbackServerContext* ctx) {
  std::string value = CallerMetadata(ctx, "traceparent");
  return log::IsValidTraceparent(value) ? value : "";
}

grpc::Status ToGrpc(const absl::Status& status, const grpc::CallbackServerContext* ctx) {
  return ToGrpc(status, CallerLanguage(ctx));
}

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* ctx, const absl::Status& status) {
  // DefaultReactor() builds the reactor anew on each call: ask once.
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(ToGrpc(status, ctx));
  return reactor;
}

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* out) {
  out->set_seconds(micros / 1000000);
  out->set_nanos(static_cast<int32_t>((micros % 1000000) * 1000));
}

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    std::vector<core::FieldViolation> violations;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad;
      if (any.UnpackTo(&bad)) {
        for (const auto& fv : bad.field_violations()) {
          violations.push_back({fv.field(), core::Localized{fv.description(), "", ""}});
        }
      }
    }
    if (code == absl::StatusCode::kInvalidArgument && !violations.empty()) {
      return core::InvalidFields(violations);
    }
  }
  return absl::Status(code, status.error_message());
}

}  // namespace atlas::rpc
