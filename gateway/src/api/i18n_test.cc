#include "api/i18n.h"

#include "gtest/gtest.h"

namespace atlas::gateway {
namespace {

TEST(I18nTest, PicksTheBestSupportedLanguage) {
  EXPECT_EQ(PickLanguage(""), Lang::kEn);
  EXPECT_EQ(PickLanguage("fr-MA,fr;q=0.9,en;q=0.8"), Lang::kFr);
  EXPECT_EQ(PickLanguage("de-DE, ar;q=0.5, en;q=0.4"), Lang::kAr);
  EXPECT_EQ(PickLanguage("en;q=0.2, fr;q=0.7"), Lang::kFr);
  EXPECT_EQ(PickLanguage("zh"), Lang::kEn);
}

TEST(I18nTest, FillsArgumentsInEveryLanguage) {
  EXPECT_EQ(Translate(Lang::kEn, Msg::kRouteNotFound, {"/v1/x"}), "No resource at /v1/x");
  EXPECT_EQ(Translate(Lang::kFr, Msg::kRouteNotFound, {"/v1/x"}),
            "Aucune ressource à l'adresse /v1/x");
  EXPECT_EQ(Translate(Lang::kAr, Msg::kRouteNotFound, {"/v1/x"}), "لا يوجد مورد في العنوان /v1/x");
}

}  // namespace
}  // namespace atlas::gateway
