// URL parsing, DNS resolution and address classes.
#include "notify/send/url_guard.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "atlas/core/status.h"

namespace atlas::notify {
namespace {

constexpr core::Text kNotUrl = {"is not a web address (https://host/path)",
                                "n'est pas une adresse web (https://hôte/chemin)",
                                "ليس عنوان ويب (https://host/path)"};
constexpr core::Text kNotHttps = {
    "must start with https:// (plain http only to addresses an operator allow-lists)",
    "doit commencer par https:// (http seulement vers des adresses autorisées par un opérateur)",
    "يجب أن يبدأ بـ https:// (http فقط نحو عناوين يأذن بها المشغّل)"};
constexpr core::Text kCredentials = {"must not carry a user name or password",
                                     "ne doit pas contenir d'identifiant ni de mot de passe",
                                     "يجب ألا يتضمن اسم مستخدم أو كلمة مرور"};
constexpr core::Text kNoAddress = {"the host «{0}» does not resolve",
                                   "l'hôte « {0} » ne se résout pas",
                                   "المضيف «{0}» لا يُحَلّ إلى عنوان"};
constexpr core::Text kInternal = {
    "the host «{0}» resolves to {1}, a {2} address: refused (an operator may allow-list it)",
    "l'hôte « {0} » se résout en {1}, une adresse {2} : refusé (un opérateur peut l'autoriser)",
    "المضيف «{0}» يُحَلّ إلى {1}، وهو عنوان من نوع {2}: مرفوض (يمكن للمشغّل أن يأذن به)"};

absl::Status Refused(const core::Text& text, const std::vector<std::string>& args = {}) {
  return core::InvalidFields({core::Violation("endpoint.url", text, args)});
}

bool InBlock(std::string_view bytes, std::string_view block, int prefix) {
  if (bytes.size() != block.size()) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    const int byte = bit / 8, shift = 7 - bit % 8;
    if (((bytes[byte] >> shift) & 1) != ((block[byte] >> shift) & 1)) return false;
  }
  return true;
}

std::string V4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)};
}

std::string AddressText(std::string_view bytes) {
  char buf[INET6_ADDRSTRLEN] = {0};
  inet_ntop(bytes.size() == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace

absl::StatusOr<Cidr> ParseCidr(std::string_view text) {
  std::string s(text);
  absl::StripAsciiWhitespace(&s);
  const size_t slash = s.find('/');
  const std::string addr = s.substr(0, slash);
  Cidr c;
  unsigned char buf[16];
  if (inet_pton(AF_INET, addr.c_str(), buf) == 1) {
    c.bytes.assign(reinterpret_cast<char*>(buf), 4);
  } else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) {
    c.bytes.assign(reinterpret_cast<char*>(buf), 16);
  } else {
    return absl::InvalidArgumentError("not an address: " + addr);
  }
  c.prefix = static_cast<int>(c.bytes.size() * 8);
  if (slash != std::string::npos &&
      (!absl::SimpleAtoi(s.substr(slash + 1), &c.prefix) || c.prefix < 0 ||
       c.prefix > static_cast<int>(c.bytes.size() * 8))) {
    return absl::InvalidArgumentError("bad prefix length: " + s);
  }
  return c;
}

std::string AddressClass(std::string_view b) {
  if (b.size() == 16) {
    const std::string zero(16, '\0');
    if (b == zero) return "unspecified";
    std::string one = zero;
    one[15] = 1;
    if (b == one) return "loopback";
    // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): the IPv4 inside.
    const std::string mapped = std::string(10, '\0') + "\xff\xff";
    if (b.substr(0, 12) == mapped) return AddressClass(b.substr(12));
    const std::string nat64 = std::string("\x00\x64\xff\x9b", 4) + std::string(8, '\0');
    if (b.substr(0, 12) == nat64) return AddressClass(b.substr(12));
    const auto u0 = static_cast<unsigned char>(b[0]), u1 = static_cast<unsigned char>(b[1]);
    if ((u0 & 0xfe) == 0xfc) return "private";                   // fc00::/7
    if (u0 == 0xfe && (u1 & 0xc0) == 0x80) return "link-local";  // fe80::/10
    if (u0 == 0xff) return "multicast";
    if (u0 == 0x20 && u1 == 0x01 && b[2] == '\x0d' && b[3] == '\xb8') return "documentation";
    if (b.substr(0, 8) == std::string("\x01\x00", 2) + std::string(6, '\0')) return "reserved";
    return "";
  }
  if (b.size() != 4) return "reserved";
  struct Block {
    std::string net;
    int prefix;
    const char* what;
  };
  static const auto* blocks = new std::vector<Block>{
      {V4(0, 0, 0, 0), 8, "unspecified"},         {V4(10, 0, 0, 0), 8, "private"},
      {V4(100, 64, 0, 0), 10, "shared"},          {V4(127, 0, 0, 0), 8, "loopback"},
      {V4(169, 254, 0, 0), 16, "link-local"},     {V4(172, 16, 0, 0), 12, "private"},
      {V4(192, 0, 0, 0), 24, "reserved"},         {V4(192, 0, 2, 0), 24, "documentation"},
      {V4(192, 168, 0, 0), 16, "private"},        {V4(198, 18, 0, 0), 15, "reserved"},
      {V4(198, 51, 100, 0), 24, "documentation"}, {V4(203, 0, 113, 0), 24, "documentation"},
      {V4(224, 0, 0, 0), 4, "multicast"},         {V4(240, 0, 0, 0), 4, "reserved"}};
  for (const auto& block : *blocks) {
    if (InBlock(b, block.net, block.prefix)) return block.what;
  }
  return "";
}

bool NetworkGuard::Allowed(std::string_view bytes) const {
  for (const auto& c : allow_) {
    if (InBlock(bytes, c.bytes, c.prefix)) return true;
  }
  return false;
}

absl::StatusOr<Target> NetworkGuard::Resolve(const std::string& url) const {
  Target t;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos || url.size() > 2000) return Refused(kNotUrl);
  t.scheme = absl::AsciiStrToLower(url.substr(0, scheme_end));
  if (t.scheme != "https" && t.scheme != "http") return Refused(kNotHttps);
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return Refused(kNotUrl);
    }
  }
  const size_t host_start = scheme_end + 3;
  const size_t path_start = url.find_first_of("/?#", host_start);
  std::string authority = url.substr(
      host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  t.path = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (const size_t hash = t.path.find('#'); hash != std::string::npos) t.path.resize(hash);
  if (t.path.empty() || t.path[0] != '/') t.path = "/" + t.path;
  if (authority.find('@') != std::string::npos) return Refused(kCredentials);
  t.port = t.scheme == "https" ? 443 : 80;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return Refused(kNotUrl);
    t.host = authority.substr(1, close - 1);
    authority = authority.substr(close + 1);
    if (!authority.empty() &&
        (authority[0] != ':' || !absl::SimpleAtoi(authority.substr(1), &t.port))) {
      return Refused(kNotUrl);
    }
  } else {
    const size_t colon = authority.rfind(':');
    t.host = authority.substr(0, colon);
    if (colon != std::string::npos && !absl::SimpleAtoi(authority.substr(colon + 1), &t.port)) {
      return Refused(kNotUrl);
    }
  }
  t.host = absl::AsciiStrToLower(t.host);
  if (t.host.empty() || t.port < 1 || t.port > 65535) return Refused(kNotUrl);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(t.host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return Refused(kNoAddress, {t.host});
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  bool all_allowed = true;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    std::string bytes;
    if (a->ai_family == AF_INET) {
      const auto* in = reinterpret_cast<sockaddr_in*>(a->ai_addr);
      bytes.assign(reinterpret_cast<const char*>(&in->sin_addr), 4);
    } else if (a->ai_family == AF_INET6) {
      const auto* in = reinterpret_cast<sockaddr_in6*>(a->ai_addr);
      bytes.assign(reinterpret_cast<const char*>(&in->sin6_addr), 16);
    } else {
      continue;
    }
    const bool allowed = Allowed(bytes);
    all_allowed = all_allowed && allowed;
    // Every address must pass: a name resolving to a public and a private
    // address could be connected to either.
    if (const std::string what = AddressClass(bytes); !what.empty() && !allowed) {
      return Refused(kInternal, {t.host, AddressText(bytes), what});
    }
    if (t.address.empty()) t.address = AddressText(bytes);
  }
  if (t.address.empty()) return Refused(kNoAddress, {t.host});
  if (t.scheme == "http" && !all_allowed) return Refused(kNotHttps);
  return t;
}

}  // namespace atlas::notify
