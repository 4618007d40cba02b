// JWKS from a file or over HTTP(S), refreshed in the background.
#include "atlas/auth/jwks_source.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "atlas/core/log.h"

namespace atlas::auth {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

constexpr size_t kMaxBody = size_t{1024} * 1024;

template <typename Stream>
absl::StatusOr<std::string> Exchange(Stream& stream, const std::string& host,
                                     const std::string& target, const std::string& url) {
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, host);
  req.set(http::field::accept, "application/json");
  req.set(http::field::user_agent, "sharaka-atlas");
  beast::error_code ec;
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBody);
  if (!ec) http::read(stream, buffer, parser, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("GET ", url, ": ", ec.message()));
  const auto& res = parser.get();
  if (res.result_int() != 200) {
    return absl::UnavailableError(absl::StrCat("GET ", url, ": HTTP ", res.result_int()));
  }
  return res.body();
}

}  // namespace

absl::Status CheckJwksUrl(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  // After an authority the path is empty or starts with "/" (RFC 3986 §3.3);
  // Boost.URL 1.81 takes "http://127.0.0.1.evil.example/" as host 127.0.0.1
  // and path ".evil.example/": refuse what it should have.
  if (!parsed || !parsed->has_authority() ||
      (!parsed->encoded_path().empty() && parsed->encoded_path().front() != '/')) {
    return absl::InvalidArgumentError("not an absolute URL: " + url);
  }
  if (parsed->scheme() == "https") return absl::OkStatus();
  // Keys fetched in clear could be anyone's: plain http only from this very
  // machine (local runs and tests), never across a network.
  const std::string host(parsed->host_address());
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  const bool loopback = host == "localhost" || (!ec && address.is_loopback());
  if (parsed->scheme() == "http" && loopback) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "the issuer's keys must be fetched over https (plain http only from a loopback address): " +
      url);
}

bool JwksSource::remote() const {
  return location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0;
}

absl::StatusOr<std::string> HttpGet(const std::string& url, const std::string& ca_file,
                                    std::chrono::milliseconds timeout) {
  if (absl::Status s = CheckJwksUrl(url); !s.ok()) return s;
  auto parsed = boost::urls::parse_absolute_uri(url);
  const bool tls = parsed->scheme() == "https";
  const std::string host(parsed->host());
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : (tls ? "443" : "80");
  std::string target(parsed->encoded_path());
  if (target.empty()) target = "/";
  if (parsed->has_query()) target += "?" + std::string(parsed->encoded_query());
  boost::asio::io_context io;
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(host, port, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("resolve ", host, ": ", ec.message()));
  if (!tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    stream.connect(endpoints, ec);
    if (ec) return absl::UnavailableError(absl::StrCat("connect ", url, ": ", ec.message()));
    return Exchange(stream, host, target, url);
  }
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_peer);
  if (ca_file.empty()) {
    ctx.set_default_verify_paths(ec);
  } else {
    ctx.load_verify_file(ca_file, ec);
  }
  if (ec) return absl::InvalidArgumentError(absl::StrCat("CA certificates: ", ec.message()));
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  // SNI, and the certificate must name the host.
  // SSL_set_tlsext_host_name is a macro with a C cast; the call it stands for:
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(host.c_str())) != 1) {
    return absl::InternalError("cannot set SNI");
  }
  stream.set_verify_callback(ssl::host_name_verification(host));
  beast::get_lowest_layer(stream).expires_after(timeout);
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (!ec) stream.handshake(ssl::stream_base::client, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("TLS to ", url, ": ", ec.message()));
  return Exchange(stream, host, target, url);
}

absl::StatusOr<KeySet> LoadJwks(const JwksSource& source) {
  std::string text;
  if (source.remote()) {
    auto body = HttpGet(source.location, source.ca_file, source.timeout);
    if (!body.ok()) return body.status();
    text = *std::move(body);
  } else {
    std::ifstream in(source.location);
    if (!in) return absl::UnavailableError("cannot read " + source.location);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto keys = KeySet::FromJwks(text);
  if (!keys.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source.location, ": ", keys.status().message()));
  }
  return keys;
}

KeyRefresher::KeyRefresher(JwksSource source, std::chrono::seconds every,
                           std::function<void(KeySet)> apply)
    : source_(std::move(source)),
      apply_(std::move(apply)),
      // After a failure, try again sooner (but not in a tight loop).
      refresh_(every, std::min<std::chrono::milliseconds>(every, std::chrono::seconds(5)), [this] {
        absl::Status s = LoadAndApply();
        if (!s.ok())
          log::Warn("token keys not refreshed; keeping the previous ones",
                    {{"source", source_.location}, {"error", s.ToString()}});
        return s.ok();
      }) {}

KeyRefresher::~KeyRefresher() { Stop(); }

absl::Status KeyRefresher::LoadAndApply() {
  auto keys = LoadJwks(source_);
  if (!keys.ok()) return keys.status();
  apply_(*std::move(keys));
  return absl::OkStatus();
}

absl::Status KeyRefresher::Start() {
  absl::Status first = LoadAndApply();
  refresh_.Start();
  return first;
}

void KeyRefresher::Stop() { refresh_.Stop(); }

}  // namespace atlas::auth
