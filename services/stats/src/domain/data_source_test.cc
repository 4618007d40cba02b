#include "stats/domain/data_source.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "stats/domain/memory_data_source_store.h"

namespace atlas::stats {
namespace {

DataSource Un() {
  return {.id = "undesa-ims",
          .holder = "UN DESA",
          .title = {.en = "International Migrant Stock", .fr = "Stock de migrants", .ar = "رصيد"},
          .period = "1990–2024",
          .frequency = "IRREGULAR",
          .url = "https://www.un.org/"};
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : core::FieldViolations(s)) out.push_back(v.field);
  return out;
}

TEST(DataSourceTest, EveryBadFieldIsNamedAtOnce) {
  DataSource s = Un();
  s.id = "Bad Id";
  s.holder = "";
  s.title.fr = std::string("\xff\xfe", 2);
  s.frequency = "WEEKLY";
  s.url = "javascript:alert(1)";
  s.access.ar = std::string(2001, 'x');
  EXPECT_EQ(
      Fields(ValidateDataSource(s)),
      (std::vector<std::string>{"name", "holder", "title.fr", "access.ar", "frequency", "url"}));
  EXPECT_TRUE(ValidateDataSource(Un()).ok());
}

TEST(DataSourceTest, TwoEditorsOfTheSameRevisionCannotBothWrite) {
  MemoryDataSourceStore store;
  DataSourceService service(store);
  ASSERT_TRUE(service.Create(Un(), "users/a").ok());
  EXPECT_EQ(service.Create(Un(), "users/a").status().code(), absl::StatusCode::kAlreadyExists);
  DataSource first = Un(), second = Un();
  first.period = "1990–2020";
  second.holder = "United Nations";
  auto a = service.Update(first, {"period"}, "r1", "users/a");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->revision, 2);
  auto b = service.Update(second, {"holder"}, "r1", "users/b");
  EXPECT_EQ(b.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(service.Get("undesa-ims")->holder, "UN DESA");  // nothing overwritten
  EXPECT_EQ(Fields(service.Update(second, {"holder", "datasets"}, "r2", "users/b").status()),
            std::vector<std::string>{"update_mask"});
  EXPECT_EQ(Fields(service.Update(second, {"holder"}, "", "users/b").status()),
            std::vector<std::string>{"etag"});
  DataSource blank = Un();
  blank.title.fr = " ";
  EXPECT_EQ(Fields(service.Update(blank, {"title"}, "r2", "users/b").status()),
            std::vector<std::string>{"title.fr"});
  EXPECT_EQ(service.Get("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service.Get("../x").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace atlas::stats
