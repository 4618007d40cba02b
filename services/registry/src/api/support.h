// What the registry's handlers share (internal to api/): the etag of a
// conditional write, optional rooms, replies.
#ifndef ATLAS_REGISTRY_API_SUPPORT_H_
#define ATLAS_REGISTRY_API_SUPPORT_H_

#include <functional>
#include <string>

#include <grpcpp/server_context.h>

#include "atlas/core/ids.h"
#include "atlas/rpc/status.h"
#include "registry/api/registry_service.h"
#include "registry/domain/project_proto.h"

namespace atlas::registry {

// The etag of a conditional write: in the body, or as HTTP If-Match
// (forwarded by the gateway as metadata).
inline std::string EtagOf(grpc::CallbackServerContext* ctx, const std::string& in_body) {
  return in_body.empty() ? rpc::CallerMetadata(ctx, "if-match") : in_body;
}

// Who changed a theme: the handle, or the service account.
inline std::string Author(const Actor& a) { return a.name.empty() ? a.subject : a.name; }

// Writes `p` to `out` if ok; the status either way.
inline absl::Status Reply(const absl::StatusOr<Project>& p, v1::Project* out) {
  if (p.ok()) ToProto(*p, out);
  return p.status();
}

// "organisations/x" -> "x"; "" -> "" (the caller's). A name without the
// prefix stays invalid: the domain's validation reports it.
inline std::string OrganisationIdOf(const std::string& name) {
  if (name.empty()) return "";
  return core::IdOf(name, "organisations/").value_or("-" + name);
}

// Runs `fn` on an optional store (`what` it holds), or UNIMPLEMENTED without one.
template <typename Store>
absl::Status With(Store* store, const char* what, const std::function<absl::Status(Store&)>& fn) {
  if (store == nullptr)
    return absl::UnimplementedError(std::string("no ") + what + " in this process");
  return fn(*store);
}

// Writes `r` to `resp` if ok; the status either way.
template <typename Message>
absl::Status Put(absl::StatusOr<Message> r, Message* resp) {
  if (!r.ok()) return r.status();
  *resp = *std::move(r);
  return absl::OkStatus();
}

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_API_SUPPORT_H_
