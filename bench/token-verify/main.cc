// Benchmark: full access-token verification (atlas::auth::VerifyToken: split,
// base64url, strict JSON, claims, Ed25519 via libsodium) against the floor
// any EdDSA JWT check pays — OpenSSL 3's raw Ed25519 verify of the same bytes.
// Five rounds of N verifications each, alternating; prints medians and ratio.
//   build/release/bench/atlas-bench-token-verify [N]   (default 20000)
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "atlas/auth/jwt.h"

namespace {

using Clock = std::chrono::steady_clock;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  using namespace atlas::auth;
  const int64_t now = 1796000000;
  SigningKey key = SigningKey::Generate("k1");
  KeySet keys;
  (void)keys.Add(key.kid(), key.public_key());
  Claims c{.issuer = "https://atlas.example",
           .subject = "users/42",
           .audience = "atlas",
           .organisation = "organisations/7",
           .roles = {"editor"},
           .token_id = "t-1",
           .issued_at = now,
           .expires_at = now + 600};
  const std::string token = IssueToken(c, key);
  const VerifyOptions opts{.issuer = c.issuer, .audience = "atlas", .now = now};

  const size_t dot2 = token.rfind('.');
  const std::string input = token.substr(0, dot2);
  const std::string sig = *Base64UrlDecode(token.substr(dot2 + 1));
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(key.public_key().data()),
      key.public_key().size());

  std::vector<double> ours, peer;
  for (int round = 0; round < 5; ++round) {
    auto t0 = Clock::now();
    int ok = 0;
    for (int i = 0; i < n; ++i) ok += VerifyToken(token, keys, opts).ok();
    auto t1 = Clock::now();
    int ok2 = 0;
    for (int i = 0; i < n; ++i) {
      EVP_MD_CTX* ctx = EVP_MD_CTX_new();
      EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey);
      ok2 +=
          EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
      EVP_MD_CTX_free(ctx);
    }
    auto t2 = Clock::now();
    if (ok != n || ok2 != n) {
      std::fprintf(stderr, "verification failed (%d, %d of %d)\n", ok, ok2, n);
      return 1;
    }
    ours.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / n);
    peer.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count() / n);
  }
  EVP_PKEY_free(pkey);
  const double a = Median(ours), b = Median(peer);
  std::printf("token: %zu bytes; %d verifications x 5 rounds, medians\n", token.size(), n);
  std::printf("%-44s %8.2f us/verify  %9.0f /s\n", "atlas::auth::VerifyToken (full checks)", a,
              1e6 / a);
  std::printf("%-44s %8.2f us/verify  %9.0f /s\n", "OpenSSL 3 Ed25519 verify (signature only)", b,
              1e6 / b);
  std::printf("ratio full/raw-signature: %.2f\n", a / b);
  return 0;
}
