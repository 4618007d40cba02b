// StatsService handlers.
#include "stats/api/stats_service.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "atlas/core/hash.h"
#include "atlas/core/log.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
#include "atlas/core/time.h"
#include "atlas/rpc/handler.h"
#include "atlas/rpc/status.h"
#include "stats/domain/coverage.h"
#include "stats/domain/dataset_service.h"
#include "stats/domain/import.h"
#include "stats/domain/sdmx.h"

namespace atlas::stats {
namespace {

constexpr core::Text kBadName = {
    "must be a dataset name like datasets/undesa-ims-2020",
    "doit être un nom de jeu de données comme datasets/undesa-ims-2020",
    "يجب أن يكون اسم مجموعة بيانات مثل datasets/undesa-ims-2020"};
constexpr core::Text kBadFlow = {
    "must be a dataflow id like undesa-ims-2020, or MA.MRE,undesa-ims-2020,1.0",
    "doit être un identifiant de flux comme undesa-ims-2020, ou MA.MRE,undesa-ims-2020,1.0",
    "يجب أن يكون معرّف تدفق مثل undesa-ims-2020، أو MA.MRE,undesa-ims-2020,1.0"};
constexpr core::Text kBadFormat = {"must be genericdata, csv or jsondata",
                                   "doit être genericdata, csv ou jsondata",
                                   "يجب أن يكون genericdata أو csv أو jsondata"};
constexpr core::Text kBadObsDimension = {"only TIME_PERIOD is served", "seul TIME_PERIOD est servi",
                                         "لا يُخدم إلا TIME_PERIOD"};
constexpr core::Text kNotOurAgency = {
    "this service maintains agency MA.MRE (and the SDMX code lists)",
    "ce service maintient l'agence MA.MRE (et les listes de codes SDMX)",
    "تحتفظ هذه الخدمة بالوكالة MA.MRE (وقوائم رموز SDMX)"};
constexpr char kDisclosureMethod[] =
    "unbiased random rounding to a multiple of 5, keyed by the cell (the sum of secret keys of "
    "the observations it adds up): the same cell has the same value in every table; see "
    "docs/stats.md";

// Analysts and administrators read exact figures.
Reader ReaderOf(const rpc::Caller& caller) {
  return {.exact = caller.HasRole("analyst") || caller.HasRole("admin")};
}

absl::StatusOr<std::string> DatasetId(const std::string& name) {
  const std::string kPrefix = "datasets/";
  // The ids datasets can have (lower-case letters, digits, "-"): nothing else
  // reaches the store.
  const bool ok =
      absl::StartsWith(name, kPrefix) && name.size() > kPrefix.size() &&
      name.size() <= kPrefix.size() + 63 &&
      std::all_of(name.begin() + static_cast<long>(kPrefix.size()), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
  if (!ok) return core::InvalidFields({core::Violation("name", kBadName)});
  return name.substr(kPrefix.size());
}

void ToProto(const Dataset& d, core::Lang lang, v1::Dataset* out) {
  out->set_name("datasets/" + d.id);
  out->set_title(d.title.In(lang));
  out->set_description(d.description.In(lang));
  out->set_source(d.source);
  out->set_licence(d.licence);
  out->set_observation_count(d.observation_count);
  for (auto [from, to] : {std::pair{&d.title, out->mutable_titles()},
                          std::pair{&d.description, out->mutable_descriptions()}}) {
    to->set_fr(from->fr);
    to->set_ar(from->ar);
    to->set_en(from->en);
  }
  out->set_producer(d.producer);
  out->set_source_url(d.source_url);
  out->set_method(d.method);
  out->set_reference_period(d.reference_period);
  out->set_unit(d.unit);
  out->set_grade(d.grade);
  out->set_demo(d.demo);
  out->set_released_version(d.released_version);
  if (!d.data_source.empty()) out->set_data_source("dataSources/" + d.data_source);
}

constexpr core::Text kBadVersionName = {
    "must be a version name like datasets/undesa-ims-2020/versions/2",
    "doit être un nom de version comme datasets/undesa-ims-2020/versions/2",
    "يجب أن يكون اسم نسخة مثل datasets/undesa-ims-2020/versions/2"};
constexpr core::Text kStreamTooBig = {"is larger than 64 MiB in all", "dépasse 64 Mio au total",
                                      "يتجاوز 64 ميغابايت في المجموع"};

ImportFormat FormatOf(v1::ImportFormat f) {
  return f == v1::SDMX_CSV ? ImportFormat::kSdmxCsv : ImportFormat::kLongCsv;
}

void ToProto(const ImportResult& r, v1::ImportReport* out) {
  out->set_version(r.version);
  out->set_created(r.created);
  out->set_observations(r.observations);
  out->set_content_sha256(r.content_sha256);
}

void ToProto(const std::string& id, const DatasetVersion& v, v1::DatasetVersion* out) {
  out->set_name("datasets/" + id + "/versions/" + std::to_string(v.version));
  out->set_version(v.version);
  out->set_state(v.state);
  out->set_content_sha256(v.content_sha256);
  out->set_create_time(v.create_time);
  out->set_created_by(v.created_by);
  out->set_release_time(v.release_time);
  out->set_observations(v.observations);
}

// Reads a client stream's chunks, then imports the whole file once.
class ImportReader final : public grpc::ServerReadReactor<v1::ImportDatasetVersionRequest> {
 public:
  ImportReader(DatasetService& datasets, absl::StatusOr<rpc::Caller> caller, core::Lang lang,
               v1::ImportReport* resp)
      : datasets_(datasets), caller_(std::move(caller)), lang_(lang), resp_(resp) {
    if (!caller_.ok()) {
      Finish(rpc::ToGrpc(caller_.status(), lang_));
      return;
    }
    StartRead(&chunk_);
  }
  void OnReadDone(bool ok) override {
    if (ok) {
      if (first_) {
        name_ = chunk_.name();
        format_ = chunk_.format();
        validate_only_ = chunk_.validate_only();
        first_ = false;
      }
      if (file_.size() + chunk_.data().size() > kMaxImportBytes) {
        Finish(rpc::ToGrpc(core::InvalidFields({core::Violation("data", kStreamTooBig)}), lang_));
        return;
      }
      file_ += chunk_.data();
      chunk_.Clear();
      StartRead(&chunk_);
      return;
    }
    // The client finished sending: the whole file, once.
    absl::Status s = [&]() -> absl::Status {
      absl::StatusOr<std::string> id = DatasetId(name_);
      if (!id.ok()) return id.status();
      absl::StatusOr<ImportResult> r =
          datasets_.Import(*id, FormatOf(format_), file_, validate_only_, caller_->subject);
      if (!r.ok()) return r.status();
      ToProto(*r, resp_);
      return absl::OkStatus();
    }();
    Finish(rpc::ToGrpc(s, lang_));
  }
  void OnDone() override { delete this; }

 private:
  DatasetService& datasets_;
  absl::StatusOr<rpc::Caller> caller_;
  core::Lang lang_;
  v1::ImportReport* resp_;
  v1::ImportDatasetVersionRequest chunk_;
  bool first_ = true;
  std::string name_;
  v1::ImportFormat format_ = v1::IMPORT_FORMAT_UNSPECIFIED;
  bool validate_only_ = false;
  std::string file_;
};

std::string Now() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

void Body(std::string data, std::string type, std::string file, api::v1::HttpBody* resp) {
  resp->set_etag(core::StrongEtag(data));
  resp->set_data(std::move(data));
  resp->set_content_type(std::move(type));
  resp->set_file_name(std::move(file));
  resp->set_cache_control("public, max-age=60");
}

}  // namespace

grpc::ServerUnaryReactor* StatsServiceImpl::ListDatasets(grpc::CallbackServerContext* ctx,
                                                         const v1::ListDatasetsRequest* req,
                                                         v1::ListDatasetsResponse* resp) {
  const core::Lang lang = rpc::CallerLanguage(ctx);
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.ListDatasets",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<DatasetPage> found =
                          datasets_.List(req->page_size(), req->page_token(), ReaderOf(caller));
                      if (!found.ok()) return found.status();
                      for (const auto& d : found->items) ToProto(d, lang, resp->add_datasets());
                      resp->set_next_page_token(core::NextPageToken(*found));
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetDataset(grpc::CallbackServerContext* ctx,
                                                       const v1::GetDatasetRequest* req,
                                                       v1::Dataset* resp) {
  const core::Lang lang = rpc::CallerLanguage(ctx);
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.GetDataset",
                    [&](const rpc::Caller&) -> absl::Status {
                      absl::StatusOr<std::string> id = DatasetId(req->name());
                      if (!id.ok()) return id.status();
                      absl::StatusOr<Dataset> d = datasets_.Get(*id);
                      if (!d.ok()) return d.status();
                      ToProto(*d, lang, resp);
                      // The codes the released version uses, from its cube.
                      absl::StatusOr<std::vector<std::vector<std::string>>> codes =
                          datasets_.CodesInUse(*id);
                      if (!codes.ok()) return codes.status();
                      for (size_t i = 0; i < d->dimensions.size() && i < codes->size(); ++i) {
                        const Dimension& dim = d->dimensions[i];
                        auto* out = resp->add_dimensions();
                        out->set_id(dim.id);
                        out->set_codelist(dim.codelist);
                        for (const std::string& c : (*codes)[i]) {
                          auto* code = out->add_codes();
                          code->set_id(c);
                          code->set_label(datasets_.Label(dim.codelist, c, lang));
                        }
                      }
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* StatsServiceImpl::QueryDataset(grpc::CallbackServerContext* ctx,
                                                         const v1::QueryDatasetRequest* req,
                                                         v1::QueryDatasetResponse* resp) {
  const core::Lang lang = rpc::CallerLanguage(ctx);
  return rpc::Unary(
      ctx, authz_, "atlas.stats.v1.StatsService.QueryDataset",
      [&](const rpc::Caller& caller) -> absl::Status {
        absl::StatusOr<std::string> id = DatasetId(req->name());
        if (!id.ok()) return id.status();
        Query q{.dataset = *id,
                .version = req->version(),
                .start_period = req->start_period(),
                .end_period = req->end_period(),
                .totals = req->totals(),
                .top = req->top()};
        // groupBy=REF_AREA,SEX as one parameter or repeated.
        for (const std::string& g : req->group_by()) {
          for (absl::string_view part : absl::StrSplit(g, ',', absl::SkipEmpty())) {
            q.group_by.emplace_back(part);
          }
        }
        q.filters.assign(req->filter().begin(), req->filter().end());
        absl::StatusOr<QueryResult> r = datasets_.Run(q, ReaderOf(caller));
        if (!r.ok()) return r.status();
        ToProto(r->dataset, lang, resp->mutable_dataset());
        resp->set_version(r->version);
        for (const std::string& g : r->group_by) resp->add_group_by(g);
        for (const std::string& f : r->fixed) resp->add_fixed(f);
        std::vector<std::string> lists;
        for (const std::string& g : r->group_by) {
          std::string list;
          for (const Dimension& d : r->dataset.dimensions) {
            if (d.id == g) list = d.codelist;
          }
          lists.push_back(list);
        }
        auto fill = [&](const QueryCell& c, v1::Cell* out) {
          for (size_t i = 0; i < c.key.size(); ++i) {
            out->add_key(c.key[i]);
            out->add_labels(lists[i].empty() ? c.key[i]
                                             : datasets_.Label(lists[i], c.key[i], lang));
          }
          if (c.value) out->set_value(*c.value);
          out->set_status(std::string(1, c.status));
          out->set_small(c.small);
          out->set_incomplete(c.incomplete);
          if (c.share) out->set_share(*c.share);
        };
        for (const QueryCell& c : r->cells) fill(c, resp->add_cells());
        for (const QueryCell& c : r->margins) fill(c, resp->add_margins());
        resp->mutable_disclosure()->set_exact(r->exact);
        resp->mutable_disclosure()->set_method(r->exact ? "none (exact figures for analysts)"
                                                        : kDisclosureMethod);
        resp->mutable_disclosure()->set_rounding_base(r->exact ? 1 : kRoundingBase);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetProjectCoverage(
    grpc::CallbackServerContext* ctx, const v1::GetProjectCoverageRequest* req,
    v1::ProjectCoverage* resp) {
  const core::Lang lang = rpc::CallerLanguage(ctx);
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.GetProjectCoverage",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<std::string> id = DatasetId(req->name());
                      if (!id.ok()) return id.status();
                      absl::StatusOr<Coverage> c =
                          CoverageOf(datasets_, projects_, *id, req->period(), ReaderOf(caller));
                      if (!c.ok()) return c.status();
                      ToProto(c->dataset, lang, resp->mutable_dataset());
                      resp->set_period(c->period);
                      for (const CountryCoverage& row : c->countries) {
                        v1::CountryCoverage* out = resp->add_countries();
                        out->set_country(row.country);
                        out->set_label(datasets_.Label("CL_AREA", row.country, lang));
                        if (row.persons) out->set_persons(*row.persons);
                        out->set_small(row.small);
                        out->set_active_projects(row.projects.active);
                        out->set_demo_projects(row.projects.demo);
                        if (row.persons_per_project)
                          out->set_persons_per_project(*row.persons_per_project);
                      }
                      resp->set_active_projects(c->projects.active);
                      resp->set_demo_projects(c->projects.demo);
                      resp->mutable_disclosure()->set_exact(c->exact);
                      resp->mutable_disclosure()->set_method(
                          c->exact ? "none (exact figures for analysts)" : kDisclosureMethod);
                      resp->mutable_disclosure()->set_rounding_base(c->exact ? 1 : kRoundingBase);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* StatsServiceImpl::Structure(grpc::CallbackServerContext* ctx,
                                                      std::string_view method, int what,
                                                      const v1::GetSdmxStructureRequest* req,
                                                      api::v1::HttpBody* resp) {
  return rpc::Unary(ctx, authz_, method, [&](const rpc::Caller&) -> absl::Status {
    const auto artefacts = static_cast<sdmx::Artefacts>(what);
    auto any = [](const std::string& s) { return s.empty() || s == "all" || s == "*"; };
    if (!any(req->agency()) && req->agency() != sdmx::kAgency &&
        !(artefacts == sdmx::Artefacts::kCodelists && req->agency() == "SDMX")) {
      return core::Error(absl::StatusCode::kNotFound, kNotOurAgency);
    }
    absl::StatusOr<std::vector<Dataset>> chosen = datasets_.All();
    if (!chosen.ok()) return chosen.status();
    std::erase_if(*chosen, [&](const Dataset& d) {
      const bool named =
          any(req->id()) || req->id() == d.id ||
          (artefacts == sdmx::Artefacts::kDataStructures && req->id() == "DSD_" + d.id);
      return !named || d.released_version == 0;
    });
    absl::StatusOr<std::vector<Codelist>> all = datasets_.Codelists();
    if (!all.ok()) return all.status();
    std::vector<Codelist> lists;
    if (artefacts == sdmx::Artefacts::kCodelists) {
      lists = *all;
      const std::vector<Codelist>& attributes = sdmx::AttributeCodelists();
      lists.insert(lists.end(), attributes.begin(), attributes.end());
      std::erase_if(lists, [&](const Codelist& l) {
        return (!any(req->id()) && l.id != req->id()) ||
               (!any(req->agency()) && l.agency != req->agency());
      });
      if (lists.empty()) return absl::NotFoundError("no such code list");
    } else {
      if (chosen->empty()) return absl::NotFoundError("no such dataflow or structure");
      lists = sdmx::CodelistsOf(*chosen, *all);
    }
    Body(sdmx::StructureMessage(artefacts, *chosen, lists, Now()),
         "application/vnd.sdmx.structure+xml;version=2.1", "", resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetSdmxDataflows(grpc::CallbackServerContext* ctx,
                                                             const v1::GetSdmxStructureRequest* req,
                                                             api::v1::HttpBody* resp) {
  return Structure(ctx, "atlas.stats.v1.StatsService.GetSdmxDataflows",
                   static_cast<int>(sdmx::Artefacts::kDataflows), req, resp);
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetSdmxDataStructures(
    grpc::CallbackServerContext* ctx, const v1::GetSdmxStructureRequest* req,
    api::v1::HttpBody* resp) {
  return Structure(ctx, "atlas.stats.v1.StatsService.GetSdmxDataStructures",
                   static_cast<int>(sdmx::Artefacts::kDataStructures), req, resp);
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetSdmxCodelists(grpc::CallbackServerContext* ctx,
                                                             const v1::GetSdmxStructureRequest* req,
                                                             api::v1::HttpBody* resp) {
  return Structure(ctx, "atlas.stats.v1.StatsService.GetSdmxCodelists",
                   static_cast<int>(sdmx::Artefacts::kCodelists), req, resp);
}

grpc::ServerUnaryReactor* StatsServiceImpl::GetSdmxData(grpc::CallbackServerContext* ctx,
                                                        const v1::GetSdmxDataRequest* req,
                                                        api::v1::HttpBody* resp) {
  const std::string accept = rpc::CallerMetadata(ctx, "accept");
  return rpc::Unary(
      ctx, authz_, "atlas.stats.v1.StatsService.GetSdmxData",
      [&](const rpc::Caller& caller) -> absl::Status {
        // flowRef: ID, or AGENCY,ID[,VERSION].
        std::vector<std::string> flow = absl::StrSplit(req->flow(), ',');
        const std::string id = flow.size() >= 2 ? flow[1] : flow[0];
        if (!DatasetId("datasets/" + id).ok()) {
          return core::InvalidFields({core::Violation("flow", kBadFlow)});
        }
        if (flow.size() >= 2 && flow[0] != sdmx::kAgency && flow[0] != "all") {
          return core::Error(absl::StatusCode::kNotFound, kNotOurAgency);
        }
        sdmx::DataFormat format = sdmx::DataFormat::kGeneric;
        const std::string& f = req->format();
        if (f == "csv" || f == "sdmx-csv" ||
            (f.empty() && absl::StrContains(accept, "application/vnd.sdmx.data+csv"))) {
          format = sdmx::DataFormat::kCsv;
        } else if (f == "jsondata" || f == "sdmx-json" ||
                   (f.empty() && absl::StrContains(accept, "application/vnd.sdmx.data+json"))) {
          format = sdmx::DataFormat::kJson;
        } else if (!f.empty() && f != "genericdata" && f != "generic") {
          return core::InvalidFields({core::Violation("format", kBadFormat)});
        }
        if (!req->dimension_at_observation().empty() &&
            req->dimension_at_observation() != "TIME_PERIOD") {
          return core::InvalidFields({core::Violation("dimensionAtObservation", kBadObsDimension)});
        }
        const Reader who = ReaderOf(caller);
        Dataset dataset;
        absl::StatusOr<std::vector<SeriesObservation>> obs =
            datasets_.Series({.dataset = id,
                              .version = req->version(),
                              .key = req->key(),
                              .start_period = req->start_period(),
                              .end_period = req->end_period()},
                             who, &dataset);
        if (!obs.ok()) return obs.status();
        const std::string prepared = Now();
        const sdmx::DataMessage m{.dataset = dataset,
                                  .version = dataset.released_version,
                                  .observations = *obs,
                                  .exact = who.exact,
                                  .prepared = prepared};
        switch (format) {
          case sdmx::DataFormat::kCsv:
            Body(sdmx::Csv(m), "application/vnd.sdmx.data+csv;version=1.0.0; charset=utf-8",
                 dataset.id + ".csv", resp);
            break;
          case sdmx::DataFormat::kJson:
            Body(sdmx::Json(m), "application/vnd.sdmx.data+json;version=1.0.0", "", resp);
            break;
          case sdmx::DataFormat::kGeneric:
            Body(sdmx::GenericData(m), "application/vnd.sdmx.genericdata+xml;version=2.1", "",
                 resp);
            break;
        }
        if (who.exact) resp->set_cache_control("private, no-store");
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* StatsServiceImpl::ImportDatasetVersion(
    grpc::CallbackServerContext* ctx, const v1::ImportDatasetVersionRequest* req,
    v1::ImportReport* resp) {
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.ImportDatasetVersion",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<std::string> id = DatasetId(req->name());
                      if (!id.ok()) return id.status();
                      absl::StatusOr<ImportResult> r =
                          datasets_.Import(*id, FormatOf(req->format()), req->data(),
                                           req->validate_only(), caller.subject);
                      if (!r.ok()) return r.status();
                      ToProto(*r, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerReadReactor<v1::ImportDatasetVersionRequest>*
StatsServiceImpl::ImportDatasetVersionStream(grpc::CallbackServerContext* ctx,
                                             v1::ImportReport* resp) {
  log::TraceScope trace(rpc::CallerTraceparent(ctx));
  return new ImportReader(
      datasets_, authz_.Check(ctx, "atlas.stats.v1.StatsService.ImportDatasetVersionStream"),
      rpc::CallerLanguage(ctx), resp);
}

grpc::ServerUnaryReactor* StatsServiceImpl::ListDatasetVersions(
    grpc::CallbackServerContext* ctx, const v1::ListDatasetVersionsRequest* req,
    v1::ListDatasetVersionsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.ListDatasetVersions",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      absl::StatusOr<std::string> id = DatasetId(req->name());
                      if (!id.ok()) return id.status();
                      auto versions = datasets_.Versions(*id, ReaderOf(caller));
                      if (!versions.ok()) return versions.status();
                      for (const DatasetVersion& v : *versions) {
                        ToProto(*id, v, resp->add_versions());
                      }
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* StatsServiceImpl::ReleaseDatasetVersion(
    grpc::CallbackServerContext* ctx, const v1::ReleaseDatasetVersionRequest* req,
    v1::DatasetVersion* resp) {
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.ReleaseDatasetVersion",
                    [&](const rpc::Caller& caller) -> absl::Status {
                      // datasets/{id}/versions/{n}
                      std::vector<std::string> parts = absl::StrSplit(req->name(), '/');
                      int version = 0;
                      if (parts.size() != 4 || parts[0] != "datasets" || parts[2] != "versions" ||
                          !absl::SimpleAtoi(parts[3], &version) || version <= 0) {
                        return core::InvalidFields({core::Violation("name", kBadVersionName)});
                      }
                      if (!DatasetId("datasets/" + parts[1]).ok()) {
                        return core::InvalidFields({core::Violation("name", kBadVersionName)});
                      }
                      absl::StatusOr<DatasetVersion> v =
                          datasets_.Release(parts[1], version, caller.subject);
                      if (!v.ok()) return v.status();
                      ToProto(parts[1], *v, resp);
                      return absl::OkStatus();
                    });
}

grpc::ServerUnaryReactor* StatsServiceImpl::DiffDatasetVersions(
    grpc::CallbackServerContext* ctx, const v1::DiffDatasetVersionsRequest* req,
    v1::DiffDatasetVersionsResponse* resp) {
  return rpc::Unary(ctx, authz_, "atlas.stats.v1.StatsService.DiffDatasetVersions",
                    [&](const rpc::Caller&) -> absl::Status {
                      absl::StatusOr<std::string> id = DatasetId(req->name());
                      if (!id.ok()) return id.status();
                      absl::StatusOr<VersionDiff> d =
                          datasets_.Diff(*id, req->from_version(), req->to_version());
                      if (!d.ok()) return d.status();
                      resp->set_added(d->added);
                      resp->set_removed(d->removed);
                      resp->set_changed(d->changed);
                      for (const ObservationChange& c : d->changes) {
                        auto* out = resp->add_changes();
                        for (const std::string& k : c.key) out->add_key(k);
                        if (c.from) out->set_from_value(*c.from);
                        if (c.to) out->set_to_value(*c.to);
                        out->set_kind(c.kind);
                      }
                      return absl::OkStatus();
                    });
}

}  // namespace atlas::stats
