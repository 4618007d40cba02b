// ThemeService on the in-memory store: validation, etags, themes in use.
#include "registry/domain/theme_service.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "registry/domain/memory_rooms.h"

namespace atlas::registry {
namespace {

class ThemeServiceTest : public ::testing::Test {
 protected:
  MemoryThemeStore store_;
  ThemeService service_{store_};
};

TEST_F(ThemeServiceTest, CreatedOnceWithEveryBadFieldNamed) {
  auto t = service_.Create(SampleTheme("diaspora_health"), "admin");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->name(), "themes/diaspora_health");
  EXPECT_EQ(t->etag(), "r1");
  absl::Status again = service_.Create(SampleTheme("diaspora_health"), "admin").status();
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(core::MessageIn(again, core::Lang::kEn).find("diaspora_health"), std::string::npos);
  v1::Theme bad = SampleTheme("Bad Code");
  bad.set_colour("red");
  EXPECT_EQ(core::FieldViolations(service_.Create(bad, "admin").status()).size(), 2u);
}

TEST_F(ThemeServiceTest, AStaleEtagChangesNothing) {
  ASSERT_TRUE(service_.Create(SampleTheme("skills"), "admin").ok());
  v1::Theme patch;
  patch.set_name("themes/skills");
  patch.mutable_label()->set_fr("Compétences");
  auto first = service_.Update(patch, {"label.fr"}, "r1", "amina");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->etag(), "r2");
  EXPECT_EQ(first->updated_by(), "amina");
  patch.mutable_label()->set_fr("Autre");
  EXPECT_EQ(service_.Update(patch, {"label.fr"}, "\"r1\"", "karim").status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(service_.List()->at(0).label().fr(), "Compétences");
  EXPECT_EQ(service_.Update(patch, {"label.fr"}, "", "karim").status().code(),
            absl::StatusCode::kInvalidArgument);
  patch.set_name("themes/nope");
  EXPECT_EQ(service_.Update(patch, {"label.fr"}, "r2", "karim").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ThemeServiceTest, AThemeInUseOrTheLastOneStays) {
  ASSERT_TRUE(service_.Create(SampleTheme("skills"), "admin").ok());
  ASSERT_TRUE(service_.Create(SampleTheme("remittances"), "admin").ok());
  store_.in_use["skills"] = 3;
  absl::Status refused = service_.Delete("themes/skills", "", "users/admin");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(core::MessageIn(refused, core::Lang::kFr).find("retirez-le"), std::string::npos);
  store_.in_use.clear();
  EXPECT_EQ(service_.Delete("themes/skills", "r9", "users/admin").code(),
            absl::StatusCode::kAborted);
  ASSERT_TRUE(service_.Delete("themes/skills", "r1", "users/admin").ok());
  EXPECT_EQ(service_.Delete("themes/remittances", "", "users/admin").code(),
            absl::StatusCode::kFailedPrecondition);  // the last one
  EXPECT_EQ(service_.Delete("themes/skills", "", "users/admin").code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace atlas::registry
