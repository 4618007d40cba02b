// One place where absl::Status becomes grpc::Status and back.
//
// INVALID_ARGUMENT with field violations (atlas/core/status.h) carries a
// google.rpc.BadRequest in the standard `grpc-status-details-bin` trailer, so
// any gRPC client (and the gateway) can show each field's error.
#ifndef ATLAS_RPC_STATUS_H_
#define ATLAS_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace atlas::rpc {

grpc::Status ToGrpc(const absl::Status& status);
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace atlas::rpc

#endif  // ATLAS_RPC_STATUS_H_
