#include "gateway/routing/route_table.h"

#include <google/protobuf/descriptor.h>

#include "google/api/annotations.pb.h"

#include "gtest/gtest.h"

namespace atlas::gateway {
namespace {

const std::vector<std::string> kServices = {
    "atlas.registry.v1.RegistryService", "atlas.geo.v1.GeoService", "atlas.stats.v1.StatsService",
    "atlas.indicators.v1.IndicatorsService", "atlas.notify.v1.NotifyService"};

TEST(RouteTableTest, EveryRpcOfEveryServiceHasARoute) {
  auto table = RouteTable::Build(kServices);
  ASSERT_TRUE(table.ok()) << table.status();
  int methods = 0;
  for (const auto& s : kServices) {
    const auto* svc = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(s);
    for (int i = 0; i < svc->method_count(); ++i) {
      const auto* m = svc->method(i);
      if (m->client_streaming() || m->server_streaming()) continue;
      // One route per binding (SDMX paths have several).
      methods += 1 + m->options().GetExtension(google::api::http).additional_bindings_size();
    }
  }
  EXPECT_EQ(static_cast<int>(table->routes().size()), methods);
}

TEST(RouteTableTest, FindsRoutesAndReportsAllowedMethods) {
  auto table = RouteTable::Build(kServices);
  ASSERT_TRUE(table.ok());
  auto get = table->Find("GET", "/v1/projects/1234");
  ASSERT_NE(get.route, nullptr);
  EXPECT_EQ(get.route->grpc_path, "/atlas.registry.v1.RegistryService/GetProject");
  EXPECT_EQ(get.route->backend, "registry");
  // A custom verb wins over the plain template that would take "1234:diff".
  auto diff = table->Find("GET", "/v1/projects/1234:diff");
  ASSERT_NE(diff.route, nullptr);
  EXPECT_EQ(diff.route->grpc_path, "/atlas.registry.v1.RegistryService/DiffProjectRevisions");
  auto exports = table->Find("GET", "/v1/projects:export");
  ASSERT_NE(exports.route, nullptr);
  EXPECT_EQ(exports.route->grpc_path, "/atlas.registry.v1.RegistryService/ExportProjects");
  auto create = table->Find("POST", "/v1/projects");
  ASSERT_NE(create.route, nullptr);
  EXPECT_EQ(create.route->body, "project");
  auto wrong = table->Find("DELETE", "/v1/projects");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_EQ(wrong.allowed, (std::vector<std::string>{"GET", "POST"}));
  auto head = table->Find("HEAD", "/v1/datasets");
  ASSERT_NE(head.route, nullptr);
  EXPECT_EQ(head.route->backend, "stats");
  EXPECT_EQ(table->Find("GET", "/v2/nothing").route, nullptr);
}

TEST(RouteTableTest, UnknownServiceIsAnError) {
  EXPECT_FALSE(RouteTable::Build({"atlas.nothing.v1.NothingService"}).ok());
}

TEST(RouteTableTest, BackendOfPackage) {
  EXPECT_EQ(BackendOf("atlas.indicators.v1.IndicatorsService"), "indicators");
}

}  // namespace
}  // namespace atlas::gateway
