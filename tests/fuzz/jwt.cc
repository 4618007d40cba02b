// Fuzz target: bearer tokens and key sets. The first byte chooses:
//   'j'  the rest is a JWKS document (KeySet::FromJwks, as the services read
//        an external issuer's keys);
//   's'  the rest is "HEADER\nPAYLOAD" (JSON), signed here with the fuzzer's
//        own key so that VerifyToken reaches the claims a forger cannot;
//   else the rest is a token verified as the services verify every call.
#include <cstdint>
#include <string>
#include <string_view>

#include "atlas/auth/jwt.h"
#include "atlas/auth/keys.h"

namespace {

struct Keys {
  atlas::auth::SigningKey signer = atlas::auth::SigningKey::Generate("fuzz");
  atlas::auth::KeySet set;
  Keys() { (void)set.Add(signer.kid(), signer.public_key()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace atlas::auth;
  static const Keys* keys = new Keys();
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  const VerifyOptions options{.issuer = "https://atlas.test",
                              .audience = "sharaka-atlas",
                              .now = 1'780'000'000};
  if (data[0] == 'j') {
    (void)KeySet::FromJwks(in);
    return 0;
  }
  std::string token(in);
  if (data[0] == 's') {
    const size_t cut = in.find('\n');
    if (cut == std::string_view::npos) return 0;
    const std::string signed_part =
        Base64UrlEncode(in.substr(0, cut)) + "." + Base64UrlEncode(in.substr(cut + 1));
    token = signed_part + "." + Base64UrlEncode(keys->signer.Sign(signed_part));
  }
  (void)VerifyToken(token, keys->set, options);
  return 0;
}
