// atlas.stats.v1.StatsService: the catalogue of data sources (proto <-> domain).
#include "atlas/core/etag.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "stats/api/stats_service.h"
#include "stats/domain/data_source.h"

namespace atlas::stats {
namespace {

constexpr std::string_view kPrefix = "dataSources/";

void ToTexts(const core::Localized& in, v1::Texts* out) {
  out->set_fr(in.fr);
  out->set_ar(in.ar);
  out->set_en(in.en);
}

core::Localized FromTexts(const v1::Texts& in) {
  return {.en = in.en(), .fr = in.fr(), .ar = in.ar()};
}

void ToProto(const DataSource& s, v1::DataSource* out) {
  out->set_name(std::string(kPrefix) + s.id);
  out->set_holder(s.holder);
  ToTexts(s.title, out->mutable_title());
  ToTexts(s.population, out->mutable_population());
  ToTexts(s.coverage, out->mutable_coverage());
  out->set_period(s.period);
  ToTexts(s.variables, out->mutable_variables());
  out->set_frequency(s.frequency);
  ToTexts(s.access, out->mutable_access());
  out->set_url(s.url);
  for (const std::string& d : s.datasets) out->add_datasets("datasets/" + d);
  out->set_etag(core::RevisionEtag(s.revision));
  out->set_update_time(s.update_time);
}

DataSource FromProto(const v1::DataSource& in, std::string id) {
  return {.id = std::move(id),
          .holder = in.holder(),
          .title = FromTexts(in.title()),
          .population = FromTexts(in.population()),
          .coverage = FromTexts(in.coverage()),
          .period = in.period(),
          .variables = FromTexts(in.variables()),
          .frequency = in.frequency(),
          .access = FromTexts(in.access()),
          .url = in.url()};
}

// The id in `dataSources/{id}` (anything else names no source: the domain
// answers NOT_FOUND in the caller's language).
std::string IdOf(const std::string& name) {
  return name.rfind(kPrefix, 0) == 0 ? name.substr(kPrefix.size()) : name;
}

absl::Status Put(absl::StatusOr<DataSource> s, v1::DataSource* resp) {
  if (!s.ok()) return s.status();
  ToProto(*s, resp);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* StatsServiceImpl::ListDataSources(grpc::CallbackServerContext* ctx,
                                                            const v1::ListDataSourcesRequest* req,
                                                            v1::ListDataSourcesResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.ListDataSources",
                    [&](const rpc::Caller&) -> absl::Status {
                      absl::StatusOr<DataSourcePage> page =
                          sources_.List(req->page_size(), req->page_token());
                      if (!page.ok()) return page.status();
                      for (const DataSource& s : page->items) ToProto(s, resp->add_data_sources());
                      resp->set_next_page_token(core::NextPageToken(*page));
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetDataSource(grpc::CallbackServerContext* ctx,
                                                          const v1::GetDataSourceRequest* req,
                                                          v1::DataSource* resp) {
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.GetDataSource",
                    [&](const rpc::Caller&) { return Put(sources_.Get(IdOf(req->name())), resp); });
}

grpc::ServerUnaryReactor* StatsServiceImpl::CreateDataSource(grpc::CallbackServerContext* ctx,
                                                             const v1::CreateDataSourceRequest* req,
                                                             v1::DataSource* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.stats.v1.StatsService.CreateDataSource", [&](const rpc::Caller& caller) {
        return Put(
            sources_.Create(FromProto(req->data_source(), req->data_source_id()), caller.subject),
            resp);
      });
}

grpc::ServerUnaryReactor* StatsServiceImpl::UpdateDataSource(grpc::CallbackServerContext* ctx,
                                                             const v1::UpdateDataSourceRequest* req,
                                                             v1::DataSource* resp) {
  return rpc::Unary(
      ctx, authz_, "atlas.stats.v1.StatsService.UpdateDataSource", [&](const rpc::Caller& caller) {
        const std::vector<std::string> paths(req->update_mask().paths().begin(),
                                             req->update_mask().paths().end());
        // The etag in the body, or as HTTP If-Match (forwarded as metadata).
        const std::string etag = req->data_source().etag().empty()
                                     ? rpc::CallerMetadata(ctx, "if-match")
                                     : req->data_source().etag();
        return Put(sources_.Update(FromProto(req->data_source(), IdOf(req->data_source().name())),
                                   paths, etag, caller.subject),
                   resp);
      });
}

}  // namespace atlas::stats
