// The StatsService through its generated stub, on an in-memory store.
#include "stats/api/stats_service.h"

#include "atlas/testing/grpc.h"
#include "gtest/gtest.h"
#include "stats/domain/data_source.h"
#include "stats/domain/dataset_service.h"
#include "stats/domain/memory_data_source_store.h"
#include "stats/domain/memory_dataset_store.h"
#include "stats/domain/memory_project_counts.h"

namespace atlas::stats {
namespace {

class StatsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 3; ++i) {
      store_.Add({.id = "d" + std::to_string(i),
                  .title = {"Dataset " + std::to_string(i), "Jeu " + std::to_string(i), "مجموعة"},
                  .source = "source",
                  .licence = "CC BY 4.0",
                  .released_version = 1});
    }
    store_.Add({.id = "unreleased", .source = "source", .licence = "CC BY 4.0"});
    AddSampleDataset(store_);
    harness_.Start(&api_);
    stub_ = v1::StatsService::NewStub(harness_.channel());
  }
  void TearDown() override { harness_.Stop(); }  // before api_ goes

  MemoryDatasetStore store_;
  DatasetService service_{store_};
  atlas::testing::ServiceHarness harness_;
  MemoryDataSourceStore source_store_;
  DataSourceService sources_{source_store_};
  MemoryProjectCounts projects_;
  StatsServiceImpl api_{service_, sources_, projects_, harness_.authorizer()};
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
  ASSERT_EQ(second.datasets_size(), 2);
  EXPECT_EQ(second.datasets(0).name(), "datasets/d2");
  EXPECT_EQ(second.datasets(1).name(), "datasets/sample");
  EXPECT_TRUE(second.next_page_token().empty());
  // Analysts also see a dataset with nothing released yet.
  v1::ListDatasetsRequest all;
  all.set_page_size(10);
  v1::ListDatasetsResponse everything;
  grpc::ClientContext ctx3;
  harness_.Authenticate(ctx3, {"analyst"});
  ASSERT_TRUE(stub_->ListDatasets(&ctx3, all, &everything).ok());
  EXPECT_EQ(everything.datasets_size(), 5);
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

TEST_F(StatsServiceTest, TheSameQueryIsRoundedForThePublicAndExactForAnalysts) {
  v1::QueryDatasetRequest req;
  req.set_name("datasets/sample");
  req.add_group_by("REF_AREA");
  req.set_totals(true);
  v1::QueryDatasetResponse pub, exact;
  grpc::ClientContext anonymous, analyst;
  harness_.Authenticate(anonymous, {}, "", "fr");
  harness_.Authenticate(analyst, {"analyst"});
  ASSERT_TRUE(stub_->QueryDataset(&anonymous, req, &pub).ok());
  ASSERT_TRUE(stub_->QueryDataset(&analyst, req, &exact).ok());
  ASSERT_EQ(pub.cells_size(), 3);
  EXPECT_FALSE(pub.disclosure().exact());
  EXPECT_TRUE(exact.disclosure().exact());
  EXPECT_EQ(pub.dataset().title(), "Jeu de test") << "titles in the caller's language";
  for (const auto& c : pub.cells()) EXPECT_EQ(c.value() % 5, 0) << c.key(0);
  // The latest period and the published total for sex were chosen.
  ASSERT_EQ(exact.fixed_size(), 2);
  EXPECT_EQ(exact.fixed(0), "SEX=_T");
  EXPECT_EQ(exact.fixed(1), "TIME_PERIOD=2020");
  EXPECT_EQ(exact.cells(0).key(0), "FRA");
  EXPECT_EQ(exact.cells(0).labels(0), "France");
  EXPECT_EQ(exact.cells(0).value(), 1100007);
  ASSERT_EQ(exact.margins_size(), 1);
  EXPECT_EQ(exact.margins(0).value(), 1100007 + 700027 + 4);
}

TEST_F(StatsServiceTest, BadQueriesNameTheirFieldInTheCallersLanguage) {
  v1::QueryDatasetRequest req;
  req.set_name("datasets/sample");
  req.add_group_by("AGE");
  req.add_filter("REF_AREA=XYZ");
  req.set_start_period("20x0");
  v1::QueryDatasetResponse resp;
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {}, "", "fr");
  grpc::Status s = stub_->QueryDataset(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const char* part : {"groupBy", "n'est pas une dimension", "XYZ", "startPeriod"}) {
    EXPECT_NE(s.error_message().find(part), std::string::npos) << part << ": " << s.error_message();
  }
  for (const char* junk : {"datasets/a\x01b", "datasets/UPPER", "datasets/", "projects/x"}) {
    grpc::ClientContext c;
    req.set_name(junk);
    EXPECT_EQ(stub_->QueryDataset(&c, req, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << junk;
  }
  grpc::ClientContext missing;
  req.set_name("datasets/nope");
  EXPECT_EQ(stub_->QueryDataset(&missing, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(StatsServiceTest, SdmxDataComesAsGenericXmlOrCsv) {
  v1::GetSdmxDataRequest req;
  req.set_flow("MA.MRE,sample,1.0");
  req.set_key("FRA+ESP.M");
  req.set_start_period("2020");
  api::v1::HttpBody xml, csv;
  grpc::ClientContext a, b;
  harness_.Authenticate(a, {});
  harness_.Authenticate(b, {"analyst"});
  ASSERT_TRUE(stub_->GetSdmxData(&a, req, &xml).ok());
  EXPECT_NE(xml.data().find("<generic:Value id=\"REF_AREA\" value=\"ESP\"/>"), std::string::npos);
  EXPECT_NE(xml.data().find("<generic:ObsDimension value=\"2020\"/>"), std::string::npos);
  EXPECT_EQ(xml.data().find("2010"), std::string::npos);
  req.set_format("csv");
  ASSERT_TRUE(stub_->GetSdmxData(&b, req, &csv).ok());
  EXPECT_NE(csv.data().find("MA.MRE:sample(1.0),FRA,M,2020,600003,A,F,"), std::string::npos)
      << csv.data();
  grpc::ClientContext junk;
  v1::GetSdmxDataRequest bad_flow;
  bad_flow.set_flow(std::string("a\0b", 3));
  EXPECT_EQ(stub_->GetSdmxData(&junk, bad_flow, &csv).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext c;
  req.set_key("FRA");  // two parts wanted
  grpc::Status s = stub_->GetSdmxData(&c, req, &csv);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("REF_AREA.SEX"), std::string::npos) << s.error_message();
}

TEST_F(StatsServiceTest, SdmxStructuresCarryTheirCodelists) {
  v1::GetSdmxStructureRequest req;
  req.set_agency("MA.MRE");
  req.set_id("DSD_sample");
  api::v1::HttpBody body;
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {});
  ASSERT_TRUE(stub_->GetSdmxDataStructures(&ctx, req, &body).ok());
  for (const char* part : {"<structure:Codelist id=\"CL_AREA\"", "<structure:Code id=\"ISL\">",
                           "<structure:TimeDimension id=\"TIME_PERIOD\"",
                           "<structure:DataStructure id=\"DSD_sample\""}) {
    EXPECT_NE(body.data().find(part), std::string::npos) << part;
  }
}

TEST_F(StatsServiceTest, PartnersStreamAnImportInChunks) {
  const std::string file =
      "REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\nFRA,M,2024,610000\nFRA,F,2024,510000\n";
  auto send = [&](const std::vector<std::string>& roles, v1::ImportReport* report) {
    grpc::ClientContext ctx;
    harness_.Authenticate(ctx, roles);
    auto writer = stub_->ImportDatasetVersionStream(&ctx, report);
    for (size_t at = 0; at < file.size(); at += 20) {  // 20-byte chunks split rows
      v1::ImportDatasetVersionRequest chunk;
      if (at == 0) chunk.set_name("datasets/sample");
      chunk.set_data(file.substr(at, 20));
      if (!writer->Write(chunk)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  };
  v1::ImportReport report;
  EXPECT_EQ(send({}, &report).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(send({"editor"}, &report).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status s = send({"analyst"}, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(report.version(), 2);
  EXPECT_EQ(report.observations(), 2);
  EXPECT_EQ(report.content_sha256().size(), 64U);
}

}  // namespace
}  // namespace atlas::stats
