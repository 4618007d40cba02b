// The StatsService through its generated stub, on an in-memory store.
#include "stats/api/stats_service.h"

#include "atlas/testing/grpc.h"
#include "gtest/gtest.h"
#include "stats/domain/dataset_service.h"
#include "stats/domain/memory_dataset_store.h"

namespace atlas::stats {
namespace {

class StatsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 3; ++i) {
      store_.Add({.id = "d" + std::to_string(i),
                  .title = "Dataset " + std::to_string(i),
                  .source = "source",
                  .licence = "CC BY 4.0",
                  .reference_year = 2020,
                  .observation_count = 10});
    }
    harness_.Start(&api_);
    stub_ = v1::StatsService::NewStub(harness_.channel());
  }
  void TearDown() override { harness_.Stop(); }  // before api_ goes

  MemoryDatasetStore store_;
  DatasetService service_{store_};
  atlas::testing::ServiceHarness harness_;
  StatsServiceImpl api_{service_, harness_.authorizer()};
  std::unique_ptr<v1::StatsService::Stub> stub_;
};

TEST_F(StatsServiceTest, AnyoneListsDatasetsPageByPage) {
  v1::ListDatasetsRequest req;
  req.set_page_size(2);
  v1::ListDatasetsResponse first;
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {});  // anonymous: released datasets are public
  ASSERT_TRUE(stub_->ListDatasets(&ctx, req, &first).ok());
  ASSERT_EQ(first.datasets_size(), 2);
  EXPECT_EQ(first.datasets(0).name(), "datasets/d0");
  ASSERT_FALSE(first.next_page_token().empty());
  req.set_page_token(first.next_page_token());
  v1::ListDatasetsResponse second;
  grpc::ClientContext ctx2;
  ASSERT_TRUE(stub_->ListDatasets(&ctx2, req, &second).ok());
  ASSERT_EQ(second.datasets_size(), 1);
  EXPECT_EQ(second.datasets(0).name(), "datasets/d2");
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(StatsServiceTest, ABadPageTokenIsInvalidArgumentInTheCallersLanguage) {
  v1::ListDatasetsRequest req;
  req.set_page_token("forged");
  v1::ListDatasetsResponse resp;
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {}, "", "fr");
  grpc::Status s = stub_->ListDatasets(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("page_token"), std::string::npos) << s.error_message();
}

}  // namespace
}  // namespace atlas::stats
