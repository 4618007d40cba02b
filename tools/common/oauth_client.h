// A minimal client for the gateway's OAuth token endpoint (plain HTTP on a
// local or cluster-internal port; put TLS in front for anything else), shared
// by atlasctl and the partner example. Header-only; blocking.
#ifndef ATLAS_TOOLS_COMMON_OAUTH_CLIENT_H_
#define ATLAS_TOOLS_COMMON_OAUTH_CLIENT_H_

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace atlas::tools {

// application/x-www-form-urlencoded escaping.
inline std::string FormEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// POSTs `form` to `<gateway>/v1/auth/token` (gateway = "http://host:port").
// Returns the access token, or "" with `*error` set.
inline std::string RequestToken(const std::string& gateway,
                                const std::map<std::string, std::string>& form,
                                std::string* error) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  if (gateway.rfind("http://", 0) != 0) {
    *error = "the gateway URL must start with http://";
    return "";
  }
  std::string hostport = gateway.substr(7);
  if (auto slash = hostport.find('/'); slash != std::string::npos) hostport.resize(slash);
  const auto colon = hostport.rfind(':');
  const std::string host = hostport.substr(0, colon);
  const std::string port = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::error_code ec;
  stream.connect(resolver.resolve(host, port, ec), ec);
  http::request<http::string_body> req(http::verb::post, "/v1/auth/token", 11);
  req.set(http::field::host, hostport);
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  for (const auto& [k, v] : form) {
    if (!req.body().empty()) req.body() += '&';
    req.body() += FormEscape(k) + "=" + FormEscape(v);
  }
  req.prepare_payload();
  if (!ec) http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  if (!ec) http::read(stream, buffer, res, ec);
  if (ec) {
    *error = "cannot reach " + gateway + ": " + ec.message();
    return "";
  }
  auto body = nlohmann::json::parse(res.body(), nullptr, false);
  if (res.result_int() != 200 || !body.is_object() || !body.contains("access_token")) {
    *error = "token refused (HTTP " + std::to_string(res.result_int()) + "): " +
             (body.is_object() ? body.value("message", res.body()) : res.body());
    return "";
  }
  return body["access_token"].get<std::string>();
}

}  // namespace atlas::tools

#endif  // ATLAS_TOOLS_COMMON_OAUTH_CLIENT_H_
