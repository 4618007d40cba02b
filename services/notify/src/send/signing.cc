// HMAC-SHA256 signatures, base64, random secrets.
#include "notify/send/signing.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "absl/strings/str_cat.h"

namespace atlas::notify {
namespace {

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

bool Unbase64(std::string_view text, std::string* out) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 1024) return false;
  std::string buf(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t pad = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++pad;
  buf.resize(static_cast<size_t>(n) - pad);
  *out = std::move(buf);
  return true;
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string SignWebhook(std::string_view secret, std::string_view id, int64_t timestamp,
                        std::string_view body) {
  constexpr std::string_view kPrefix = "whsec_";
  std::string key;
  if (secret.substr(0, kPrefix.size()) != kPrefix ||
      !Unbase64(secret.substr(kPrefix.size()), &key)) {
    return "";
  }
  std::string content(id);
  content += "." + std::to_string(timestamp) + ".";
  content += body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &len);
  return "v1," + Base64(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string SignatureHeader(const std::vector<std::string>& secrets, std::string_view id,
                            int64_t timestamp, std::string_view body) {
  std::string out;
  for (const auto& s : secrets) {
    std::string sig = SignWebhook(s, id, timestamp, body);
    if (sig.empty()) continue;
    if (!out.empty()) out += ' ';
    out += sig;
  }
  return out;
}

std::string NewWebhookSecret() { return "whsec_" + Base64(RandomBytes(24)); }

std::string NewToken() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : RandomBytes(16)) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace atlas::notify
