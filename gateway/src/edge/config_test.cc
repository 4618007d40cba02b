#include "gateway/edge/config.h"

#include <map>
#include <string>

#include "atlas/core/processes.h"
#include "gtest/gtest.h"

namespace atlas::gateway {
namespace {

struct Read {
  GatewayConfig cfg;
  absl::Status status;
};

Read ReadFrom(std::map<std::string, std::string> vars, const std::string& host = "127.0.0.1") {
  core::EnvReader env([&vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
  Read r;
  ReadGatewayConfig(env, host, 50070, &r.cfg);
  r.status = env.Finish();
  return r;
}

TEST(GatewayConfigTest, DefaultsComeFromTheProcessTable) {
  Read r = ReadFrom({});
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.cfg.http_port, core::kGateway.http_port);
  EXPECT_EQ(r.cfg.body_limit, 1024 * 1024);
  EXPECT_EQ(r.cfg.backends.at("registry"),
            "127.0.0.1:" + std::to_string(core::kRegistry.grpc_port));
  // The identity API is the process's own gRPC port.
  EXPECT_EQ(r.cfg.backends.at("identity"), "127.0.0.1:50070");
  EXPECT_EQ(r.cfg.backends.count("gateway"), 0u);
  EXPECT_TRUE(r.cfg.cors_origins.empty());
}

TEST(GatewayConfigTest, AWildcardListenAddressCallsItselfOnLoopback) {
  EXPECT_EQ(ReadFrom({}, "0.0.0.0").cfg.backends.at("identity"), "127.0.0.1:50070");
  EXPECT_EQ(ReadFrom({}, "10.1.2.3").cfg.backends.at("identity"), "10.1.2.3:50070");
}

TEST(GatewayConfigTest, ListsAndAddressesAreParsed) {
  Read r = ReadFrom({{"ATLAS_CORS_ORIGINS", " https://a.example , https://b.example,"},
                     {"ATLAS_GEO_ADDR", "geo:50052"},
                     {"ATLAS_TRUSTED_PROXIES", "10.0.0.0/8"}});
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.cfg.cors_origins, (std::set<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(r.cfg.backends.at("geo"), "geo:50052");
}

TEST(GatewayConfigTest, EveryMalformedVariableIsReportedAtOnce) {
  Read r = ReadFrom({{"ATLAS_GATEWAY_HTTP_PORT", "eighty"},
                     {"ATLAS_TRUSTED_PROXIES", "not-an-address"},
                     {"ATLAS_AUDIT_RETENTION_DAYS", "7"},
                     {"ATLAS_SIGNIN_THREADS", "0"},
                     {"ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE", "/nonexistent/password"}});
  ASSERT_EQ(r.status.code(), absl::StatusCode::kInvalidArgument);
  const std::string m(r.status.message());
  EXPECT_NE(m.find("ATLAS_GATEWAY_HTTP_PORT"), std::string::npos) << m;
  EXPECT_NE(m.find("ATLAS_TRUSTED_PROXIES"), std::string::npos) << m;
  EXPECT_NE(m.find("ATLAS_AUDIT_RETENTION_DAYS must be 0"), std::string::npos) << m;
  EXPECT_NE(m.find("ATLAS_SIGNIN_THREADS"), std::string::npos) << m;
  EXPECT_NE(m.find("ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE"), std::string::npos) << m;
}

}  // namespace
}  // namespace atlas::gateway
