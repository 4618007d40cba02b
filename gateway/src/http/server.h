// An asynchronous HTTP/1.1 server on Boost.Beast: a few threads, each running
// an io_context of its own with its share of the connections (no strand, no
// hand-over between threads for an answer from memory), so thousands of idle
// keep-alive and SSE connections cost memory, not threads.
//
// The server enforces the protocol limits itself and answers without calling
// the handler: a body over `body_limit` -> 413, headers over 16 KiB -> 431,
// an unparseable request -> 400 (then closes the connection), too many
// connections, streams or uploads from one client -> closed or 503.
// Everything else goes to the Handler, which replies exactly once, from any
// thread; an exception from it is logged and answered 500, never the end of
// the process.
#ifndef ATLAS_GATEWAY_HTTP_SERVER_H_
#define ATLAS_GATEWAY_HTTP_SERVER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "absl/status/statusor.h"
#include "gateway/http/client_address.h"
#include "gateway/http/connection_limits.h"

namespace prometheus {
class Counter;
class Gauge;
template <typename T>
class Family;
}  // namespace prometheus

namespace atlas::gateway::http {

class EventHub;

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Reply = std::function<void(Response)>;
// `peer` is the client's IP address: the socket's, or the one trusted
// proxies report (ServerOptions::trusted_proxies).
using Handler = std::function<void(Request&&, const std::string& peer, Reply)>;
// Builds a response for a protocol error (status, request headers if any).
using ErrorResponder = std::function<Response(unsigned status, const Request* req)>;

// The one route whose body may be larger than the others (the studies
// library's PDF uploads, base64 in JSON): ServerOptions::upload_body_limit.
inline constexpr char kUploadPath[] = "/v1/documents";

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  int threads = 2;
  uint64_t body_limit = 1024 * 1024;  // bytes
  // POST `upload_path` may carry up to `upload_body_limit` bytes (0: body_limit).
  uint64_t upload_body_limit = 0;
  std::string upload_path = kUploadPath;
  std::chrono::seconds idle_timeout{60};          // keep-alive / a whole request to arrive
  prometheus::Gauge* open_connections = nullptr;  // optional; kept equal to the count
  // Server-sent events: GET `events_path` becomes a stream of `events`'
  // frames (replay after Last-Event-ID, a comment every 15 s to keep proxies
  // and dead peers in check); nullptr = no stream. Must outlive the server.
  EventHub* events = nullptr;
  std::string events_path = "/v1/events";
  // A person's stream (their notifications): GET `user_events_path` on
  // `user_events`, admitted by `admit_stream`, which fills in who is asking
  // from the request's credentials, or the refusal (401) to send. Optional.
  EventHub* user_events = nullptr;
  std::string user_events_path = "/v1/notifications:stream";
  std::function<bool(const Request&, std::vector<std::string>* keys, Response* refusal)>
      admit_stream = nullptr;
  // Whose X-Forwarded-For / Forwarded to believe (client_address.h); the
  // handler's `peer` is the client address found through them.
  TrustedProxies trusted_proxies = {};
  // Open connections per socket address (trusted proxies exempt) and in all:
  // beyond, a new connection is closed at once.
  Caps connections = {.per_address = 256, .total = 20000};
  // Event streams per client address and in all: beyond, 503 + Retry-After.
  Caps streams = {.per_address = 16, .total = 10000};
  // Request bodies over `upload_threshold` bytes being received at once, per
  // client address and in all (slow uploads hold memory and a connection):
  // beyond, 503 + Retry-After before the body is read.
  Caps uploads = {.per_address = 4, .total = 64};
  uint64_t upload_threshold = 64 * 1024;
  // A stream ends after `stream_lifetime` (the browser reconnects with
  // Last-Event-ID and misses nothing), or when the peer has not taken a
  // frame within `write_timeout`.
  std::chrono::seconds stream_lifetime{1800};
  std::chrono::seconds write_timeout{30};
  // Optional: what was refused by the caps above, by reason
  // (connections, streams, uploads); prometheus::Family<Counter>*.
  prometheus::Family<prometheus::Counter>* refused = nullptr;
};

class Server final {
 public:
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options, Handler handler,
                                                       ErrorResponder on_error);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  int64_t open_connections() const { return open_connections_.load(); }
  // Stops accepting, closes connections, joins the threads.
  void Stop();

 private:
  struct Impl;
  Server() = default;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace atlas::gateway::http

#endif  // ATLAS_GATEWAY_HTTP_SERVER_H_
