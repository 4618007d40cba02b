// RegistryService: the dialogue on projects.
#include "registry/api/registry_service.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atlas/core/log.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "google/protobuf/util/time_util.h"
#include "registry/api/support.h"
#include "registry/domain/exchange.h"
#include "registry/domain/project_proto.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateComment(grpc::CallbackServerContext* ctx,
                                                             const v1::CreateCommentRequest* req,
                                                             v1::Comment* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateComment", [&](const Actor& actor) {
    return With<DialogueService>(rooms_.dialogue, "dialogue",
                                 [&](DialogueService& dialogue) -> absl::Status {
                                   absl::StatusOr<v1::Comment> c =
                                       dialogue.CreateComment(req->parent(), req->comment(), actor);
                                   if (c.ok()) *resp = *c;
                                   return c.status();
                                 });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListComments(grpc::CallbackServerContext* ctx,
                                                            const v1::ListCommentsRequest* req,
                                                            v1::ListCommentsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListComments", [&](const Actor& actor) {
    return With<DialogueService>(
        rooms_.dialogue, "dialogue", [&](DialogueService& dialogue) -> absl::Status {
          absl::StatusOr<std::vector<v1::Comment>> list =
              dialogue.Comments(req->parent(), req->field(), req->unresolved_only(), actor);
          if (!list.ok()) return list.status();
          for (auto& c : *list) *resp->add_comments() = std::move(c);
          return absl::OkStatus();
        });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::MarkCommentsRead(
    grpc::CallbackServerContext* ctx, const v1::MarkCommentsReadRequest* req,
    google::protobuf::Empty* /*resp*/) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.MarkCommentsRead", [&](const Actor& actor) {
    return With<DialogueService>(rooms_.dialogue, "dialogue",
                                 [&](DialogueService& dialogue) -> absl::Status {
                                   return dialogue.MarkCommentsRead(req->parent(), actor);
                                 });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ResolveComment(grpc::CallbackServerContext* ctx,
                                                              const v1::ResolveCommentRequest* req,
                                                              v1::Comment* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ResolveComment", [&](const Actor& actor) {
    return With<DialogueService>(rooms_.dialogue, "dialogue",
                                 [&](DialogueService& dialogue) -> absl::Status {
                                   absl::StatusOr<v1::Comment> c =
                                       dialogue.ResolveComment(req->name(), req->resolved(), actor);
                                   if (c.ok()) *resp = *c;
                                   return c.status();
                                 });
  });
}

}  // namespace atlas::registry
