// REST -> gRPC gateway handler.
#include "gateway/api/gateway.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <unordered_map>

#include <boost/asio/post.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/auth/jwt.h"
#include "atlas/core/hash.h"
#include "atlas/core/ids.h"
#include "atlas/core/json.h"
#include "atlas/core/log.h"
#include "atlas/core/status.h"
#include "atlas/core/time.h"
#include "atlas/core/utf8.h"
#include "atlas/rpc/status.h"
#include "gateway/api/i18n.h"
#include "gateway/api/json_writer.h"
#include "gateway/api/openapi.h"
#include "gateway/api/transcode.h"
#include "gateway/edge/public_events.h"
#include "gateway/edge/search_generation.h"
#include "gateway/http/response_cache.h"
#include "gateway/http/static_files.h"
#include "gateway/identity/throttle.h"
#include "gateway/identity/token_service.h"
#include "gateway/routing/path_template.h"
#include "google/rpc/error_details.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace atlas::gateway {

namespace bhttp = boost::beast::http;

struct Gateway::Backend {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  std::unique_ptr<grpc::health::v1::Health::Stub> health;
};

struct Gateway::Metrics {
  // A request's two series, (route, method, code) and (route, method): found
  // once per thread (Family::Add takes the family's lock and builds a label
  // map), then kept by the thread, keyed by this object's id (never reused).
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* seconds;
  };
  Series& For(const std::string& route, std::string_view method, unsigned code) {
    thread_local std::unordered_map<std::string, Series> series;
    thread_local std::string key;
    key.assign(std::to_string(id)).append(" ").append(route).append(" ");
    key.append(method).append(" ").append(std::to_string(code));
    auto it = series.find(key);
    if (it != series.end()) return it->second;
    Series s{
        &requests->Add(
            {{"route", route}, {"method", std::string(method)}, {"code", std::to_string(code)}}),
        &seconds->Add(
            {{"route", route}, {"method", std::string(method)}},
            prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1, 0.25, 0.5, 1, 2.5, 5, 10})};
    return series.emplace(key, s).first->second;
  }
  static uint64_t NextId() {
    static std::atomic<uint64_t> next{1};
    return next++;
  }
  const uint64_t id = NextId();
  prometheus::Family<prometheus::Counter>* requests = nullptr;
  prometheus::Family<prometheus::Histogram>* seconds = nullptr;
  prometheus::Counter* cache_hits = nullptr;
  prometheus::Counter* cache_misses = nullptr;
  prometheus::Counter* cache_evictions = nullptr;
  prometheus::Gauge* cache_bytes = nullptr;
  prometheus::Gauge* cache_entries = nullptr;
  std::atomic<uint64_t> evictions_seen{0};
  // The JSON memo (JsonMemo), read from its stats every 64th answer.
  prometheus::Counter* memo_hits = nullptr;
  prometheus::Counter* memo_misses = nullptr;
  prometheus::Gauge* memo_bytes = nullptr;
  std::atomic<uint64_t> answers{0}, memo_hits_seen{0}, memo_misses_seen{0};
  void ObserveMemo(const JsonMemo& memo) {
    if (answers.fetch_add(1) % 64 != 0) return;
    const JsonMemo::Stats stats = memo.stats();
    const uint64_t hits = memo_hits_seen.exchange(stats.hits);
    if (stats.hits > hits) memo_hits->Increment(static_cast<double>(stats.hits - hits));
    const uint64_t misses = memo_misses_seen.exchange(stats.misses);
    if (stats.misses > misses) memo_misses->Increment(static_cast<double>(stats.misses - misses));
    memo_bytes->Set(static_cast<double>(stats.bytes));
  }
};

namespace {

// Canonical gRPC -> HTTP mapping (google.rpc.Code documentation).
unsigned HttpStatusOf(absl::StatusCode c) {
  switch (c) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

absl::StatusCode CodeOfHttp(unsigned status) {
  switch (status) {
    case 400:
      return absl::StatusCode::kInvalidArgument;
    case 404:
      return absl::StatusCode::kNotFound;
    case 405:
      return absl::StatusCode::kUnimplemented;
    case 413:
      return absl::StatusCode::kOutOfRange;
    case 415:
      return absl::StatusCode::kInvalidArgument;
    case 431:
      return absl::StatusCode::kOutOfRange;
    case 503:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kInternal;
  }
}

http::Response Json(unsigned status, std::string body) {
  http::Response res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.set(bhttp::field::cache_control, "no-store");
  // API responses are data, never documents: nothing may run, frame or leak from them.
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  res.body() = std::move(body);
  return res;
}

// True if an If-None-Match header names `etag` or its gzip form (Compress);
// `matched` gets the form it named.
bool NamesEtag(std::string_view if_none_match, const std::string& etag, std::string* matched) {
  if (etag.size() < 2 || if_none_match.empty()) return false;
  const std::string gz = etag.substr(0, etag.size() - 1) + "-gz\"";
  if (if_none_match.find(gz) != std::string_view::npos) {
    *matched = gz;
    return true;
  }
  *matched = etag;
  return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

// An atlas.api.v1.HttpBody reply: its bytes as the body, with its content
// type (exports: IATI XML, CSV; GeoJSON; vector tiles), its cache validator
// and policy, and the same protective headers as JSON. `if_none_match` is the
// request's header: when it names the reply's ETag, 304 without a body.
http::Response RawBody(const google::protobuf::Message& msg, std::string_view if_none_match) {
  const auto* d = msg.GetDescriptor();
  const auto* r = msg.GetReflection();
  const std::string etag = r->GetString(msg, d->FindFieldByName("etag"));
  const std::string cache = r->GetString(msg, d->FindFieldByName("cache_control"));
  // The validator of the gzip form (see Compress) counts too.
  std::string matched;
  const bool fresh = NamesEtag(if_none_match, etag, &matched);
  http::Response res =
      Json(fresh ? 304 : 200, fresh ? "" : r->GetString(msg, d->FindFieldByName("data")));
  if (!etag.empty()) res.set(bhttp::field::etag, fresh ? matched : etag);
  if (!cache.empty()) res.set(bhttp::field::cache_control, cache);
  res.set(bhttp::field::vary, "Accept");  // SDMX data: the format follows Accept
  if (fresh) {
    res.erase(bhttp::field::content_type);
    return res;
  }
  const std::string type = r->GetString(msg, d->FindFieldByName("content_type"));
  res.set(bhttp::field::content_type, type.empty() ? "application/octet-stream" : type);
  // A generated document (a PdP/RdP as HTML) is shown with its own inline
  // styles; nothing else may load or run in it.
  if (type.starts_with("text/html")) {
    res.set("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'");
  }
  const std::string file = r->GetString(msg, d->FindFieldByName("file_name"));
  const bool safe =
      !file.empty() && file.size() <= 100 && std::all_of(file.begin(), file.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  if (safe) res.set(bhttp::field::content_disposition, "attachment; filename=\"" + file + "\"");
  return res;
}

// A file of the web app, precompressed as the client accepts, with its
// validator and cache policy; pages get the content security policy (the
// embeddable project sheet, under /embed/, may be framed by partners' sites).
// Scripts only from the app itself and the page's own inline scripts by hash
// (index.html sets its language and direction before the first paint);
// 'wasm-unsafe-eval' lets the map's Arabic
// shaping (a WebAssembly module) compile, never eval(); the map draws with
// WebGL in a blob: worker.
http::Response StaticResponse(const http::StaticFile& f, const http::Request& req,
                              std::string_view path) {
  const bool fresh = std::string_view(req[bhttp::field::if_none_match]) == f.etag;
  const std::string encoding =
      fresh ? "" : http::PickEncoding(std::string_view(req[bhttp::field::accept_encoding]), f);
  http::Response res{fresh ? bhttp::status::not_modified : bhttp::status::ok, 11};
  res.set(bhttp::field::etag, f.etag);
  res.set(bhttp::field::cache_control, f.cache_control);
  res.set(bhttp::field::vary, "Accept-Encoding");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  if (f.html) {
    const bool embed = path.starts_with("/embed/");
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + f.inline_script_hashes +
                "; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
                "worker-src 'self' blob:; child-src 'self' blob:; object-src 'none'; "
                "base-uri 'none'; form-action 'self'; frame-ancestors " +
                (embed ? "*" : "'self'"));
    if (!embed) res.set("X-Frame-Options", "SAMEORIGIN");
    res.set("Permissions-Policy", "geolocation=(), camera=(), microphone=()");
  }
  if (fresh) return res;
  res.set(bhttp::field::content_type, f.content_type);
  if (!encoding.empty()) res.set(bhttp::field::content_encoding, encoding);
  res.body() = encoding == "br" ? f.br : encoding == "gzip" ? f.gz : f.body;
  return res;
}

// The gzip form of an answer's body, or "" when not worth it (only text,
// JSON, GeoJSON, vector tiles of 1 KiB or more).
std::string GzipForm(const http::Response& res) {
  if (res.body().size() < 1024 || res.count(bhttp::field::content_encoding) > 0) return "";
  const std::string_view type(res[bhttp::field::content_type]);
  const bool text = type.starts_with("application/json") ||
                    type.starts_with("application/geo+json") ||
                    type.starts_with("application/vnd.mapbox-vector-tile") ||
                    type.starts_with("application/xml") || type.starts_with("text/");
  if (!text) return "";
  std::string z = http::Gzip(res.body());
  return z.size() < res.body().size() ? z : "";
}

// Compresses a dynamic answer with gzip when the client accepts it and it is
// worth it. A strong ETag names one representation: the gzip form gets its
// own ("…-gz").
void Compress(http::Response& res) {
  std::string z = GzipForm(res);
  if (z.empty()) return;
  res.body() = std::move(z);
  res.set(bhttp::field::content_encoding, "gzip");
  if (std::string etag(res[bhttp::field::etag]); etag.size() > 2 && etag.back() == '"') {
    res.set(bhttp::field::etag, etag.substr(0, etag.size() - 1) + "-gz\"");
  }
}

// HTTP caching of a read's answer (issue 22, docs/operations.md "Caches in
// front"): a strong validator where the service gave none (the hash of the
// bytes; Compress names the gzip form), If-None-Match -> 304 without a body.
// An anonymous caller's answer is public: a shared cache (CDN, ingress) may
// keep it 5 s (s-maxage) and, told by CDN-Cache-Control (RFC 9213, read by
// CDNs only), serve it stale 30 s more while it revalidates. Browsers always
// revalidate (max-age=0): a stale-while-revalidate in Cache-Control would let
// a browser show, say, a retired theme for 30 s. An answer to a caller with
// credentials is private and revalidated. A policy the service set (map
// tiles, SDMX) is kept.
constexpr char kPublicCacheControl[] = "public, max-age=0, s-maxage=5";
constexpr char kCdnCacheControl[] = "max-age=5, stale-while-revalidate=30";
void Validate(http::Response& res, std::string_view if_none_match, bool anonymous) {
  if (res.result_int() != 200 && res.result_int() != 304) return;
  if (res.count(bhttp::field::etag) == 0) res.set(bhttp::field::etag, core::StrongEtag(res.body()));
  const std::string_view policy(res[bhttp::field::cache_control]);
  if (policy.empty() || policy == "no-store") {
    res.set(bhttp::field::cache_control, anonymous ? kPublicCacheControl : "private, no-cache");
    if (anonymous) res.set("CDN-Cache-Control", kCdnCacheControl);
  }
  // The answer differs by these request headers (the language of messages
  // and labels; credentials: another caller's view).
  std::string vary = "Accept-Encoding, Accept-Language, Authorization";
  if (res[bhttp::field::vary] == "Accept") vary += ", Accept";  // SDMX: the format (RawBody)
  res.set(bhttp::field::vary, vary);
  std::string matched;
  if (res.result_int() == 200 &&
      NamesEtag(if_none_match, std::string(res[bhttp::field::etag]), &matched)) {
    res.result(bhttp::status::not_modified);
    res.body().clear();
    res.erase(bhttp::field::content_type);
    res.set(bhttp::field::etag, matched);
  }
}

// What a cached answer depends on (the events that invalidate it: see
// PublicEvents), or nothing for a route that is not cached: a project's sheet
// on that project; lists, searches and similar projects on every project;
// the map, its areas and tiles on geo's map generations; vocabularies on the
// theme taxonomy; the Maisons des Marocains du Monde (directory, one entry,
// exports) on their own events; the statistics catalogue, figures and SDMX answers on
// dataset releases (what the public reads changes with nothing else); the
// data sources on their own events; a dataset's project coverage on stats'
// own word that it applied a registry event changing it (not on the
// registry's, which could refill it before stats applied it) and on
// releases; the organisations on their creation; the programmes (their
// performance, budget versions, actions and chronogrammes, reports) on every
// indicators event (adoptions, measurements, and programme.changed for
// definitions, links and linked projects as indicators applied them; a
// draft's lines and the scenarios are never anonymous).
std::vector<std::string> CacheTags(const Route& route, std::string_view path) {
  const std::string& t = route.path.text();
  if (route.backend == "geo") return {"map"};
  if (route.backend == "indicators") return {"programmes"};
  if (route.backend == "stats") {
    if (t.starts_with("/sdmx/") || t == "/v1/datasets" || t == "/v1/{name=datasets/*}" ||
        t == "/v1/{name=datasets/*}:query" || t == "/v1/{name=datasets/*}/versions" ||
        t == "/v1/{name=datasets/*}:diff") {
      return {"datasets"};
    }
    if (t == "/v1/dataSources" || t == "/v1/{name=dataSources/*}") return {"data_sources"};
    if (t == "/v1/{name=datasets/*}:projectCoverage") return {"coverage"};
    return {};
  }
  if (route.backend == "identity") {
    if (t == "/v1/organisations" || t == "/v1/{name=organisations/*}") return {"organisations"};
    return {};
  }
  if (route.backend != "registry") return {};
  if (t == "/v1/vocabularies") return {"vocabularies"};
  if (t == "/v1/maisons" || t == "/v1/{name=maisons/*}" || t == "/v1/maisons:export") {
    return {"maisons"};
  }
  if (t == "/v1/documents" || t == "/v1/{name=documents/*}" || t == "/v1/{name=documents/*}:file") {
    return {"documents"};
  }
  if (t == "/v1/projects" || t == "/v1/{name=projects/*}:similar") return {"projects"};
  constexpr std::string_view kSheet = "/v1/projects/";
  if (t == "/v1/{name=projects/*}" && path.starts_with(kSheet)) {
    return {ProjectCacheTag(path.substr(kSheet.size()))};
  }
  return {};
}

// What a write through this gateway makes stale on this replica at once (the
// others drop the same on its event): a registry write, the lists and, for
// /v1/projects/<id>…, that project's sheet (and the vocabularies for a
// theme; the Maisons directory for a Maison); a statistics write, the datasets and data sources; an
// indicators write, the programmes; an organisation, the directory.
std::vector<std::string> WrittenTags(std::string_view backend, std::string_view path) {
  if (backend == "stats") return {"datasets", "data_sources"};
  if (backend == "indicators") return {"programmes"};
  if (backend == "identity") {
    return path.starts_with("/v1/organisations") ? std::vector<std::string>{"organisations"}
                                                 : std::vector<std::string>{};
  }
  if (backend != "registry") return {};
  if (path.starts_with("/v1/themes")) return {"projects", "vocabularies"};
  if (path.starts_with("/v1/maisons")) return {"maisons"};
  if (path.starts_with("/v1/documents")) return {"documents"};
  constexpr std::string_view kProjects = "/v1/projects/";
  if (!path.starts_with(kProjects)) return {"projects"};
  std::string_view id = path.substr(kProjects.size());
  id = id.substr(0, id.find_first_of(":/"));
  return {"projects", ProjectCacheTag(id)};
}

// The canonical request: path, query sorted, language.
std::string CacheKey(std::string_view path, Params query, core::Lang lang) {
  std::sort(query.begin(), query.end());
  std::string key(path);
  char sep = '?';
  for (const auto& [name, value] : query) {
    absl::StrAppend(&key, std::string(1, sep), name, "=", value);
    sep = '&';
  }
  absl::StrAppend(&key, "|", core::LanguageTag(lang));
  return key;
}

// A cached answer as sent: gzipped when the client accepts it, 304 when
// its If-None-Match names the representation.
http::Response FromCache(const http::ResponseCache::Answer& a, bool gzip,
                         std::string_view if_none_match) {
  http::Response res{bhttp::status::ok, 11};
  for (const auto& [name, value] : a.headers) res.insert(name, value);
  const std::string etag(res[bhttp::field::etag]);
  std::string matched;
  if (NamesEtag(if_none_match, etag, &matched)) {
    res.result(bhttp::status::not_modified);
    res.erase(bhttp::field::content_type);
    res.set(bhttp::field::etag, matched);
    return res;
  }
  if (gzip && !a.gzip.empty()) {
    res.set(bhttp::field::content_encoding, "gzip");
    res.set(bhttp::field::etag, etag.substr(0, etag.size() - 1) + "-gz\"");
    res.body() = a.gzip;
  } else {
    res.body() = a.body;
  }
  return res;
}

// {code, status, message, details} with everything in `lang`.
http::Response ErrorResponse(unsigned status, const absl::Status& error, core::Lang lang) {
  const std::vector<core::FieldViolation> violations = core::FieldViolations(error);
  nlohmann::json body = {{"code", status},
                         {"status", absl::StatusCodeToString(error.code())},
                         {"message", core::MessageIn(error, lang)},
                         {"details", nlohmann::json::array()}};
  if (!violations.empty()) {
    nlohmann::json fv = nlohmann::json::array();
    for (const auto& v : violations) {
      fv.push_back({{"field", v.field}, {"description", v.description.In(lang)}});
    }
    body["details"].push_back(
        {{"@type", "type.googleapis.com/google.rpc.BadRequest"}, {"fieldViolations", fv}});
  }
  http::Response res = Json(status, core::DumpJson(body));
  res.set(bhttp::field::content_language, core::LanguageTag(lang));
  return res;
}

// An error the gateway itself reports.
http::Response GatewayError(unsigned status, absl::StatusCode code, const core::Text& text,
                            const std::vector<std::string>& args, core::Lang lang) {
  return ErrorResponse(status, core::Error(code, text, args), lang);
}

std::string NewTraceparent() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[64];
  std::snprintf(buf, sizeof buf, "00-%016llx%016llx-%016llx-01",
                static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

// `fn` wrapped for a thread where an exception would end the process (a gRPC
// completion, a worker): one becomes a logged 500 through `finish`.
template <typename Finish, typename Fn>
auto Guarded(Finish finish, std::string label, core::Lang lang, Fn fn) {
  return [finish = std::move(finish), label = std::move(label), lang,
          fn = std::move(fn)](auto&&... args) mutable {
    std::string error;
    try {
      fn(std::forward<decltype(args)>(args)...);
      return;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unknown exception";
    }
    log::Error("request handling failed", {{"route", label}, {"error", error}});
    try {
      finish(label, GatewayError(500, absl::StatusCode::kInternal, texts::kInternal, {}, lang));
    } catch (...) {  // nothing more can be said to this caller
    }
  };
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The request method as a metric label: the methods the gateway serves, and
// "other" for every other token a client may send (each would be a new series).
std::string MethodLabel(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
    case bhttp::verb::head:
    case bhttp::verb::post:
    case bhttp::verb::put:
    case bhttp::verb::patch:
    case bhttp::verb::delete_:
    case bhttp::verb::options:
      return std::string(bhttp::to_string(verb));
    default:
      return "other";
  }
}

// A caller's bytes inside one of our messages: printable ASCII, bounded.
std::string Shown(std::string_view bytes, size_t max = 100) {
  bytes = bytes.substr(0, max);
  return absl::CHexEscape(absl::string_view(bytes.data(), bytes.size()));
}

bool IsJson(std::string_view content_type) {
  std::string_view mime = content_type.substr(0, content_type.find(';'));
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  return mime == "application/json" || (mime.size() > 5 && mime.substr(mime.size() - 5) == "+json");
}

}  // namespace

Gateway::~Gateway() = default;

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Create(GatewayOptions options,
                                                         prometheus::Registry* metrics) {
  std::unique_ptr<Gateway> g(new Gateway());
  g->options_ = std::move(options);
  std::vector<std::string> services;
  for (const auto& [name, address] : g->options_.backends) {
    const std::string svc = "atlas." + name + ".v1." +
                            std::string(1, static_cast<char>(std::toupper(name[0]))) +
                            name.substr(1) + "Service";
    services.push_back(svc);
    auto b = std::make_unique<Backend>();
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
    // No bandwidth-delay probing: it answers data with PING frames (more
    // packets and wake-ups per small call, ~10 % of a search's CPU here) to
    // size windows for bulk transfers this hop does not make (decision 0040).
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    b->channel = grpc::CreateCustomChannel(address,
                                           g->options_.backend_credentials
                                               ? g->options_.backend_credentials
                                               : grpc::InsecureChannelCredentials(),
                                           args);
    b->stub = std::make_unique<grpc::GenericStub>(b->channel);
    b->health = grpc::health::v1::Health::NewStub(b->channel);
    g->backends_[name] = std::move(b);
  }
  auto routes = RouteTable::Build(services);
  if (!routes.ok()) return routes.status();
  g->routes_ = *std::move(routes);
  g->openapi_ = GenerateOpenApi(g->routes_, g->options_.version);
  g->workers_ = std::make_unique<boost::asio::thread_pool>(
      static_cast<size_t>(std::max(1, g->options_.signin_threads)));
  g->probe_worker_ = std::make_unique<boost::asio::thread_pool>(1);
  g->ip_limiter_ = std::make_unique<http::RateLimiter>(g->options_.ip_limit);
  g->token_limiter_ = std::make_unique<http::RateLimiter>(g->options_.token_limit);
  if (metrics != nullptr) {
    g->rate_limited_ = &prometheus::BuildCounter()
                            .Name("atlas_http_rate_limited_total")
                            .Help("Requests refused with 429 by the gateway's rate limits, by key")
                            .Register(*metrics);
  }
  g->user_throttle_ = std::make_unique<identity::Throttle>(identity::ThrottleOptions{});
  g->ip_throttle_ =
      std::make_unique<identity::Throttle>(identity::ThrottleOptions{.free_failures = 20});
  if (metrics != nullptr) {
    g->logins_ = &prometheus::BuildCounter()
                      .Name("atlas_auth_logins_total")
                      .Help("Sign-in attempts at the token endpoint, by result")
                      .Register(*metrics);
  }
  if (metrics != nullptr) {
    g->metrics_ = std::make_unique<Metrics>();
    g->metrics_->requests =
        &prometheus::BuildCounter()
             .Name("atlas_http_requests_total")
             .Help("HTTP requests handled by the gateway, by route template, method and status")
             .Register(*metrics);
    g->metrics_->seconds =
        &prometheus::BuildHistogram()
             .Name("atlas_http_request_duration_seconds")
             .Help("HTTP request latency at the gateway, by route template and method")
             .Register(*metrics);
    auto& lookups = prometheus::BuildCounter()
                        .Name("atlas_http_cache_lookups_total")
                        .Help("Anonymous reads of cached routes, by result (hit, miss)")
                        .Register(*metrics);
    g->metrics_->cache_hits = &lookups.Add({{"result", "hit"}});
    g->metrics_->cache_misses = &lookups.Add({{"result", "miss"}});
    g->metrics_->cache_evictions = &prometheus::BuildCounter()
                                        .Name("atlas_http_cache_evictions_total")
                                        .Help("Answers dropped from the cache to stay in bounds")
                                        .Register(*metrics)
                                        .Add({});
    g->metrics_->cache_bytes = &prometheus::BuildGauge()
                                    .Name("atlas_http_cache_bytes")
                                    .Help("Bytes held by the gateway's cache of public answers")
                                    .Register(*metrics)
                                    .Add({});
    auto& memo = prometheus::BuildCounter()
                     .Name("atlas_gateway_json_memo_lookups_total")
                     .Help(
                         "Listed messages (a page's projects) whose JSON the gateway's memo "
                         "held (hit) or wrote (miss)")
                     .Register(*metrics);
    g->metrics_->memo_hits = &memo.Add({{"result", "hit"}});
    g->metrics_->memo_misses = &memo.Add({{"result", "miss"}});
    g->metrics_->memo_bytes =
        &prometheus::BuildGauge()
             .Name("atlas_gateway_json_memo_bytes")
             .Help("Bytes held by the gateway's memo of listed messages' JSON")
             .Register(*metrics)
             .Add({});
    g->metrics_->cache_entries = &prometheus::BuildGauge()
                                      .Name("atlas_http_cache_entries")
                                      .Help("Answers held by the gateway's cache")
                                      .Register(*metrics)
                                      .Add({});
  }
  return g;
}

http::Response Gateway::ProtocolError(unsigned status, const http::Request* req) {
  const core::Lang lang =
      req ? core::PickLanguage(std::string_view((*req)[bhttp::field::accept_language]))
          : core::Lang::kEn;
  const core::Text* text = &texts::kMalformedRequest;
  std::vector<std::string> args;
  if (status == 413) {
    text = &texts::kBodyTooLarge;
    const bool upload = req != nullptr && options_.upload_limit > 0 &&
                        req->method() == bhttp::verb::post &&
                        req->target().substr(0, req->target().find('?')) == http::kUploadPath;
    args = {std::to_string(upload ? options_.upload_limit : options_.body_limit)};
  } else if (status == 431) {
    text = &texts::kHeadersTooLarge;
  } else if (status == 500) {  // a handler failed (logged where it happened)
    text = &texts::kInternal;
  } else if (status == 503) {
    text = &texts::kOverloaded;
  }
  if (metrics_) {
    metrics_->requests
        ->Add({{"route", "protocol_error"},
               {"method", req ? MethodLabel(req->method()) : "-"},
               {"code", std::to_string(status)}})
        .Increment();
  }
  return GatewayError(status, CodeOfHttp(status), *text, args, lang);
}

// One request on its way through the edge's handlers.
struct Gateway::Exchange {
  const http::Request& req;
  const std::string& peer;
  core::Lang lang;
  std::string method;  // as sent, bounded (for messages)
  std::string origin;
  bool cors = false;  // a listed origin
  bool read = false;  // GET or HEAD
  bool gzip = false;  // the client accepts gzip
  std::string traceparent;
  std::string path = {};  // set by Framing
  Params query = {};
  std::string cache_key = {};  // an anonymous read's canonical request (set by Cached)
  // Answers the request (once), recording its metrics and access log.
  std::function<void(std::string route, http::Response)> finish = {};
};

void Gateway::Handle(http::Request&& req, const std::string& peer, http::Reply reply) {
  Exchange x = Begin(req, peer, std::move(reply));
  // Each handler answers the request or passes it on; the order is the
  // policy: CORS preflight, framing, the gateway's own cheap reads (never
  // rate limited), the limits, identity's endpoints, then the services.
  for (bool (Gateway::*handler)(Exchange&) :
       {&Gateway::Preflight, &Gateway::Framing, &Gateway::BuiltIn, &Gateway::Static,
        &Gateway::Limits, &Gateway::Identity, &Gateway::Cached}) {
    if ((this->*handler)(x)) return;
  }
  Forward(x);
}

Gateway::Exchange Gateway::Begin(const http::Request& req, const std::string& peer,
                                 http::Reply reply) {
  const auto start = std::chrono::steady_clock::now();
  Exchange x{.req = req,
             .peer = peer,
             .lang = core::PickLanguage(std::string_view(req[bhttp::field::accept_language])),
             .method = Shown(req.method_string(), 20),
             .origin = std::string(req[bhttp::field::origin]),
             .read = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head,
             .gzip = http::Accepts(std::string_view(req[bhttp::field::accept_encoding]), "gzip"),
             .traceparent = std::string(req["traceparent"])};
  // A trace of our own only where it is used (a debug line here, a call to a
  // service in Forward): an answer from memory needs none.
  if (!log::IsValidTraceparent(x.traceparent)) {
    x.traceparent = log::Enabled(log::Level::kDebug) ? NewTraceparent() : std::string();
  }
  // CORS: only listed origins, matched exactly; no credentials (tokens travel
  // in a header, never in cookies, so none are needed).
  x.cors = !x.origin.empty() && options_.cors_origins.count(x.origin) > 0;
  ++in_flight_;
  auto finished = std::make_shared<std::atomic<bool>>(false);
  x.finish = [this, finished, start, method_label = MethodLabel(req.method()),
              traceparent = x.traceparent, target = std::string(req.target()), cors = x.cors,
              origin = x.origin, gzip = x.gzip,
              reply = std::move(reply)](const std::string& route, http::Response res) {
    if (finished->exchange(true)) return;  // one answer per request
    if (gzip) Compress(res);
    if (res.count(bhttp::field::content_encoding) > 0) {
      std::string vary(res[bhttp::field::vary]);
      if (vary.find("Accept-Encoding") == std::string::npos) {
        res.set(bhttp::field::vary, vary.empty() ? "Accept-Encoding" : vary + ", Accept-Encoding");
      }
    }
    if (cors) {
      res.set(bhttp::field::access_control_allow_origin, origin);
      res.set(bhttp::field::access_control_expose_headers, "Retry-After, Content-Language");
    }
    if (!options_.cors_origins.empty()) {
      std::string vary(res[bhttp::field::vary]);
      res.set(bhttp::field::vary, vary.empty() ? "Origin" : vary + ", Origin");
    }
    if (metrics_) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Metrics::Series& series = metrics_->For(route, method_label, res.result_int());
      series.requests->Increment();
      series.seconds->Observe(secs);
    }
    if (log::Enabled(log::Level::kDebug)) {
      log::TraceScope trace(traceparent);
      log::Debug("request", {{"method", method_label},
                             {"target", target.substr(0, 512)},
                             {"status", std::to_string(res.result_int())}});
    }
    --in_flight_;
    reply(std::move(res));
  };
  return x;
}

bool Gateway::Preflight(Exchange& x) {
  if (x.req.method() != bhttp::verb::options || x.origin.empty()) return false;
  if (!x.cors) {
    x.finish("preflight", GatewayError(403, absl::StatusCode::kPermissionDenied,
                                       texts::kOriginNotAllowed, {Shown(x.origin)}, x.lang));
    return true;
  }
  http::Response res{bhttp::status::no_content, 11};
  res.set(bhttp::field::access_control_allow_methods, "GET, POST, PATCH, DELETE");
  res.set(bhttp::field::access_control_allow_headers,
          "Authorization, Content-Type, Accept-Language, If-Match, traceparent");
  res.set(bhttp::field::access_control_max_age, "600");
  x.finish("preflight", std::move(res));
  return true;
}

bool Gateway::Framing(Exchange& x) {
  // Only plain chunked framing: any other transfer coding is a smuggling
  // vector between proxies that disagree on it (CL+TE is refused by the parser).
  if (std::string_view te(x.req[bhttp::field::transfer_encoding]);
      !te.empty() && absl::AsciiStrToLower(std::string(te)) != "chunked") {
    x.finish("unmatched", GatewayError(400, absl::StatusCode::kInvalidArgument,
                                       texts::kMalformedRequest, {}, x.lang));
    return true;
  }
  if (!ParseTarget(std::string_view(x.req.target()), &x.path, &x.query)) {
    x.finish("unmatched", GatewayError(400, absl::StatusCode::kInvalidArgument,
                                       texts::kMalformedQuery, {}, x.lang));
    return true;
  }
  return false;
}

bool Gateway::BuiltIn(Exchange& x) {
  if (!x.read) return false;
  if (x.path == "/healthz") {
    x.finish("/healthz", Json(200, R"({"status":"ok"})"));
    return true;
  }
  if (x.path == "/openapi.json") {
    http::Response res = Json(200, openapi_);
    res.set(bhttp::field::cache_control, "public, max-age=300");
    x.finish("/openapi.json", std::move(res));
    return true;
  }
  if (x.path == "/readyz") {
    Readyz([finish = x.finish](http::Response res) { finish("/readyz", std::move(res)); });
    return true;
  }
  return false;
}

bool Gateway::Static(Exchange& x) {
  // The web app's files are static and cheap: not rate limited, like probes.
  if (!x.read || options_.web == nullptr || x.path.starts_with("/v1/")) return false;
  const http::StaticFile* f = options_.web->Find(x.path);
  if (f == nullptr) return false;
  // The app's page stands in for paths it routes itself, but never for an API
  // path outside /v1/ (SDMX's /sdmx/2.1/…); the app's own files need no check.
  if (x.path != "/" && x.path != "/index.html" && f == options_.web->Find("/index.html")) {
    const RouteTable::Found api = routes_.Find("GET", x.path);
    if (api.route != nullptr || !api.allowed.empty()) return false;
  }
  x.finish("static", StaticResponse(*f, x.req, x.path));
  return true;
}

bool Gateway::Limits(Exchange& x) {
  // Per client address and per bearer token (the token need not be valid to
  // be counted: garbage tokens are limited too).
  const int64_t now_ms = NowMillis();
  int64_t wait = ip_limiter_->Take("ip:" + x.peer, now_ms);
  const char* by = "ip";
  if (std::string_view auth(x.req[bhttp::field::authorization]); wait == 0 && !auth.empty()) {
    wait = token_limiter_->Take(
        "token:" + std::to_string(std::hash<std::string_view>{}(auth.substr(0, 8192))), now_ms);
    by = "token";
  }
  if (wait == 0) return false;
  if (rate_limited_ != nullptr) rate_limited_->Add({{"by", by}}).Increment();
  http::Response res = GatewayError(429, absl::StatusCode::kResourceExhausted,
                                    texts::kTooManyRequests, {std::to_string(wait)}, x.lang);
  res.set(bhttp::field::retry_after, std::to_string(wait));
  x.finish("rate_limited", std::move(res));
  return true;
}

bool Gateway::Identity(Exchange& x) {
  if (x.path == "/.well-known/jwks.json" && x.read && options_.identity != nullptr &&
      !options_.identity->external()) {
    x.finish(x.path, Jwks());
    return true;
  }
  if (x.path == "/v1/me" && x.read) {
    x.finish(x.path, Me(x.req, x.lang));
    return true;
  }
  if (x.path != "/v1/auth/token" && x.path != "/v1/auth/logout" && x.path != "/v1/auth/session" &&
      x.path != "/v1/auth/session:refresh" && x.path != "/v1/auth/session:logout") {
    return false;
  }
  if (x.req.method() != bhttp::verb::post) {
    http::Response res = GatewayError(405, absl::StatusCode::kUnimplemented,
                                      texts::kMethodNotAllowed, {x.method, x.path, "POST"}, x.lang);
    res.set(bhttp::field::allow, "POST");
    x.finish(x.path, std::move(res));
    return true;
  }
  Token(x.req, x.peer, x.lang, x.finish);
  return true;
}

// Before the route table: an anonymous read whose canonical request was
// answered and kept (only a cached route's answer ever is, see Forward) is
// sent from memory without matching the ~150 route templates. A miss goes on
// to Forward with its key, and is counted there if the route is cached.
bool Gateway::Cached(Exchange& x) {
  if (!options_.cache || !x.read || !x.req[bhttp::field::authorization].empty()) return false;
  x.cache_key = CacheKey(x.path, x.query, x.lang);
  std::shared_ptr<const http::ResponseCache::Answer> hit = options_.cache->Find(x.cache_key);
  if (!hit) return false;
  if (metrics_) metrics_->cache_hits->Increment();
  x.finish(
      hit->route,
      FromCache(*hit, x.gzip, std::string_view(x.req[bhttp::field::if_none_match]).substr(0, 512)));
  return true;
}

void Gateway::Forward(Exchange& x) {
  const core::Lang lang = x.lang;
  const auto& finish = x.finish;
  RouteTable::Found found = routes_.Find(x.method, x.path);
  if (found.route == nullptr) {
    if (!found.allowed.empty()) {
      http::Response res =
          GatewayError(405, absl::StatusCode::kUnimplemented, texts::kMethodNotAllowed,
                       {x.method, x.path, absl::StrJoin(found.allowed, ", ")}, lang);
      res.set(bhttp::field::allow, absl::StrJoin(found.allowed, ", "));
      return finish("unmatched", std::move(res));
    }
    return finish("unmatched", GatewayError(404, absl::StatusCode::kNotFound, texts::kRouteNotFound,
                                            {x.path}, lang));
  }
  const Route& route = *found.route;
  const http::Request& req = x.req;
  if (!route.body.empty() && !req.body().empty() &&
      !IsJson(std::string_view(req[bhttp::field::content_type]))) {
    return finish(route.path.text(), GatewayError(415, absl::StatusCode::kInvalidArgument,
                                                  texts::kUnsupportedMediaType, {}, lang));
  }
  // Anonymous reads of cached routes come from memory (Cached) while no event
  // changed them (docs/operations.md, "Caches in front"); a miss is asked of
  // the service and kept. Answers to a caller with credentials never are.
  std::string cache_key;
  std::vector<std::string> cache_tags;
  uint64_t cache_stamp = 0;
  if (!x.cache_key.empty()) cache_tags = CacheTags(route, x.path);
  if (!cache_tags.empty()) {
    cache_key = x.cache_key;
    cache_stamp = options_.cache->Stamp();
    if (metrics_) metrics_->cache_misses->Increment();
  }
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<google::protobuf::Message> request(
      factory->GetPrototype(route.method->input_type())->New());
  absl::Status built = BuildRequest(route, found.bindings, x.query, req.body(), request.get());
  if (!built.ok()) {
    return finish(route.path.text(), ErrorResponse(400, built, lang));
  }

  // The call state lives until gRPC calls back.
  struct Call {
    grpc::ClientContext ctx;
    grpc::ByteBuffer request, response;
  };
  auto call = std::make_shared<Call>();
  std::string wire = request->SerializeAsString();
  grpc::Slice slice(wire);
  call->request = grpc::ByteBuffer(&slice, 1);
  call->ctx.set_deadline(std::chrono::system_clock::now() + options_.backend_timeout);
  if (x.traceparent.empty()) x.traceparent = NewTraceparent();
  call->ctx.AddMetadata("traceparent", x.traceparent);
  // The services check the caller themselves: pass the credentials on.
  if (std::string_view auth(req[bhttp::field::authorization]); !auth.empty()) {
    const bool printable = auth.size() <= 8192 && std::all_of(auth.begin(), auth.end(), [](char c) {
                             return c >= 0x20 && c <= 0x7e;
                           });
    call->ctx.AddMetadata("authorization", printable ? std::string(auth) : "Bearer malformed");
  }
  call->ctx.AddMetadata("accept-language", core::LanguageTag(lang));
  // Conditional writes (AIP-154): If-Match carries the etag the caller read;
  // Accept chooses among the formats of a raw answer (SDMX data).
  auto pass_on = [&](bhttp::field field, const char* key) {
    std::string_view v(req[field]);
    if (!v.empty() && v.size() <= 200 &&
        std::all_of(v.begin(), v.end(), [](char c) { return c >= 0x20 && c <= 0x7e; })) {
      call->ctx.AddMetadata(key, std::string(v));
    }
  };
  pass_on(bhttp::field::if_match, "if-match");
  pass_on(bhttp::field::accept, "accept");

  std::string if_none_match(req[bhttp::field::if_none_match].substr(0, 512));
  const bool read = x.read, anonymous = req[bhttp::field::authorization].empty();
  // An anonymous search of the registry reflects every write this gateway
  // has heard of (decision 0040); the registry checks PostgreSQL for the
  // rest. Its other reads always read PostgreSQL: nothing to name there.
  const bool registry = route.backend == "registry";
  if (registry && read && anonymous && options_.search_generation &&
      route.method->name() == "ListProjects") {
    call->ctx.AddMetadata(rpc::kSearchGenerationKey,
                          std::to_string(options_.search_generation->Get()));
  }

  Backend& backend = *backends_.at(route.backend);
  const google::protobuf::Descriptor* out_type = route.method->output_type();
  const std::string backend_name = route.backend;
  backend.stub->UnaryCall(
      &call->ctx, route.grpc_path, grpc::StubOptions(), &call->request, &call->response,
      Guarded(finish, route.path.text(), lang,
              [this, call, out_type, lang, backend_name, label = route.path.text(), if_none_match,
               read, anonymous, registry, cache_key, cache_tags, cache_stamp, path = x.path,
               finish](const grpc::Status& st) mutable {
                // Before anything is answered or dropped from the cache: the
                // next anonymous search through here reflects this write.
                if (registry && !read && options_.search_generation) {
                  const auto& trailers = call->ctx.GetServerTrailingMetadata();
                  if (auto it = trailers.find(rpc::kSearchGenerationKey); it != trailers.end()) {
                    options_.search_generation->Heard(
                        std::string_view(it->second.data(), it->second.size()));
                  }
                }
                if (!st.ok()) {
                  absl::Status s = rpc::FromGrpc(st);
                  const unsigned status = HttpStatusOf(s.code());
                  if (s.code() == absl::StatusCode::kUnavailable) {
                    return finish(label, GatewayError(status, s.code(), texts::kBackendUnavailable,
                                                      {backend_name}, lang));
                  }
                  if (s.code() == absl::StatusCode::kDeadlineExceeded) {
                    return finish(label, GatewayError(status, s.code(), texts::kBackendTimeout,
                                                      {backend_name}, lang));
                  }
                  if (status >= 500) {  // never leak internals
                    return finish(label,
                                  GatewayError(status, s.code(), texts::kInternal, {}, lang));
                  }
                  // The service already rendered its message in the caller's language.
                  return finish(label, ErrorResponse(status, s, lang));
                }
                std::vector<grpc::Slice> slices;
                (void)call->response.Dump(&slices);
                std::string bytes;
                for (const auto& sl : slices)
                  bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
                auto bad_answer = [&] {
                  finish(label, GatewayError(502, absl::StatusCode::kInternal, texts::kInternal, {},
                                             lang));
                };
                http::Response res;
                if (out_type->full_name() == "atlas.api.v1.HttpBody") {
                  std::unique_ptr<google::protobuf::Message> msg(
                      google::protobuf::MessageFactory::generated_factory()
                          ->GetPrototype(out_type)
                          ->New());
                  if (!msg->ParseFromString(bytes)) return bad_answer();
                  res = RawBody(*msg, if_none_match);
                } else {
                  std::string json;
                  if (!WriteWireJson(out_type, bytes, options_.json_memo.get(), json)) {
                    return bad_answer();
                  }
                  if (metrics_ && options_.json_memo) metrics_->ObserveMemo(*options_.json_memo);
                  res = Json(200, std::move(json));
                }
                if (read) Validate(res, if_none_match, anonymous);
                if (!read && options_.cache) {
                  // The writer, and whoever asks this replica next, reads the
                  // write; the other replicas drop the same on its event.
                  std::vector<std::string> stale = WrittenTags(backend_name, path);
                  if (!stale.empty()) options_.cache->Invalidate(stale);
                }
                if (!cache_key.empty() && res.result_int() == 200)
                  Keep(cache_key, cache_tags, cache_stamp, label, res);
                finish(label, std::move(res));
              }));
}

void Gateway::Keep(const std::string& key, const std::vector<std::string>& tags, uint64_t stamp,
                   const std::string& route, const http::Response& res) {
  http::ResponseCache::Answer answer{
      .body = res.body(), .gzip = GzipForm(res), .headers = {}, .route = route};
  for (const auto& field : res) {
    // Framing is the server's, per representation (FromCache picks one).
    if (field.name() == bhttp::field::content_length ||
        field.name() == bhttp::field::content_encoding ||
        field.name() == bhttp::field::transfer_encoding) {
      continue;
    }
    answer.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  options_.cache->Store(key, std::move(answer), tags, stamp);
  if (metrics_) {
    const http::ResponseCache::Stats stats = options_.cache->stats();
    metrics_->cache_bytes->Set(static_cast<double>(stats.bytes));
    metrics_->cache_entries->Set(static_cast<double>(stats.entries));
    const uint64_t seen = metrics_->evictions_seen.exchange(stats.evictions);
    if (stats.evictions > seen) {
      metrics_->cache_evictions->Increment(static_cast<double>(stats.evictions - seen));
    }
  }
}

namespace {

// application/x-www-form-urlencoded -> name/value pairs; false if malformed
// (bad escapes, repeated names, or text that is not UTF-8).
bool ParseForm(std::string_view body, std::map<std::string, std::string>* out) {
  size_t start = 0;
  while (start <= body.size() && !body.empty()) {
    size_t amp = body.find('&', start);
    std::string_view pair = body.substr(start, amp == std::string_view::npos ? amp : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key(pair.substr(0, eq));
      std::string value(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      std::replace(key.begin(), key.end(), '+', ' ');
      std::replace(value.begin(), value.end(), '+', ' ');
      auto k = PercentDecode(key);
      auto v = PercentDecode(value);
      if (!k || !v || out->count(*k) > 0) return false;  // repeated parameters are an error
      if (!core::IsUtf8(*k) || !core::IsUtf8(*v)) return false;
      (*out)[*k] = *v;
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return true;
}

// RFC 6749 §5.2 error, also in our {code, status, message, details} shape.
http::Response OAuthError(const char* error, const core::Text& text,
                          const std::vector<std::string>& args, core::Lang lang) {
  const std::string message = core::Render(text, args).In(lang);
  // A client that failed to authenticate gets 401 (RFC 6749 §5.2).
  const bool client = std::string_view(error) == "invalid_client";
  nlohmann::json body = {{"error", error},
                         {"error_description", message},
                         {"code", client ? 401 : 400},
                         {"status", client ? "UNAUTHENTICATED" : "INVALID_ARGUMENT"},
                         {"message", message},
                         {"details", nlohmann::json::array()}};
  http::Response res = Json(client ? 401 : 400, core::DumpJson(body));
  if (client) res.set(bhttp::field::www_authenticate, "Basic realm=\"atlas\"");
  res.set(bhttp::field::content_language, core::LanguageTag(lang));
  res.set(bhttp::field::pragma, "no-cache");
  return res;
}

}  // namespace

namespace {

// The browser session's refresh token: HttpOnly (no script reads it), Secure,
// SameSite=Strict (no other site sends it), only on /v1/auth paths.
constexpr std::string_view kSessionCookie = "atlas_session";

std::string SessionCookie(const std::string& token, int64_t max_age_s) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/v1/auth; Max-Age=" + std::to_string(max_age_s) +
         "; HttpOnly; Secure; SameSite=Strict";
}

// The value of cookie `name` in a Cookie header (RFC 6265 §5.4), or "".
std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t end = std::min(header.find(';'), header.size());
    std::string_view pair = header.substr(0, end);
    header.remove_prefix(std::min(end + 1, header.size()));
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
  }
  return "";
}

// A browser's request from another origin (Origin set and not this host).
bool CrossOrigin(const http::Request& req) {
  std::string_view origin(req[bhttp::field::origin]);
  if (origin.empty()) return false;
  const size_t scheme = origin.find("://");
  return scheme == std::string_view::npos ||
         origin.substr(scheme + 3) != std::string_view(req[bhttp::field::host]);
}

}  // namespace

void Gateway::Token(const http::Request& req, const std::string& peer, core::Lang lang,
                    const std::function<void(std::string, http::Response)>& finish) {
  const std::string route(req.target().substr(0, req.target().find('?')));
  // Browser sessions (the workspace) use the same grants, the refresh token
  // travelling in a cookie instead of the body: page scripts never hold it.
  const bool session = absl::StartsWith(route, "/v1/auth/session");
  const bool session_login = route == "/v1/auth/session";
  if (options_.identity == nullptr) {
    return finish(route,
                  GatewayError(503, absl::StatusCode::kUnavailable, texts::kIdentityOff, {}, lang));
  }
  if (options_.identity->external()) {
    return finish(route, OAuthError("unsupported_grant_type", texts::kExternalIssuer,
                                    {options_.identity->config().issuer}, lang));
  }
  if (session && CrossOrigin(req)) {
    return finish(route, GatewayError(403, absl::StatusCode::kPermissionDenied,
                                      texts::kCrossOriginSession, {}, lang));
  }
  std::string_view type(req[bhttp::field::content_type]);
  type = type.substr(0, type.find(';'));
  std::map<std::string, std::string> form;
  if (session && !session_login) {
    // Refresh and sign-out take nothing but the cookie.
    form["refresh_token"] = CookieValue(req[bhttp::field::cookie], kSessionCookie);
    if (route == "/v1/auth/session:refresh") form["grant_type"] = "refresh_token";
  } else if (type != "application/x-www-form-urlencoded" || !ParseForm(req.body(), &form)) {
    return finish(
        route, OAuthError("invalid_request",
                          session ? texts::kSessionRequestInvalid : texts::kTokenRequestInvalid, {},
                          lang));
  } else if (session_login) {
    form["grant_type"] = "password";
  }
  if (route == "/v1/auth/logout" || route == "/v1/auth/session:logout") {
    // RFC 7009: the same answer whether or not the token was known.
    boost::asio::post(
        *workers_, Guarded(finish, route, lang,
                           [this, form = std::move(form), finish, route, lang, session]() mutable {
                             absl::Status s =
                                 form["refresh_token"].empty()
                                     ? absl::OkStatus()
                                     : options_.identity->Logout(form["refresh_token"]);
                             if (!s.ok()) {
                               return finish(route, GatewayError(HttpStatusOf(s.code()), s.code(),
                                                                 texts::kInternal, {}, lang));
                             }
                             http::Response res = Json(200, "{}");
                             if (session) res.set(bhttp::field::set_cookie, SessionCookie("", 0));
                             finish(route, std::move(res));
                           }));
    return;
  }
  if (session && !session_login && form["refresh_token"].empty()) {
    http::Response res =
        GatewayError(401, absl::StatusCode::kUnauthenticated, texts::kNoSession, {}, lang);
    res.set(bhttp::field::cache_control, "no-store");
    return finish(route, std::move(res));
  }
  const std::string grant = form["grant_type"];
  const bool client = grant == "client_credentials";
  if (client) {
    // Client authentication by HTTP Basic (RFC 6749 §2.3.1) or form fields.
    std::string_view basic(req[bhttp::field::authorization]);
    std::string decoded;
    if (basic.substr(0, 6) == "Basic " &&
        absl::Base64Unescape(std::string(basic.substr(6)), &decoded)) {
      const size_t colon = decoded.find(':');
      if (colon != std::string::npos) {
        form["client_id"] = decoded.substr(0, colon);
        form["client_secret"] = decoded.substr(colon + 1);
      }
    }
    // The throttle and the rest of the flow treat the client as a user name.
    form["username"] = form["client_id"];
    form["password"] = form["client_secret"];
  }
  const bool password = grant == "password" || client;
  if (!password && grant != "refresh_token") {
    return finish(route,
                  OAuthError(grant.empty() ? "invalid_request" : "unsupported_grant_type",
                             grant.empty() ? texts::kTokenRequestInvalid : texts::kUnsupportedGrant,
                             {absl::CHexEscape(grant.substr(0, 40))}, lang));
  }
  // Bounded sizes: the user name becomes a throttle key held in memory. A
  // refresh token is ours (URL-safe base64): anything else cannot be one.
  const std::string& refresh = form["refresh_token"];
  const bool refresh_shaped =
      !refresh.empty() && refresh.size() <= 128 &&
      std::all_of(refresh.begin(), refresh.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (password ? form["username"].empty() || form["username"].size() > 256 ||
                     form["password"].empty() || form["password"].size() > 1024
               : !refresh_shaped) {
    return finish(route, OAuthError("invalid_request", texts::kTokenRequestInvalid, {}, lang));
  }
  const std::string user_key = "user:" + absl::AsciiStrToLower(form["username"]);
  const std::string ip_key = "ip:" + peer;
  const int64_t now_ms = NowMillis();
  const int64_t wait = password ? std::max(user_throttle_->RetryAfterSeconds(user_key, now_ms),
                                           ip_throttle_->RetryAfterSeconds(ip_key, now_ms))
                                : 0;
  if (wait > 0) {
    if (logins_ != nullptr) logins_->Add({{"result", "throttled"}}).Increment();
    http::Response res = GatewayError(429, absl::StatusCode::kResourceExhausted,
                                      texts::kTooManySignIns, {std::to_string(wait)}, lang);
    res.set(bhttp::field::retry_after, std::to_string(wait));
    return finish(route, std::move(res));
  }
  // argon2id takes ~0.1 s of CPU and 64 MiB, and both grants do blocking
  // database work: off the I/O threads, and a bounded queue in front of
  // them (a flood is told to come back rather than piling up memory).
  if (signin_waiting_.fetch_add(1) >= options_.signin_queue) {
    --signin_waiting_;
    if (logins_ != nullptr) logins_->Add({{"result", "busy"}}).Increment();
    http::Response res =
        GatewayError(429, absl::StatusCode::kResourceExhausted, texts::kSignInBusy, {}, lang);
    res.set(bhttp::field::retry_after, "1");
    return finish(route, std::move(res));
  }
  boost::asio::post(
      *workers_,
      Guarded(
          finish, route, lang,
          [this, lang, form = std::move(form), finish, route, user_key, ip_key, password, client,
           peer, session]() mutable {
            --signin_waiting_;
            const int64_t at = NowSeconds();
            auto issued =
                client ? options_.identity->ClientCredentialsGrant(form["client_id"],
                                                                   form["client_secret"], peer, at)
                : password
                    ? options_.identity->PasswordGrant(form["username"], form["password"], peer, at)
                    : options_.identity->RefreshGrant(form["refresh_token"], peer, at);
            const bool wrong =
                !issued.ok() && issued.status().code() == absl::StatusCode::kUnauthenticated;
            if (password && logins_ != nullptr) {
              logins_->Add({{"result", issued.ok() ? "success"
                                       : wrong     ? "failure"
                                                   : "error"}})
                  .Increment();
            }
            if (password && issued.ok()) user_throttle_->Success(user_key);
            if (password && wrong) {
              user_throttle_->Failure(user_key, NowMillis());
              ip_throttle_->Failure(ip_key, NowMillis());
            }
            if (issued.ok()) {
              nlohmann::json body = {{"access_token", issued->access_token},
                                     {"token_type", "Bearer"},
                                     {"expires_in", issued->expires_in}};
              if (!issued->refresh_token.empty() && !session)
                body["refresh_token"] = issued->refresh_token;
              http::Response res = Json(200, core::DumpJson(body));
              res.set(bhttp::field::pragma, "no-cache");
              res.set(bhttp::field::cache_control, "no-store");
              if (session) {
                res.set(bhttp::field::set_cookie,
                        SessionCookie(issued->refresh_token,
                                      options_.identity->config().refresh_ttl_s));
              }
              return finish(route, std::move(res));
            }
            if (wrong && session && !password) {
              // The session is over (expired, revoked, or its token reused): the
              // cookie goes too, and the page asks the user to sign in again.
              http::Response res = GatewayError(401, absl::StatusCode::kUnauthenticated,
                                                texts::kNoSession, {}, lang);
              res.set(bhttp::field::set_cookie, SessionCookie("", 0));
              res.set(bhttp::field::cache_control, "no-store");
              return finish(route, std::move(res));
            }
            if (wrong) {
              return finish(route, OAuthError(client ? "invalid_client" : "invalid_grant",
                                              client     ? texts::kInvalidClient
                                              : password ? texts::kInvalidGrant
                                                         : texts::kInvalidRefresh,
                                              {}, lang));
            }
            const unsigned status = HttpStatusOf(issued.status().code());
            finish(route, GatewayError(status, issued.status().code(), texts::kInternal, {}, lang));
          }));
}

absl::StatusOr<auth::Claims> Gateway::Caller(const http::Request& req) {
  std::string_view header(req[bhttp::field::authorization]);
  constexpr std::string_view kBearer = "Bearer ";
  if (options_.identity == nullptr || header.substr(0, kBearer.size()) != kBearer) {
    return absl::UnauthenticatedError("no bearer token");
  }
  return options_.identity->Verify(header.substr(kBearer.size()), NowSeconds());
}

bool Gateway::AdmitStream(const http::Request& req, std::vector<std::string>* keys,
                          http::Response* refusal) {
  absl::StatusOr<auth::Claims> claims = Caller(req);
  if (!claims.ok()) {
    *refusal = Me(req, core::PickLanguage(std::string_view(req[bhttp::field::accept_language])));
    return false;
  }
  // As atlas-notify names the people an entry concerns (notify/domain/inbox.h).
  if (!claims->username.empty()) keys->push_back("user:" + absl::AsciiStrToLower(claims->username));
  if (auto org = core::IdOf(claims->organisation, "organisations/"); org && !org->empty()) {
    keys->push_back("org:" + *org);
  }
  for (const auto& role : claims->roles) {
    keys->push_back("role:" + role);
    if (role == "admin") keys->push_back("role:validator");
  }
  return true;
}

http::Response Gateway::Me(const http::Request& req, core::Lang lang) {
  absl::StatusOr<auth::Claims> claims = Caller(req);
  if (!claims.ok()) {
    log::Debug("bearer token refused", {{"reason", std::string(claims.status().message())}});
    http::Response res =
        GatewayError(401, absl::StatusCode::kUnauthenticated, texts::kInvalidToken, {}, lang);
    res.set(bhttp::field::www_authenticate, "Bearer error=\"invalid_token\"");
    return res;
  }
  nlohmann::json body = {
      {"subject", claims->subject},
      {"organisation", claims->organisation},
      {"username", claims->username},
      {"roles", claims->roles},
      {"expireTime",
       core::FormatRfc3339(
           std::chrono::system_clock::time_point(std::chrono::seconds(claims->expires_at)), 0)}};
  return Json(200, core::DumpJson(body));
}

http::Response Gateway::Jwks() {
  http::Response res = Json(200, options_.identity->Jwks());
  res.set(bhttp::field::cache_control, "public, max-age=300");
  return res;
}

// Readiness says whether this pod should receive traffic: yes while it runs
// (503 only once it drains), even when a backend is down — its static pages
// and the other backends' routes still work, and a route whose backend is
// down answers 503 by itself. The body says what is degraded
// ("status": "ready" when everything answers, "degraded" otherwise).
void Gateway::Readyz(http::Reply reply) {
  if (draining_) {
    return reply(Json(503, R"({"status":"draining","backends":{}})"));
  }
  {
    std::lock_guard lock(ready_mu_);
    ready_waiting_.push_back(std::move(reply));
    if (ready_waiting_.size() > 1) return;  // a check is running: its answer is ours too
  }
  struct State {
    Gateway* gateway = nullptr;
    std::mutex mu;
    nlohmann::json checks = nlohmann::json::object();
    int pending = 0;
    bool all_serving = true;
    // Records one check; the last one answers every waiting probe.
    void Done(const std::string& name, bool serving, const char* state_name) {
      std::lock_guard lock(mu);
      checks[name] = state_name;
      all_serving = all_serving && serving;
      if (--pending == 0) {
        nlohmann::json body = {{"status", all_serving ? "ready" : "degraded"},
                               {"backends", checks}};
        const http::Response res = Json(200, core::DumpJson(body));
        std::vector<http::Reply> waiting;
        {
          std::lock_guard lock_ready(gateway->ready_mu_);
          waiting.swap(gateway->ready_waiting_);
        }
        for (auto& reply : waiting) reply(res);
      }
    }
  };
  auto state = std::make_shared<State>();
  state->gateway = this;
  state->pending = static_cast<int>(backends_.size()) + (options_.identity != nullptr ? 1 : 0);
  if (state->pending == 0) {  // nothing to check: ready
    state->pending = 1;
    state->Done("gateway", true, "SERVING");
    return;
  }
  if (options_.identity != nullptr) {
    // The gateway's own accounts database (sign-in); blocking, so off the I/O
    // threads, and on its own worker: sign-ins queueing never delay it.
    boost::asio::post(*probe_worker_, [this, state] {
      bool up = false;
      try {
        up = options_.identity->Ping().ok();
      } catch (...) {  // down is down, whatever the reason
      }
      state->Done("identity", up, up ? "SERVING" : "UNREACHABLE");
    });
  }
  for (auto& [name, backend] : backends_) {
    struct Probe {
      grpc::ClientContext ctx;
      grpc::health::v1::HealthCheckRequest req;
      grpc::health::v1::HealthCheckResponse resp;
    };
    auto probe = std::make_shared<Probe>();
    probe->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    backend->health->async()->Check(
        &probe->ctx, &probe->req, &probe->resp,
        [state, probe, name = name](const grpc::Status& st) {
          const bool serving =
              st.ok() && probe->resp.status() == grpc::health::v1::HealthCheckResponse::SERVING;
          state->Done(name, serving,
                      serving ? "SERVING" : (st.ok() ? "NOT_SERVING" : "UNREACHABLE"));
        });
  }
}

}  // namespace atlas::gateway
