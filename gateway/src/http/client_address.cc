// Client address behind trusted proxies.
#include "gateway/http/client_address.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace atlas::gateway::http {
namespace asio = boost::asio;

namespace {

std::optional<asio::ip::address> ParseAddress(absl::string_view text) {
  boost::system::error_code ec;
  auto a = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  // An IPv4 client seen through an IPv6 socket is the IPv4 client.
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  }
  return a;
}

// One `for=` value of RFC 7239: a bare IPv4, "[v6]", either with a port, or
// quoted. nullopt for "unknown", obfuscated identifiers and garbage.
std::optional<asio::ip::address> ForwardedNode(absl::string_view node) {
  node = absl::StripAsciiWhitespace(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') {
    node = node.substr(1, node.size() - 2);
  }
  if (!node.empty() && node.front() == '[') {
    const size_t close = node.find(']');
    if (close == absl::string_view::npos) return std::nullopt;
    return ParseAddress(node.substr(1, close - 1));
  }
  if (const size_t colon = node.find(':');
      colon != absl::string_view::npos && node.find(':', colon + 1) == absl::string_view::npos) {
    node = node.substr(0, colon);  // IPv4:port
  }
  return ParseAddress(node);
}

// The hops a header lists, nearest last; nullopt for an entry that does not parse.
std::vector<std::optional<asio::ip::address>> Hops(std::string_view forwarded,
                                                   std::string_view x_forwarded_for) {
  std::vector<std::optional<asio::ip::address>> hops;
  if (!forwarded.empty()) {
    for (absl::string_view element : absl::StrSplit(
             absl::string_view(forwarded.data(), forwarded.size()), ',', absl::SkipWhitespace())) {
      std::optional<asio::ip::address> hop;
      for (absl::string_view pair : absl::StrSplit(element, ';')) {
        pair = absl::StripAsciiWhitespace(pair);
        if (pair.size() > 4 && absl::EqualsIgnoreCase(pair.substr(0, 4), "for=")) {
          hop = ForwardedNode(pair.substr(4));
        }
      }
      hops.push_back(hop);
    }
    return hops;
  }
  for (absl::string_view item :
       absl::StrSplit(absl::string_view(x_forwarded_for.data(), x_forwarded_for.size()), ',',
                      absl::SkipWhitespace())) {
    hops.push_back(ForwardedNode(item));
  }
  return hops;
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(std::string_view spec) {
  TrustedProxies out;
  for (absl::string_view raw :
       absl::StrSplit(absl::string_view(spec.data(), spec.size()), ',', absl::SkipWhitespace())) {
    const std::string item(absl::StripAsciiWhitespace(raw));
    boost::system::error_code ec;
    const bool cidr = item.find('/') != std::string::npos;
    if (item.find(':') != std::string::npos) {
      auto net = cidr ? asio::ip::make_network_v6(item, ec)
                      : asio::ip::network_v6(asio::ip::make_address_v6(item, ec), 128);
      if (!ec) out.v6_.push_back(net);
    } else {
      auto net = cidr ? asio::ip::make_network_v4(item, ec)
                      : asio::ip::network_v4(asio::ip::make_address_v4(item, ec), 32);
      if (!ec) out.v4_.push_back(net);
    }
    if (ec) return absl::InvalidArgumentError("not an address or network: " + item);
  }
  return out;
}

bool TrustedProxies::Contains(const asio::ip::address& a) const {
  if (a.is_v4()) {
    for (const auto& net : v4_) {
      const asio::ip::network_v4 host(a.to_v4(), 32);
      if (host.is_subnet_of(net) || net.address() == a.to_v4()) return true;
    }
    return false;
  }
  for (const auto& net : v6_) {
    const asio::ip::network_v6 host(a.to_v6(), 128);
    if (host.is_subnet_of(net) || net.address() == a.to_v6()) return true;
  }
  return false;
}

std::string ClientAddress(const std::string& peer, std::string_view forwarded,
                          std::string_view x_forwarded_for, const TrustedProxies& trusted) {
  if (trusted.empty()) return peer;
  std::optional<asio::ip::address> current = ParseAddress(absl::string_view(peer));
  if (!current || !trusted.Contains(*current)) return peer;
  const auto hops = Hops(forwarded, x_forwarded_for);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!*it) break;  // a hop we cannot read: stop at the proxy that added it
    current = **it;
    if (!trusted.Contains(*current)) break;
  }
  return current->to_string();
}

}  // namespace atlas::gateway::http
