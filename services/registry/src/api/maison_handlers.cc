// RegistryService: the Maisons des Marocains du Monde.
#include "atlas/rpc/handler.h"
#include "registry/api/registry_service.h"
#include "registry/api/support.h"
#include "registry/domain/maison.h"

namespace atlas::registry {

namespace {

absl::Status WithMaisons(MaisonDirectory* directory,
                         const std::function<absl::Status(MaisonDirectory&)>& fn) {
  return With(directory, "Maisons des Marocains du Monde", fn);
}

bool SignedIn(const Actor& a) { return !a.subject.empty(); }

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::ListMaisons(grpc::CallbackServerContext* ctx,
                                                           const v1::ListMaisonsRequest* req,
                                                           v1::ListMaisonsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListMaisons", [&](const Actor& a) {
    return WithMaisons(rooms_.maisons, [&](MaisonDirectory& d) -> absl::Status {
      auto all = d.List(req->region_code(), req->service(), SignedIn(a));
      if (!all.ok()) return all.status();
      for (auto& m : *all) *resp->add_maisons() = std::move(m);
      return absl::OkStatus();
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetMaison(grpc::CallbackServerContext* ctx,
                                                         const v1::GetMaisonRequest* req,
                                                         v1::Maison* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.GetMaison", [&](const Actor& a) {
    return WithMaisons(rooms_.maisons, [&](MaisonDirectory& d) {
      return Put(d.Get(req->name(), SignedIn(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ExportMaisons(grpc::CallbackServerContext* ctx,
                                                             const v1::ExportMaisonsRequest* req,
                                                             api::v1::HttpBody* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ExportMaisons", [&](const Actor&) {
    return WithMaisons(rooms_.maisons, [&](MaisonDirectory& d) -> absl::Status {
      const std::string format = req->format().empty() ? "csv" : req->format();
      if (format != "csv" && format != "geojson") {
        return core::InvalidFields({core::Violation("format", kMaisonExportFormat)});
      }
      // Never contacts, whoever asks: an export is passed on.
      auto all = d.List(req->region_code(), "", false);
      if (!all.ok()) return all.status();
      if (format == "csv") {
        resp->set_content_type("text/csv; charset=utf-8");
        resp->set_file_name("maisons-des-marocains-du-monde.csv");
        resp->set_data(MaisonsCsv(*all));
      } else {
        resp->set_content_type("application/geo+json");
        resp->set_file_name("maisons-des-marocains-du-monde.geojson");
        resp->set_data(MaisonsGeoJson(*all));
      }
      return absl::OkStatus();
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateMaison(grpc::CallbackServerContext* ctx,
                                                            const v1::CreateMaisonRequest* req,
                                                            v1::Maison* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateMaison", [&](const Actor& a) {
    return WithMaisons(rooms_.maisons, [&](MaisonDirectory& d) {
      return Put(d.Create(req->maison(), req->request_id(), Author(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdateMaison(grpc::CallbackServerContext* ctx,
                                                            const v1::UpdateMaisonRequest* req,
                                                            v1::Maison* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.UpdateMaison", [&](const Actor& a) {
    const std::vector<std::string> paths(req->update_mask().paths().begin(),
                                         req->update_mask().paths().end());
    return WithMaisons(rooms_.maisons, [&](MaisonDirectory& d) {
      return Put(d.Update(req->maison(), paths, EtagOf(ctx, req->maison().etag()), Author(a)),
                 resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::DeleteMaison(grpc::CallbackServerContext* ctx,
                                                            const v1::DeleteMaisonRequest* req,
                                                            google::protobuf::Empty* /*resp*/) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.DeleteMaison", [&](const Actor& a) {
    return WithMaisons(rooms_.maisons, [&](MaisonDirectory& d) {
      return d.Delete(req->name(), EtagOf(ctx, req->etag()), Author(a));
    });
  });
}

}  // namespace atlas::registry
