// RegistryService: the studies and reports library.
#include "atlas/core/paging.h"
#include "atlas/rpc/handler.h"
#include "registry/api/registry_service.h"
#include "registry/api/support.h"
#include "registry/domain/library.h"

namespace atlas::registry {

namespace {

absl::Status WithLibrary(Library* library, const std::function<absl::Status(Library&)>& fn) {
  return With(library, "studies library", fn);
}

LibraryReader ReaderOf(const Actor& a) { return {.signed_in = !a.subject.empty()}; }

}  // namespace

grpc::ServerUnaryReactor* RegistryServiceImpl::ListDocuments(grpc::CallbackServerContext* ctx,
                                                             const v1::ListDocumentsRequest* req,
                                                             v1::ListDocumentsResponse* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.ListDocuments", [&](const Actor& a) {
    return WithLibrary(rooms_.library, [&](Library& library) -> absl::Status {
      absl::StatusOr<core::PageRequest> page =
          core::ParsePageRequest(req->page_size(), req->page_token(), 20, 100);
      if (!page.ok()) return page.status();
      auto r = library.List({.q = req->q(),
                             .kind = static_cast<int>(req->kind()),
                             .region_code = req->region_code(),
                             .theme = req->theme(),
                             .project = req->project(),
                             .programme = req->programme(),
                             .dataset = req->dataset(),
                             .signed_in = ReaderOf(a).signed_in,
                             .limit = page->limit,
                             .offset = page->position});
      if (!r.ok()) return r.status();
      const int64_t next = page->position + static_cast<int64_t>(r->documents.size());
      for (auto& d : r->documents) *resp->add_documents() = std::move(d);
      resp->set_total_size(r->total);
      if (next < r->total) resp->set_next_page_token(core::EncodePageToken(next));
      return absl::OkStatus();
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetDocument(grpc::CallbackServerContext* ctx,
                                                           const v1::GetDocumentRequest* req,
                                                           v1::LibraryDocument* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.GetDocument", [&](const Actor& a) {
    return WithLibrary(rooms_.library, [&](Library& library) {
      return Put(library.Get(req->name(), ReaderOf(a)), resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::GetDocumentFile(
    grpc::CallbackServerContext* ctx, const v1::GetDocumentFileRequest* req,
    api::v1::HttpBody* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.GetDocumentFile", [&](const Actor& a) {
    return WithLibrary(rooms_.library, [&](Library& library) -> absl::Status {
      auto file = library.File(req->name(), ReaderOf(a));
      if (!file.ok()) return file.status();
      resp->set_content_type("application/pdf");
      resp->set_file_name(file->second);
      resp->set_data(std::move(file->first));
      return absl::OkStatus();
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::CreateDocument(grpc::CallbackServerContext* ctx,
                                                              const v1::CreateDocumentRequest* req,
                                                              v1::LibraryDocument* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.CreateDocument", [&](const Actor& a) {
    return WithLibrary(rooms_.library, [&](Library& library) {
      return Put(library.Create(req->document(), req->file(), req->file_name(), req->request_id(),
                                Author(a)),
                 resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::UpdateDocument(grpc::CallbackServerContext* ctx,
                                                              const v1::UpdateDocumentRequest* req,
                                                              v1::LibraryDocument* resp) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.UpdateDocument", [&](const Actor& a) {
    const std::vector<std::string> paths(req->update_mask().paths().begin(),
                                         req->update_mask().paths().end());
    return WithLibrary(rooms_.library, [&](Library& library) {
      return Put(
          library.Update(req->document(), paths, EtagOf(ctx, req->document().etag()), Author(a)),
          resp);
    });
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::DeleteDocument(grpc::CallbackServerContext* ctx,
                                                              const v1::DeleteDocumentRequest* req,
                                                              google::protobuf::Empty* /*resp*/) {
  return Handle(ctx, "atlas.registry.v1.RegistryService.DeleteDocument", [&](const Actor& a) {
    return WithLibrary(rooms_.library, [&](Library& library) {
      return library.Delete(req->name(), EtagOf(ctx, req->etag()), Author(a));
    });
  });
}

}  // namespace atlas::registry
