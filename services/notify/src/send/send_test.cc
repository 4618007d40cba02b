// Signatures, the SSRF guard and the e-mail's headers.
#include "gtest/gtest.h"
#include "notify/send/senders.h"
#include "notify/send/signing.h"
#include "notify/send/url_guard.h"

namespace atlas::notify {
namespace {

// The Standard Webhooks specification's example.
TEST(SigningTest, MatchesTheSpecificationsExample) {
  EXPECT_EQ(SignWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_EQ(SignWebhook("not-a-secret", "id", 1, "{}"), "");
  const std::string a = NewWebhookSecret(), b = NewWebhookSecret();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("whsec_", 0), 0u);
  EXPECT_EQ(SignatureHeader({a, b}, "id", 1, "{}").find(' ') != std::string::npos, true);
  EXPECT_EQ(NewToken().size(), 32u);
}

std::string Bytes(const char* cidr) { return ParseCidr(cidr)->bytes; }

TEST(UrlGuardTest, AddressClasses) {
  EXPECT_EQ(AddressClass(Bytes("8.8.8.8")), "");
  EXPECT_EQ(AddressClass(Bytes("127.0.0.1")), "loopback");
  EXPECT_EQ(AddressClass(Bytes("10.1.2.3")), "private");
  EXPECT_EQ(AddressClass(Bytes("172.31.0.1")), "private");
  EXPECT_EQ(AddressClass(Bytes("172.32.0.1")), "");
  EXPECT_EQ(AddressClass(Bytes("192.168.1.1")), "private");
  EXPECT_EQ(AddressClass(Bytes("169.254.169.254")), "link-local");
  EXPECT_EQ(AddressClass(Bytes("100.64.0.1")), "shared");
  EXPECT_EQ(AddressClass(Bytes("0.0.0.0")), "unspecified");
  EXPECT_EQ(AddressClass(Bytes("::1")), "loopback");
  EXPECT_EQ(AddressClass(Bytes("::ffff:127.0.0.1")), "loopback");
  EXPECT_EQ(AddressClass(Bytes("::ffff:169.254.169.254")), "link-local");
  EXPECT_EQ(AddressClass(Bytes("64:ff9b::10.0.0.1")), "private");
  EXPECT_EQ(AddressClass(Bytes("fd00:ec2::254")), "private");
  EXPECT_EQ(AddressClass(Bytes("fe80::1")), "link-local");
  EXPECT_EQ(AddressClass(Bytes("2a00:1450:4007::1")), "");
}

TEST(UrlGuardTest, RefusesInternalTargetsUnlessAllowListed) {
  NetworkGuard strict;
  for (const char* url : {"https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/x",
                          "https://169.254.169.254/latest/meta-data", "https://10.0.0.5/",
                          "http://8.8.8.8/", "ftp://example.org/", "https://user:pw@8.8.8.8/",
                          "not a url", "https://0x7f.1/", "https://2130706433/"}) {
    EXPECT_EQ(strict.Check(url).code(), absl::StatusCode::kInvalidArgument) << url;
  }
  NetworkGuard allow({*ParseCidr("127.0.0.1/32")});
  auto t = allow.Resolve("http://127.0.0.1:9999/hook?x=1#frag");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->address, "127.0.0.1");
  EXPECT_EQ(t->port, 9999);
  EXPECT_EQ(t->path, "/hook?x=1");
  EXPECT_FALSE(allow.Check("http://10.0.0.1/").ok());
  EXPECT_FALSE(ParseCidr("10.0.0.0/33").ok());
}

TEST(MimeTest, OneClickUnsubscribeAndAStableMessageId) {
  Outgoing out;
  out.id = "4f1c2c7e-0000-4000-8000-000000000001";
  out.target = "amina@example.ma";
  out.language = "ar";
  out.unsubscribe_token = "0123456789abcdef0123456789abcdef";
  SmtpOptions o;
  o.base_url = "https://atlas.example";
  const std::string m = MimeMessage(out, {"مشروع منشور", "text", "<p>html</p>"}, o, 1'800'000'000);
  EXPECT_NE(m.find("Message-ID: <4f1c2c7e-0000-4000-8000-000000000001@sharaka-atlas>\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("List-Unsubscribe: <https://atlas.example/v1/unsubscribe/"
                   "0123456789abcdef0123456789abcdef>\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m.find("multipart/alternative"), std::string::npos);
}

}  // namespace
}  // namespace atlas::notify
