// The IndicatorsService through its generated stub, on an in-memory store.
#include "indicators/api/indicators_service.h"

#include "atlas/testing/grpc.h"
#include "gtest/gtest.h"
#include "indicators/domain/memory_programme_store.h"
#include "indicators/domain/programme_service.h"

namespace atlas::indicators {
namespace {

TEST(IndicatorsServiceTest, ProgrammesArePublicAndSayWhenTheyAreDemo) {
  MemoryProgrammeStore store;
  store.Add({.id = "p1", .code = "P101", .title_fr = "Programme (démo)", .demo = true});
  ProgrammeService service(store);
  atlas::testing::ServiceHarness harness;
  IndicatorsServiceImpl api(service, harness.authorizer());
  harness.Start(&api);
  auto stub = v1::IndicatorsService::NewStub(harness.channel());
  grpc::ClientContext ctx;
  harness.Authenticate(ctx, {});
  v1::ListProgrammesResponse resp;
  ASSERT_TRUE(stub->ListProgrammes(&ctx, v1::ListProgrammesRequest(), &resp).ok());
  ASSERT_EQ(resp.programmes_size(), 1);
  EXPECT_EQ(resp.programmes(0).name(), "programmes/p1");
  EXPECT_TRUE(resp.programmes(0).demo());
  grpc::ClientContext bad;
  harness.Authenticate(bad, {});
  v1::ListProgrammesRequest negative;
  negative.set_page_size(-1);
  EXPECT_EQ(stub->ListProgrammes(&bad, negative, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  harness.Stop();  // before api goes
}

}  // namespace
}  // namespace atlas::indicators
