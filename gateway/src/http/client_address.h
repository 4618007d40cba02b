// Who is asking: the client's IP address, behind a reverse proxy or not.
//
// Rate limits, the sign-in throttle, stream caps and the audit log key on the
// client's address. Behind the ingress the socket peer is the ingress for
// everyone, so the address a proxy reports (RFC 7239 `Forwarded: for=`, or
// else `X-Forwarded-For`) is used — but only when the peer is a proxy we
// trust, and only as far back as trusted proxies reach: the entries are read
// from the right (the hop nearest to us) and the first address that is not a
// trusted proxy is the client. Anything a client wrote further left is
// ignored, and a malformed entry stops the walk at the hop that added it.
#ifndef ATLAS_GATEWAY_HTTP_CLIENT_ADDRESS_H_
#define ATLAS_GATEWAY_HTTP_CLIENT_ADDRESS_H_

#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include "absl/status/statusor.h"

namespace atlas::gateway::http {

class TrustedProxies final {
 public:
  // "10.0.0.0/8, 192.168.1.7, fd00::/8" (addresses or CIDR networks,
  // comma-separated); "" = trust no one (the socket peer is the client).
  // INVALID_ARGUMENT naming the entry that does not parse.
  static absl::StatusOr<TrustedProxies> Parse(std::string_view spec);

  bool empty() const { return v4_.empty() && v6_.empty(); }
  bool Contains(const boost::asio::ip::address& a) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

// The client's address for a request that arrived from socket peer `peer`
// with the given Forwarded and X-Forwarded-For header values (either may be
// empty). Always a parsed, normalised IP address (never the header's text),
// or `peer` itself.
std::string ClientAddress(const std::string& peer, std::string_view forwarded,
                          std::string_view x_forwarded_for, const TrustedProxies& trusted);

}  // namespace atlas::gateway::http

#endif  // ATLAS_GATEWAY_HTTP_CLIENT_ADDRESS_H_
