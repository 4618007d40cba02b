// Beast HTTP server.
#include "gateway/http/server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>

#include <algorithm>
#include <array>
#include <optional>

#include <deque>

#include "absl/strings/str_cat.h"
#include "atlas/core/log.h"
#include "gateway/http/event_hub.h"

namespace atlas::gateway::http {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Replies handed to the handler (answered from other threads, e.g. gRPC's)
// that still exist. Server::Stop waits for them: the last copy of a Reply may
// hold the last reference to its Session, whose strand must not outlive the
// io_context.
struct Outstanding {
  std::atomic<int64_t> count{0};
};

class Session;

// What a Reply holds: the session, released before the count goes down.
struct PendingReply {
  std::shared_ptr<Session> session;
  std::shared_ptr<Outstanding> outstanding;
  std::atomic<bool> answered{false};
  PendingReply(std::shared_ptr<Session> s, std::shared_ptr<Outstanding> o)
      : session(std::move(s)), outstanding(std::move(o)) {
    ++outstanding->count;
  }
  ~PendingReply() {
    session.reset();
    --outstanding->count;
  }
  PendingReply(const PendingReply&) = delete;
  PendingReply& operator=(const PendingReply&) = delete;
};

// The caps shared by every session of one server.
struct Shared {
  std::shared_ptr<ConnectionLimits> connections, streams, uploads;
  void Refused(const ServerOptions& opts, const char* reason) const {
    if (opts.refused != nullptr) opts.refused->Add({{"reason", reason}}).Increment();
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::string peer, ConnectionLimits::Lease connection,
          const ServerOptions& opts, const Shared& shared, const Handler& handler,
          const ErrorResponder& on_error, std::atomic<int64_t>& open,
          std::shared_ptr<Outstanding> outstanding)
      : outstanding_(std::move(outstanding)),
        stream_(std::move(socket)),
        opts_(opts),
        shared_(shared),
        handler_(handler),
        peer_(std::move(peer)),
        connection_(std::move(connection)),
        on_error_(on_error),
        open_(open) {
    ++open_;
    if (opts_.open_connections != nullptr) opts_.open_connections->Increment();
  }
  ~Session() {
    if (subscription_ != 0) hub_->Unsubscribe(subscription_);
    --open_;
    if (opts_.open_connections != nullptr) opts_.open_connections->Decrement();
  }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    // The larger of the two limits while the header is read (Beast refuses a
    // Content-Length over the limit as soon as it sees it); the request's own
    // limit is set once its target is known (OnHeader).
    parser_->body_limit(std::max(opts_.body_limit, opts_.upload_body_limit));
    parser_->header_limit(16 * 1024);
    // The whole request (header and body) must arrive within the idle timeout.
    stream_.expires_after(opts_.idle_timeout);
    beast::http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // True if `ec` ended the read: the connection is closed or answered.
  bool Failed(beast::error_code ec) {
    if (!ec) return false;
    if (ec == beast::http::error::end_of_stream || ec == asio::error::connection_reset ||
        ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::eof) {
      Close();
      return true;
    }
    unsigned status = 400;
    if (ec == beast::http::error::body_limit) status = 413;
    if (ec == beast::http::error::header_limit) status = 431;
    const Request* req = parser_->is_header_done() ? &parser_->get() : nullptr;
    Response res = on_error_(status, req);
    res.keep_alive(false);
    Write(std::move(res));
    return true;
  }

  // Refuses the request in hand with 503 (a cap was reached) and closes.
  void Busy(const char* reason) {
    shared_.Refused(opts_, reason);
    Response res = on_error_(503, &parser_->get());
    res.set(beast::http::field::retry_after, "5");
    res.keep_alive(false);
    Write(std::move(res));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (Failed(ec)) return;
    const Request& head = parser_->get();
    client_ = ClientAddress(peer_, std::string_view(head[beast::http::field::forwarded]),
                            std::string_view(head["X-Forwarded-For"]), opts_.trusted_proxies);
    const auto path = head.target().substr(0, head.target().find('?'));
    if (opts_.events != nullptr && head.method() == beast::http::verb::get &&
        path == opts_.events_path) {
      return StartEvents(head, *opts_.events, {});
    }
    if (opts_.user_events != nullptr && opts_.admit_stream &&
        head.method() == beast::http::verb::get && path == opts_.user_events_path) {
      EventHub::Viewer viewer;
      Response refusal;
      if (!opts_.admit_stream(head, &viewer.keys, &refusal)) {
        refusal.keep_alive(false);
        return Write(std::move(refusal));
      }
      return StartEvents(head, *opts_.user_events, viewer);
    }
    const bool upload = opts_.upload_body_limit > 0 && head.method() == beast::http::verb::post &&
                        path == opts_.upload_path;
    const uint64_t limit = upload ? opts_.upload_body_limit : opts_.body_limit;
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return (void)Failed(beast::http::error::body_limit);
    }
    parser_->body_limit(limit);
    if (!parser_->is_done()) {
      const auto length = parser_->content_length();
      if (!length || *length > opts_.upload_threshold) {  // chunked, or large
        auto lease = shared_.uploads->TryAcquire(client_);
        if (!lease) return Busy("uploads");
        upload_ = std::move(*lease);
      }
    }
    beast::http::async_read(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    upload_.Release();
    if (Failed(ec)) return;
    Request req = parser_->release();
    const bool head = req.method() == beast::http::verb::head;
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    auto pending = std::make_shared<PendingReply>(shared_from_this(), outstanding_);
    auto reply = [pending, head, keep_alive, version](Response res) {
      // Exactly one response per request, even when the handler fails after
      // replying: `answered` decides who writes.
      if (pending->answered.exchange(true)) return;
      const std::shared_ptr<Session>& self = pending->session;
      // Inline when answered on the connection's own thread (an answer from
      // memory), queued to it from any other (a gRPC completion's).
      asio::dispatch(self->stream_.get_executor(),
                     [self, res = std::move(res), head, keep_alive, version]() mutable {
                       res.version(version);
                       res.keep_alive(keep_alive && res.keep_alive());
                       res.prepare_payload();
                       if (head) res.body().clear();  // Content-Length stays as prepared
                       self->Write(std::move(res));
                     });
    };
    // A bug in one request's handling must never end the process: log it,
    // answer 500, keep serving.
    try {
      handler_(std::move(req), client_, reply);
    } catch (const std::exception& e) {
      log::Error("request handler failed", {{"error", e.what()}});
      reply(on_error_(500, nullptr));
    } catch (...) {
      log::Error("request handler failed", {{"error", "unknown exception"}});
      reply(on_error_(500, nullptr));
    }
  }

  void Write(Response res) {
    res_ = std::move(res);
    if (res_.payload_size() == boost::none) res_.prepare_payload();
    stream_.expires_after(opts_.idle_timeout);
    beast::http::async_write(
        stream_, res_,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this(), !res_.keep_alive()));
  }

  void OnWrite(bool close, beast::error_code ec, std::size_t) {
    res_ = {};
    if (ec || close) return Close();
    Read();
  }

  // --- server-sent events: this connection becomes a stream ---------------
  void StartEvents(const Request& req, EventHub& hub, const EventHub::Viewer& viewer) {
    hub_ = &hub;
    auto lease = shared_.streams->TryAcquire(client_);
    if (!lease) return Busy("streams");
    stream_slot_ = std::move(*lease);
    std::optional<uint64_t> last;
    const std::string_view last_id(req["Last-Event-ID"]);
    if (!last_id.empty() && last_id.size() <= 19 &&
        std::all_of(last_id.begin(), last_id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      last = std::stoull(std::string(last_id));
    }
    // Subscribe first: a frame published meanwhile may arrive twice (a page
    // reloads once more), never not at all. Pushes run on this strand, after
    // the opening below.
    subscription_ = hub.Subscribe(
        [weak = std::weak_ptr<Session>(shared_from_this())](const std::string& frame) {
          if (auto self = weak.lock()) {
            asio::post(self->stream_.get_executor(), [self, frame] { self->Send(frame); });
          }
        },
        viewer);
    if (subscription_ == 0) return Busy("streams");  // the hub is full
    const std::string opening = hub.Opening(last, viewer);
    stream_.expires_never();
    Send(absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n",
                      "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\n",
                      "X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n",
                      opening));
    Heartbeat();
    WatchPeer();
    // A stream does not live for ever: the browser comes back with
    // Last-Event-ID, and a slot held by a vanished client is freed.
    lifetime_.expires_after(opts_.stream_lifetime);
    lifetime_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->EndEvents();
    });
  }

  void Send(std::string frame) {
    if (closed_) return;
    if (queue_.size() >= 256) return EndEvents();  // a peer that does not read
    queue_.push_back(std::move(frame));
    if (queue_.size() == 1) WriteNext();
  }

  void WriteNext() {
    // A peer that stops reading (its window full) is let go after write_timeout.
    write_timer_.expires_after(opts_.write_timeout);
    write_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->EndEvents();
    });
    asio::async_write(stream_.socket(), asio::buffer(queue_.front()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->write_timer_.cancel();
                        self->queue_.pop_front();
                        if (ec) return self->EndEvents();
                        if (!self->queue_.empty()) self->WriteNext();
                      });
  }

  void Heartbeat() {
    heartbeat_.expires_after(std::chrono::seconds(15));
    heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      self->Send(": ping\n\n");
      self->Heartbeat();
    });
  }

  // The browser never sends on a stream: a read completing means it left.
  void WatchPeer() {
    stream_.socket().async_read_some(
        asio::buffer(drain_buf_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->EndEvents();
          self->WatchPeer();
        });
  }

  void EndEvents() {
    if (closed_) return;
    closed_ = true;
    if (subscription_ != 0) hub_->Unsubscribe(subscription_);
    subscription_ = 0;
    stream_slot_.Release();
    heartbeat_.cancel();
    lifetime_.cancel();
    write_timer_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    // Lingering close: read and drop what the client is still sending (say
    // the rest of a body we refused) so that closing does not reset the
    // connection before the client has read our response. Bounded in bytes
    // and time.
    stream_.expires_after(std::chrono::seconds(2));
    Drain();
  }

  void Drain() {
    if (drained_ > kMaxDrain) return;
    stream_.async_read_some(asio::buffer(drain_buf_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (!ec) self->Drain();
                            });
  }

  static constexpr std::size_t kMaxDrain = std::size_t{8} * 1024 * 1024;
  std::array<char, std::size_t{16} * 1024> drain_buf_{};
  std::size_t drained_ = 0;

  std::shared_ptr<Outstanding> outstanding_;
  beast::tcp_stream stream_;
  asio::steady_timer heartbeat_{stream_.get_executor()};
  asio::steady_timer lifetime_{stream_.get_executor()};
  asio::steady_timer write_timer_{stream_.get_executor()};
  std::deque<std::string> queue_;  // frames not yet written (events only)
  uint64_t subscription_ = 0;
  EventHub* hub_ = nullptr;  // the stream's hub, once it is one
  bool closed_ = false;
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::string_body>> parser_;
  Response res_;  // the one being written
  const ServerOptions& opts_;
  const Shared& shared_;
  const Handler& handler_;
  const std::string peer_;  // the socket's
  std::string client_;      // the request's (behind trusted proxies)
  ConnectionLimits::Lease connection_, upload_, stream_slot_;
  const ErrorResponder& on_error_;
  std::atomic<int64_t>& open_;
};

}  // namespace

// One io_context per thread, each run by its thread alone, and every
// connection on one of them (round robin): a connection's handlers never run
// at once without a strand, and a request answered from memory is read,
// answered and written by one thread with no hand-over (nginx's workers, in
// threads). Answers from other threads (gRPC's) are posted to the connection's.
struct Server::Impl {
  ServerOptions options;
  Handler handler;
  ErrorResponder on_error;
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  std::size_t next = 0;  // the io_context of the next connection (the acceptor's thread only)
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::steady_timer> accept_retry;
  std::vector<std::thread> threads;
  std::atomic<int64_t>* open = nullptr;
  std::shared_ptr<Outstanding> outstanding = std::make_shared<Outstanding>();
  Shared shared;

  void Accept() {
    asio::io_context& ioc = *iocs[next++ % iocs.size()];
    acceptor->async_accept(ioc, [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        // Typically EMFILE: back off instead of spinning; existing
        // connections keep working and new ones wait in the backlog.
        log::Warn("accept failed; retrying in 100 ms", {{"error", ec.message()}});
        accept_retry->expires_after(std::chrono::milliseconds(100));
        accept_retry->async_wait([this](beast::error_code) { Accept(); });
        return;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      const auto remote = socket.remote_endpoint(ignored);
      const std::string peer = ignored ? std::string() : remote.address().to_string();
      // Trusted proxies carry everyone's connections: only the total applies.
      const bool proxy = !ignored && options.trusted_proxies.Contains(remote.address());
      auto lease = shared.connections->TryAcquire(proxy ? std::string() : peer);
      if (!lease) {
        shared.Refused(options, "connections");
        socket.close(ignored);
      } else {
        std::make_shared<Session>(std::move(socket), peer, std::move(*lease), options, shared,
                                  handler, on_error, *open, outstanding)
            ->Start();
      }
      Accept();
    });
  }
};

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options, Handler handler,
                                                      ErrorResponder on_error) {
  std::unique_ptr<Server> s(new Server());
  s->impl_ = std::make_unique<Impl>();
  Impl& impl = *s->impl_;
  impl.options = std::move(options);
  impl.handler = std::move(handler);
  impl.on_error = std::move(on_error);
  impl.open = &s->open_connections_;
  impl.shared.connections = ConnectionLimits::Create(impl.options.connections);
  impl.shared.streams = ConnectionLimits::Create(impl.options.streams);
  impl.shared.uploads = ConnectionLimits::Create(impl.options.uploads);
  for (int i = 0; i < std::max(1, impl.options.threads); ++i) {
    impl.iocs.push_back(std::make_unique<asio::io_context>(1));  // one thread runs it
  }
  impl.acceptor = std::make_unique<tcp::acceptor>(*impl.iocs.front());
  impl.accept_retry = std::make_unique<asio::steady_timer>(*impl.iocs.front());
  beast::error_code ec;
  auto address = asio::ip::make_address(impl.options.host, ec);
  if (ec) return absl::InvalidArgumentError("bad listen address " + impl.options.host);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(impl.options.port));
  impl.acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl.acceptor->bind(endpoint, ec);
  if (!ec) impl.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", impl.options.host, ":",
                                               impl.options.port, ": ", ec.message()));
  }
  s->port_ = impl.acceptor->local_endpoint().port();
  impl.Accept();
  for (const std::unique_ptr<asio::io_context>& ioc : impl.iocs) {
    impl.threads.emplace_back([ioc = ioc.get()] {
      // Kept running while it has no connection (they come and go).
      auto work = asio::make_work_guard(*ioc);
      // An exception escaping a completion handler leaves run(); log it and
      // run again (Asio's documented pattern) rather than end the process.
      while (true) {
        try {
          ioc->run();
          return;
        } catch (const std::exception& e) {
          log::Error("connection handler failed", {{"error", e.what()}});
        } catch (...) {
          log::Error("connection handler failed", {{"error", "unknown exception"}});
        }
      }
    });
  }
  return s;
}

Server::~Server() { Stop(); }

void Server::Stop() {
  if (!impl_) return;
  asio::post(*impl_->iocs.front(), [this] {
    beast::error_code ignored;
    impl_->acceptor->close(ignored);
  });
  // Replies still held elsewhere (a backend call in flight) may own the last
  // reference to a session: let them go first (bounded; callers drain first).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (impl_->outstanding->count.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (const std::unique_ptr<asio::io_context>& ioc : impl_->iocs) ioc->stop();
  for (auto& t : impl_->threads) t.join();
  impl_.reset();
}

}  // namespace atlas::gateway::http
