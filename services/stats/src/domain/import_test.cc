// Import files: every bad row named, nothing half-read; versions, release, diff.
#include "stats/domain/import.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "stats/domain/dataset_service.h"
#include "stats/domain/memory_dataset_store.h"

namespace atlas::stats {
namespace {

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override { AddSampleDataset(store_); }
  std::vector<std::string> Fields(const absl::Status& s) {
    std::vector<std::string> out;
    for (const auto& v : core::FieldViolations(s)) out.push_back(v.field);
    return out;
  }
  MemoryDatasetStore store_;
  DatasetService service_{store_};
};

constexpr char kGood[] =
    "REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,COMMENT_OBS\r\n"
    "FRA,M,2024,610000,P,\"provisional, census 2024\"\r\n"
    "FRA,F,2024,510000,P,\r\n"
    "ITA,M,2024,,M,not published\r\n";

TEST_F(ImportTest, AGoodFileIsADraftOnlyAnalystsReadUntilReleased) {
  auto r = service_.Import("sample", ImportFormat::kLongCsv, kGood, false, "users/a");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->version, 2);
  EXPECT_TRUE(r->created);
  EXPECT_EQ(r->observations, 3);
  // The same file again: the same version, nothing new.
  auto again = service_.Import("sample", ImportFormat::kLongCsv, kGood, false, "users/a");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version, 2);
  EXPECT_FALSE(again->created);
  // A draft: analysts read it, the public does not.
  EXPECT_EQ(service_.Run({.dataset = "sample", .version = 2}, Reader{}).status().code(),
            absl::StatusCode::kNotFound);
  auto draft = service_.Run({.dataset = "sample", .version = 2, .filters = {"REF_AREA=FRA"}},
                            Reader{.exact = true});
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->cells.at(0).value, 610000 + 510000) << "M+F of the draft (it has no _T row)";
  EXPECT_EQ(service_.Versions("sample", Reader{})->size(), 1U);
  EXPECT_EQ(service_.Versions("sample", Reader{.exact = true})->size(), 2U);
  // Released: the public reads it, an event is recorded, twice is refused.
  ASSERT_TRUE(service_.Release("sample", 2, "users/a").ok());
  EXPECT_EQ(store_.released_events, 1);
  EXPECT_EQ(service_.Release("sample", 2, "users/a").status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto pub = service_.Run({.dataset = "sample", .group_by = {"SEX"}, .filters = {"REF_AREA=FRA"}},
                          Reader{.exact = true});
  ASSERT_TRUE(pub.ok()) << pub.status();
  EXPECT_EQ(pub->version, 2);
  ASSERT_EQ(pub->cells.size(), 2U);
  EXPECT_EQ(pub->cells[0].status, 'P');
  auto missing =
      service_.Run({.dataset = "sample", .filters = {"REF_AREA=ITA", "SEX=M"}}, Reader{});
  ASSERT_TRUE(missing.ok());
  ASSERT_EQ(missing->cells.size(), 1U);
  EXPECT_FALSE(missing->cells[0].value.has_value()) << "missing stays missing";
  // The older version stays queryable, and the diff says what changed.
  EXPECT_TRUE(service_.Run({.dataset = "sample", .version = 1}, Reader{}).ok());
  auto diff = service_.Diff("sample", 1, 2);
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->added, 3);
  EXPECT_EQ(diff->removed, 18);
  EXPECT_EQ(diff->changed, 0);
}

TEST_F(ImportTest, EveryBadRowIsNamedAndNothingIsWritten) {
  const std::string bad =
      "REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n"
      "FRA,M,2024,12,A\n"
      "XXX,M,2024,12,A\n"    // line 3: unknown area
      "FRA,Q,20x4,abc,A\n"   // line 4: sex, year, value
      "FRA,M,2024,13,A\n"    // line 5: duplicate of line 2
      "FRA,F,2024\n"         // line 6: too few fields
      "FRA,F,2023,,A\n"      // line 7: empty value not M
      "FRA,_T,2023,-4,Z\n";  // line 8: negative, bad status
  auto r = service_.Import("sample", ImportFormat::kLongCsv, bad, false, "users/a");
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(r.status()), (std::vector<std::string>{
                                    "rows[3].REF_AREA", "rows[4].SEX", "rows[4].TIME_PERIOD",
                                    "rows[4].OBS_VALUE", "rows[5]", "rows[6]", "rows[7].OBS_VALUE",
                                    "rows[8].OBS_STATUS", "rows[8].OBS_VALUE"}));
  EXPECT_NE(core::MessageIn(r.status(), core::Lang::kFr).find("XXX n'est pas un code de CL_AREA"),
            std::string::npos);
  EXPECT_EQ(service_.Versions("sample", Reader{.exact = true})->size(), 1U) << "nothing written";
}

TEST_F(ImportTest, HeadersEncodingsAndSdmxCsv) {
  auto fields = [&](std::string_view file, ImportFormat f = ImportFormat::kLongCsv) {
    return Fields(service_.Import("sample", f, file, true, "users/a").status());
  };
  EXPECT_EQ(fields("REF_AREA,SEX,OBS_VALUE,AGE\nFRA,M,1,x\n"),
            (std::vector<std::string>{"rows[1]", "rows[1]"}));  // AGE unknown, TIME_PERIOD missing
  EXPECT_EQ(fields("REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\nFRA,M,2024,\xff\xfe\n"),
            (std::vector<std::string>{"data"}));
  EXPECT_EQ(fields(""), (std::vector<std::string>{"data"}));
  EXPECT_EQ(fields(std::string(
                "REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,COMMENT_OBS\nFRA,M,2024,1,a\0b\n", 64)),
            (std::vector<std::string>{"data"}));
  EXPECT_EQ(fields("REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\n"), (std::vector<std::string>{"data"}));
  EXPECT_EQ(fields("REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\nFRA,M,2024,\"1\n"),
            (std::vector<std::string>{"rows[2]"}));
  EXPECT_EQ(fields(std::string(kMaxImportBytes + 1, 'x')), (std::vector<std::string>{"data"}));
  // SDMX-CSV as this service writes it reads back (OBS_CONF ignored).
  auto ok = service_.Import("sample", ImportFormat::kSdmxCsv,
                            "\xEF\xBB\xBF"
                            "DATAFLOW,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,OBS_CONF\n"
                            "MA.MRE:sample(1.0),ESP,F,2024,5,A,R\n",
                            true, "users/a");
  EXPECT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(fields("DATAFLOW,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\nMA.MRE:other(1.0),ESP,F,2024,5\n",
                   ImportFormat::kSdmxCsv),
            (std::vector<std::string>{"rows[2].DATAFLOW"}));
  // Only the first 50 errors are listed, then how many more.
  std::string many = "REF_AREA,SEX,TIME_PERIOD,OBS_VALUE\n";
  for (int i = 0; i < 80; ++i) many += "NOPE,M," + std::to_string(1950 + i) + ",1\n";
  EXPECT_EQ(fields(many).size(), kMaxReported + 1);
}

}  // namespace
}  // namespace atlas::stats
