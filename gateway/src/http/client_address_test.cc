#include "gateway/http/client_address.h"

#include "gtest/gtest.h"

namespace atlas::gateway::http {
namespace {

TrustedProxies Trust(const char* spec) {
  auto t = TrustedProxies::Parse(spec);
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

TEST(ClientAddressTest, WithoutTrustedProxiesTheSocketPeerIsTheClient) {
  EXPECT_EQ(ClientAddress("203.0.113.9", "for=198.51.100.1", "198.51.100.2", Trust("")),
            "203.0.113.9");
}

TEST(ClientAddressTest, HeadersFromAnUntrustedPeerAreIgnored) {
  EXPECT_EQ(ClientAddress("203.0.113.9", "", "198.51.100.2", Trust("10.0.0.0/8")), "203.0.113.9");
}

TEST(ClientAddressTest, TheNearestUntrustedHopIsTheClient) {
  const TrustedProxies t = Trust("10.0.0.0/8, 192.168.7.1");
  // The client forged the first entry; the ingress (10.1.2.3) appended what it saw.
  EXPECT_EQ(ClientAddress("10.1.2.3", "", "6.6.6.6, 198.51.100.7", t), "198.51.100.7");
  // Two trusted hops in a row.
  EXPECT_EQ(ClientAddress("10.1.2.3", "", "198.51.100.7, 192.168.7.1", t), "198.51.100.7");
  // Only trusted hops: the farthest one.
  EXPECT_EQ(ClientAddress("10.1.2.3", "", "10.9.9.9", t), "10.9.9.9");
  // No header at all: the proxy itself.
  EXPECT_EQ(ClientAddress("10.1.2.3", "", "", t), "10.1.2.3");
}

TEST(ClientAddressTest, ForwardedWinsAndIsParsedPerRfc7239) {
  const TrustedProxies t = Trust("10.0.0.0/8,fd00::/8");
  EXPECT_EQ(ClientAddress("10.1.2.3", "for=192.0.2.60;proto=http;by=203.0.113.43", "1.1.1.1", t),
            "192.0.2.60");
  EXPECT_EQ(ClientAddress("10.1.2.3", R"(For="[2001:db8:cafe::17]:4711")", "", t),
            "2001:db8:cafe::17");
  EXPECT_EQ(ClientAddress("10.1.2.3", "for=192.0.2.60:8080, for=10.0.0.5", "", t), "192.0.2.60");
  EXPECT_EQ(ClientAddress("fd00::1", "for=\"[fd00::2]\", for=198.51.100.9", "", t), "198.51.100.9");
}

TEST(ClientAddressTest, GarbageStopsTheWalkAtTheHopThatAddedIt) {
  const TrustedProxies t = Trust("10.0.0.0/8");
  EXPECT_EQ(ClientAddress("10.1.2.3", "", "evil\xff, not-an-ip", t), "10.1.2.3");
  EXPECT_EQ(ClientAddress("10.1.2.3", "", "198.51.100.7, unknown, 10.0.0.9", t), "10.0.0.9");
  EXPECT_EQ(ClientAddress("10.1.2.3", "for=unknown", "", t), "10.1.2.3");
  EXPECT_EQ(ClientAddress("10.1.2.3", "", "::ffff:198.51.100.7", t), "198.51.100.7");
}

TEST(ClientAddressTest, BadSpecsAreRefused) {
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::Parse("ingress").ok());
  EXPECT_TRUE(TrustedProxies::Parse(" 127.0.0.1 , ::1 ").ok());
}

}  // namespace
}  // namespace atlas::gateway::http
