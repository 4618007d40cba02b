// The bootstrap serves grpc.health.v1 and reflects NOT_SERVING/SERVING.
#include "atlas/rpc/server.h"

#include <grpcpp/create_channel.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace atlas::rpc {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

HealthCheckResponse::ServingStatus Check(int port) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  HealthCheckRequest req;
  HealthCheckResponse resp;
  grpc::Status s = stub->Check(&ctx, req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp.status();
}

TEST(ServerTest, HealthFollowsSetServingAndMetricsCountCalls) {
  prometheus::Registry registry;
  auto server = Server::Start("127.0.0.1:0", {}, &registry);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(Check((*server)->port()), HealthCheckResponse::NOT_SERVING);
  (*server)->SetServing(true);
  EXPECT_EQ(Check((*server)->port()), HealthCheckResponse::SERVING);
  std::string text = prometheus::TextSerializer().Serialize(registry.Collect());
  EXPECT_NE(text.find("grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Check\","
                      "grpc_service=\"grpc.health.v1.Health\",grpc_type=\"unary\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("grpc_server_handling_seconds_bucket"), std::string::npos);
  (*server)->Shutdown(std::chrono::milliseconds(100));
}

}  // namespace
}  // namespace atlas::rpc
