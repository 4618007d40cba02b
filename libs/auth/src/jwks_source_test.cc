#include "atlas/auth/jwks_source.h"

#include "gtest/gtest.h"

namespace atlas::auth {
namespace {

TEST(JwksUrlTest, KeysTravelOverHttpsOnly) {
  EXPECT_TRUE(
      CheckJwksUrl("https://idp.example.org/realms/atlas/protocol/openid-connect/certs").ok());
  // Plain http only from this machine (local runs, tests).
  EXPECT_TRUE(CheckJwksUrl("http://127.0.0.1:8081/certs").ok());
  EXPECT_TRUE(CheckJwksUrl("http://localhost/certs").ok());
  EXPECT_TRUE(CheckJwksUrl("http://[::1]:80/certs").ok());
  for (const char* bad : {"http://idp.example.org/certs", "http://10.0.0.7/certs",
                          "http://127.0.0.1.evil.example/certs", "ftp://idp.example.org/certs",
                          "file:///etc/jwks.json", "idp.example.org/certs"}) {
    EXPECT_EQ(CheckJwksUrl(bad).code(), absl::StatusCode::kInvalidArgument) << bad;
    // And nothing is fetched from it.
    EXPECT_EQ(HttpGet(bad, "", std::chrono::milliseconds(100)).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace atlas::auth
