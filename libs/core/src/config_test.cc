#include "atlas/core/config.h"

#include <map>

#include "gtest/gtest.h"

namespace atlas::core {
namespace {

EnvReader::Lookup From(std::map<std::string, std::string> env) {
  return [env = std::move(env)](const char* v) -> const char* {
    auto it = env.find(v);
    return it == env.end() ? nullptr : it->second.c_str();
  };
}

TEST(EnvReaderTest, DefaultsWhenUnset) {
  EnvReader env(From({}));
  ServiceConfig cfg;
  ReadServiceConfig(env, "registry", 50051, 9101, &cfg);
  ASSERT_TRUE(env.Finish().ok());
  EXPECT_EQ(cfg.grpc_port, 50051);
  EXPECT_EQ(cfg.metrics_port, 9101);
  EXPECT_EQ(cfg.listen_host, "127.0.0.1");
  EXPECT_EQ(cfg.stream.name, "ATLAS");
  EXPECT_EQ(cfg.stream.max_age_h, 2160);
  EXPECT_EQ(cfg.stream.max_mb, 0);
  EXPECT_EQ(cfg.fault, "none");
}

TEST(EnvReaderTest, ReadsServiceSpecificPorts) {
  EnvReader env(From({{"ATLAS_GEO_GRPC_PORT", "6000"}, {"ATLAS_PG_POOL_SIZE", "8"}}));
  ServiceConfig cfg;
  ReadServiceConfig(env, "geo", 50052, 9102, &cfg);
  ASSERT_TRUE(env.Finish().ok());
  EXPECT_EQ(cfg.grpc_port, 6000);
  EXPECT_EQ(cfg.pg_pool_size, 8);
}

TEST(EnvReaderTest, ReportsEveryMalformedVariable) {
  EnvReader env(From({{"ATLAS_REGISTRY_GRPC_PORT", "80a"},
                      {"ATLAS_PG_POOL_SIZE", "1000"},
                      {"ATLAS_LOG_LEVEL", "loud"},
                      {"ATLAS_PG_URL", ""}}));
  ServiceConfig cfg;
  ReadServiceConfig(env, "registry", 50051, 9101, &cfg);
  absl::Status s = env.Finish();
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("ATLAS_REGISTRY_GRPC_PORT=\"80a\" is not an integer"),
            std::string::npos);
  EXPECT_NE(s.message().find("ATLAS_PG_POOL_SIZE=1000 is out of range"), std::string::npos);
  EXPECT_NE(s.message().find("ATLAS_LOG_LEVEL=\"loud\" must be one of"), std::string::npos);
  EXPECT_NE(s.message().find("ATLAS_PG_URL must be set"), std::string::npos);
}

TEST(EnvReaderTest, BoolAcceptsCommonSpellings) {
  EnvReader env(From({{"A", "YES"}, {"B", "0"}, {"C", "maybe"}}));
  bool a = false, b = true, c = false;
  env.Bool("A", false, &a);
  env.Bool("B", true, &b);
  env.Bool("C", false, &c);
  EXPECT_TRUE(a);
  EXPECT_FALSE(b);
  EXPECT_FALSE(env.Finish().ok());
}

}  // namespace
}  // namespace atlas::core
