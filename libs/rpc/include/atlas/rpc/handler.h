// The preamble every unary RPC handler repeats, in one place.
//
//   grpc::ServerUnaryReactor* FooServiceImpl::GetFoo(ctx, req, resp) {
//     return rpc::Unary(ctx, authz_, "atlas.foo.v1.FooService.GetFoo",
//                       [&](const rpc::Caller& caller) -> absl::Status {
//                         auto foo = service_.Get(req->name(), ViewerOf(caller));
//                         if (foo.ok()) ToProto(*foo, resp);
//                         return foo.status();
//                       });
//   }
//
// Unary() takes the caller's trace context, checks the caller's token and
// role for `method` (UNAUTHENTICATED / PERMISSION_DENIED end the call at
// once), runs `fn` and ends the call with its status, rendered in the
// caller's language. An exception escaping `fn` is logged and answered
// INTERNAL: it never reaches gRPC's threads (where it would end the process).
#ifndef ATLAS_RPC_HANDLER_H_
#define ATLAS_RPC_HANDLER_H_

#include <exception>
#include <string_view>

#include "absl/status/status.h"
#include "atlas/core/log.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/status.h"

namespace atlas::rpc {

template <typename Fn>
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* ctx, Authorizer& authz,
                                std::string_view method, Fn&& fn) {
  log::TraceScope trace(CallerTraceparent(ctx));
  absl::StatusOr<Caller> caller = authz.Check(ctx, method);
  if (!caller.ok()) return Finish(ctx, caller.status());
  absl::Status status;
  try {
    status = fn(*caller);
  } catch (const std::exception& e) {
    log::Error("handler failed", {{"method", std::string(method)}, {"error", e.what()}});
    status = absl::InternalError("the handler failed");
  }
  return Finish(ctx, status);
}

}  // namespace atlas::rpc

#endif  // ATLAS_RPC_HANDLER_H_
