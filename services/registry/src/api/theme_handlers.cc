// RegistryService: the theme taxonomy and the vocabularies.
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

namespace {

absl::Status WithThemes(ThemeService* store, const std::function<absl::Status(ThemeService&)>& fn) {
  return With(store, "theme taxonomy", fn);
}

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::ListThemes(grpc::CallbackServerContext* ctx,
                                                          const v1::ListThemesRequest* /*req*/,
                                                          v1::ListThemesResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListThemes", [&](const Actor&) {
    return WithThemes(rooms_.themes, [&](ThemeService& store) -> absl::Status {
      auto r = store.List();
      if (!r.ok()) return r.status();
      for (auto& t : *r) *resp->add_themes() = std::move(t);
      return absl::OkStatus();
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateTheme(grpc::CallbackServerContext* ctx,
                                                           const v1::CreateThemeRequest* req,
                                                           v1::Theme* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateTheme", [&](const Actor& a) {
    return WithThemes(rooms_.themes, [&](ThemeService& store) {
      return Put(store.Create(req->theme(), Author(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdateTheme(grpc::CallbackServerContext* ctx,
                                                           const v1::UpdateThemeRequest* req,
                                                           v1::Theme* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.UpdateTheme", [&](const Actor& a) {
    const std::vector<std::string> paths(req->update_mask().paths().begin(),
                                         req->update_mask().paths().end());
    return WithThemes(rooms_.themes, [&](ThemeService& store) {
      return Put(store.Update(req->theme(), paths, EtagOf(ctx, req->theme().etag()), Author(a)),
                 resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::DeleteTheme(grpc::CallbackServerContext* ctx,
                                                           const v1::DeleteThemeRequest* req,
                                                           google::protobuf::Empty* /*resp*/) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.DeleteTheme", [&](const Actor& a) {
    return WithThemes(rooms_.themes, [&](ThemeService& store) {
      return store.Delete(req->name(), EtagOf(ctx, req->etag()), Author(a));
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListVocabularies(
    grpc::CallbackServerContext* ctx, const v1::ListVocabulariesRequest* /*req*/,
    v1::ListVocabulariesResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListVocabularies", [&](const Actor&) {
    // Fresh from PostgreSQL (one read of the generation): the gateways cache
    // this answer until a theme event, which may reach them before this
    // replica's watcher reloads.
    if (rooms_.themes != nullptr) {
      if (absl::Status s = rooms_.themes->Refresh(); !s.ok()) return s;
    }
    *resp->mutable_indicative_rates() = rooms_.rates;
    for (const VocabularySet& set : AllVocabularies()) {
      v1::Vocabulary* v = resp->add_vocabularies();
      v->set_name(set.name);
      for (const Term& t : set.terms) {
        v1::VocabularyTerm* term = v->add_terms();
        term->set_code(t.code);
        term->mutable_label()->set_fr(t.fr);
        term->mutable_label()->set_ar(t.ar);
        term->mutable_label()->set_en(t.en);
        term->set_colour(t.colour);
        term->set_retired(t.retired);
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace atlas::registry
