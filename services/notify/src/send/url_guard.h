// SSRF protection for webhooks: a URL is sent to only if it is https and
// every address its host resolves to is public — loopback, private (RFC 1918,
// unique-local), link-local (cloud metadata: 169.254.169.254), carrier-grade
// NAT, multicast, reserved and documentation ranges refused — unless an
// operator allow-lists the address (ATLAS_NOTIFY_WEBHOOK_ALLOW, CIDRs; plain
// http is then allowed too). The sender connects to the address checked
// (no second resolution), and checks every redirect again.
#ifndef ATLAS_NOTIFY_SEND_URL_GUARD_H_
#define ATLAS_NOTIFY_SEND_URL_GUARD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "notify/domain/subscription_service.h"

namespace atlas::notify {

// One address block: 4 or 16 bytes and a prefix length.
struct Cidr {
  std::string bytes;
  int prefix = 0;
};
// "10.0.0.0/8", "127.0.0.1", "::1/128"; nullopt-like error when malformed.
absl::StatusOr<Cidr> ParseCidr(std::string_view text);

// What kind of address `bytes` (4 or 16) is: "" = public, else "loopback",
// "private", "link-local", "shared", "multicast", "reserved", "unspecified",
// "documentation".
std::string AddressClass(std::string_view bytes);

struct Target {
  std::string scheme, host, path;  // path includes the query
  int port = 443;
  std::string address;  // the checked address, text form, to connect to
};

class NetworkGuard final : public UrlGuard {
 public:
  explicit NetworkGuard(std::vector<Cidr> allow = {}) : allow_(std::move(allow)) {}
  // The URL parsed and resolved, with the address to use; INVALID_ARGUMENT
  // (field endpoint.url, three languages) when refused.
  absl::StatusOr<Target> Resolve(const std::string& url) const;
  absl::Status Check(const std::string& url) const override { return Resolve(url).status(); }

 private:
  bool Allowed(std::string_view bytes) const;
  std::vector<Cidr> allow_;
};

}  // namespace atlas::notify

#endif  // ATLAS_NOTIFY_SEND_URL_GUARD_H_
