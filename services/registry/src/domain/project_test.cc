#include "domain/project.h"

#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

Project Valid() {
  Project p;
  p.title = "Maison de l'investissement MRE — Oujda";
  p.themes = {"investment"};
  p.region_codes = {"MA-02"};
  p.location = LatLng{34.68, -1.91};
  return p;
}

TEST(ValidateNewProjectTest, AcceptsAValidProject) {
  EXPECT_TRUE(ValidateNewProject(Valid(), "project.").empty());
}

TEST(ValidateNewProjectTest, ReportsEachBadFieldWithItsPath) {
  Project p = Valid();
  p.title = "   ";
  p.themes = {"investment", "astrology", "investment"};
  p.region_codes = {"MA-13", "MA-02", "MA-02"};
  p.location = LatLng{91, -181};
  auto v = ValidateNewProject(p, "project.");
  std::vector<std::string> fields;
  for (const auto& x : v) fields.push_back(x.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"project.title", "project.themes[1]", "project.themes[2]",
                                      "project.region_codes[0]", "project.region_codes[2]",
                                      "project.location.latitude", "project.location.longitude"}));
}

TEST(ValidateNewProjectTest, CountsCharactersNotBytes) {
  Project p = Valid();
  p.title = std::string(300 / 2, ' ');
  p.title.clear();
  for (int i = 0; i < 300; ++i) p.title += "م";  // 2 bytes each
  EXPECT_TRUE(ValidateNewProject(p, "").empty());
  p.title += "م";
  ASSERT_EQ(ValidateNewProject(p, "").size(), 1u);
  EXPECT_EQ(ValidateNewProject(p, "")[0].description.en,
            "must be at most 300 characters (got 301)");
  EXPECT_EQ(ValidateNewProject(p, "")[0].description.fr,
            "doit compter au plus 300 caractères (301 reçus)");
}

TEST(ValidateNewProjectTest, RejectsInvalidUtf8AndControlCharacters) {
  Project p = Valid();
  p.title = "bad \xC3";
  EXPECT_EQ(ValidateNewProject(p, "")[0].description.en, "is not valid UTF-8");
  p.title = "bell\x07";
  EXPECT_EQ(ValidateNewProject(p, "")[0].description.en, "must not contain control characters");
  p.title = "ok";
  p.summary = "line one\nline two";
  EXPECT_TRUE(ValidateNewProject(p, "").empty());
}

TEST(ValidateNewProjectTest, NanCoordinatesAreRejected) {
  Project p = Valid();
  p.location = LatLng{std::nan(""), 0};
  EXPECT_EQ(ValidateNewProject(p, "")[0].field, "location.latitude");
}

TEST(RequestIdTest, Rules) {
  EXPECT_FALSE(ValidateRequestId("").has_value());
  EXPECT_FALSE(ValidateRequestId("2b1c7e0e-8d1f-4a3b-9c7e-0e8d1f4a3b9c").has_value());
  EXPECT_TRUE(ValidateRequestId("has space").has_value());
  EXPECT_TRUE(ValidateRequestId(std::string(65, 'a')).has_value());
}

}  // namespace
}  // namespace atlas::registry
