// The gateway's request handler: REST -> gRPC through the route table,
// /healthz, /readyz, /openapi.json, errors as {code, status, message,
// details} in the caller's language. Thread-safe; replies asynchronously when
// the backend answers, so no thread waits on a backend.
#ifndef ATLAS_GATEWAY_API_GATEWAY_H_
#define ATLAS_GATEWAY_API_GATEWAY_H_

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "gateway/http/rate_limiter.h"
#include "gateway/http/server.h"
#include "gateway/routing/route_table.h"

namespace grpc {
class Channel;
class ChannelCredentials;
}  // namespace grpc

namespace prometheus {
class Registry;
class Counter;
template <typename T>
class Family;
}  // namespace prometheus

namespace atlas::auth {
struct Claims;
}  // namespace atlas::auth

namespace atlas::gateway {

class JsonMemo;
class SearchGeneration;

namespace identity {
class TokenService;
class Throttle;
}  // namespace identity

namespace http {
class StaticFiles;
class ResponseCache;
}  // namespace http

struct GatewayOptions {
  // Backend name ("registry", "geo", …) -> gRPC address "host:port".
  std::map<std::string, std::string> backends;
  std::chrono::milliseconds backend_timeout{10000};
  uint64_t body_limit = 1024 * 1024;
  uint64_t upload_limit = 0;  // POST /v1/documents (ServerOptions::upload_body_limit)
  std::string version = "0.1.0";
  // Browser origins allowed to call the API cross-origin (exact match,
  // e.g. "https://partner.example.org"); empty = none.
  std::set<std::string> cors_origins;
  // Accounts and tokens; nullptr disables /v1/auth/token and /v1/me (tests).
  identity::TokenService* identity = nullptr;
  // Request rate limits (429 + Retry-After) per client IP and per bearer
  // token; rate 0 = off. Health probes are never limited.
  http::RateLimit ip_limit = {.rate = 100, .burst = 200};
  http::RateLimit token_limit = {.rate = 50, .burst = 100};
  // How to reach the backends: nullptr = plain gRPC; else TLS (and mTLS).
  std::shared_ptr<grpc::ChannelCredentials> backend_credentials = nullptr;
  // The public web app's files (ATLAS_WEB_ROOT); nullptr = API only.
  std::shared_ptr<const http::StaticFiles> web = nullptr;
  // Sign-ins (argon2id, ~80 ms of a core each) run on `signin_threads`
  // workers; at most `signin_queue` wait for one, the rest get 429 at once.
  int signin_threads = 2;
  int signin_queue = 16;
  // Anonymous reads of the projects and the map answered from memory until
  // an event changes them (ATLAS_HTTP_CACHE_MB); nullptr = off.
  std::shared_ptr<http::ResponseCache> cache = nullptr;
  // The JSON of listed messages (projects of a page), by their bytes
  // (ATLAS_GATEWAY_JSON_MEMO_MB); nullptr = each written every time.
  std::shared_ptr<JsonMemo> json_memo = nullptr;
  // The highest generation of the registry's change log heard of (from the
  // answers to writes and, through PublicEvents, from project events),
  // passed on with anonymous reads of the registry; nullptr = none passed
  // (every search then checks PostgreSQL). Decision 0040.
  std::shared_ptr<SearchGeneration> search_generation = nullptr;
};

class Gateway final {
 public:
  // Admits a person's event stream (GET /v1/notifications:stream): their
  // recipient keys (user:<handle>, org:<id>, role:<role>) from a valid bearer
  // token, or the 401 to answer.
  bool AdmitStream(const http::Request& req, std::vector<std::string>* keys,
                   http::Response* refusal);
  static absl::StatusOr<std::unique_ptr<Gateway>> Create(GatewayOptions options,
                                                         prometheus::Registry* metrics);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  void Handle(http::Request&& req, const std::string& peer, http::Reply reply);
  // Replies for requests the HTTP layer rejected before routing.
  http::Response ProtocolError(unsigned status, const http::Request* req);
  // Shutdown has begun: /readyz answers 503 so the pod leaves the Service
  // while requests in flight finish.
  void SetDraining() { draining_ = true; }

  int64_t in_flight() const { return in_flight_.load(); }
  const RouteTable& routes() const { return routes_; }

 private:
  struct Backend;
  struct Metrics;
  struct Exchange;
  Gateway() = default;
  // Handle() is this chain; each handler answers the request (true) or
  // passes it on.
  Exchange Begin(const http::Request& req, const std::string& peer, http::Reply reply);
  bool Preflight(Exchange& x);  // CORS preflight: listed origins only
  bool Framing(Exchange& x);    // transfer codings, the target's syntax
  bool BuiltIn(Exchange& x);    // /healthz, /readyz, /openapi.json
  bool Static(Exchange& x);     // the web app's files
  bool Limits(Exchange& x);     // rate limits per address and per token (429)
  bool Identity(Exchange& x);   // JWKS, /v1/me, the token and session endpoints
  bool Cached(Exchange& x);     // an anonymous read answered from the cache
  void Forward(Exchange& x);    // the route table -> a service over gRPC
  // Stores an anonymous read's answer to `route` in the cache (options_.cache).
  void Keep(const std::string& key, const std::vector<std::string>& tags, uint64_t stamp,
            const std::string& route, const http::Response& res);
  void Readyz(http::Reply reply);
  // OAuth token endpoint, JWKS, and the caller's identity.
  void Token(const http::Request& req, const std::string& peer, core::Lang lang,
             const std::function<void(std::string, http::Response)>& finish);
  http::Response Me(const http::Request& req, core::Lang lang);
  // The verified claims of the request's bearer token.
  absl::StatusOr<auth::Claims> Caller(const http::Request& req);
  http::Response Jwks();

  GatewayOptions options_;
  RouteTable routes_;
  std::string openapi_;
  std::map<std::string, std::unique_ptr<Backend>> backends_;
  std::unique_ptr<Metrics> metrics_;
  std::atomic<int64_t> in_flight_{0};
  // Password hashing (argon2id) runs here, never on the I/O threads; a
  // separate thread answers readiness, so a sign-in flood cannot starve it.
  std::unique_ptr<boost::asio::thread_pool> workers_, probe_worker_;
  std::atomic<int> signin_waiting_{0};
  std::atomic<bool> draining_{false};
  // Readiness probes are not rate limited: at most one check of the backends
  // runs at a time, and every /readyz that arrives meanwhile gets its answer.
  std::mutex ready_mu_;
  std::vector<http::Reply> ready_waiting_;
  // Failed sign-ins, per submitted user name and per client IP.
  std::unique_ptr<identity::Throttle> user_throttle_, ip_throttle_;
  prometheus::Family<prometheus::Counter>* logins_ = nullptr;
  std::unique_ptr<http::RateLimiter> ip_limiter_, token_limiter_;
  prometheus::Family<prometheus::Counter>* rate_limited_ = nullptr;
};

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_API_GATEWAY_H_
