#include "atlas/core/log.h"

#include "gtest/gtest.h"

namespace atlas::log {
namespace {

TEST(LogTest, FormatsOneJsonObject) {
  std::string line = FormatLine("2026-11-29T00:00:00.000Z", Level::kWarn, "registry", "hello",
                                {{"project", "projects/1"}});
  EXPECT_EQ(line, R"({"ts":"2026-11-29T00:00:00.000Z","level":"warn","service":"registry",)"
                  R"("msg":"hello","project":"projects/1"})");
}

TEST(LogTest, EscapesQuotesControlCharactersAndKeepsUtf8) {
  std::string out;
  AppendJsonString(out, "a\"b\\c\nd\x01 مرحبا");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001 مرحبا\"");
}

TEST(LogTest, InvalidUtf8BecomesReplacementCharacters) {
  std::string out;
  AppendJsonString(out, "/v1/projects?\xFF=1");
  EXPECT_EQ(out, "\"/v1/projects?\xEF\xBF\xBD=1\"");
}

TEST(LogTest, TraceparentFormatIsChecked) {
  EXPECT_TRUE(IsValidTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(IsValidTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
  EXPECT_FALSE(IsValidTraceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(
      IsValidTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX: y"));
  EXPECT_FALSE(IsValidTraceparent(""));
}

TEST(LogTest, TraceScopesNestAndRestore) {
  EXPECT_EQ(CurrentTraceparent(), "");
  {
    TraceScope outer("00-aaaa-01");
    EXPECT_EQ(CurrentTraceparent(), "00-aaaa-01");
    {
      TraceScope inner("00-bbbb-01");
      EXPECT_EQ(CurrentTraceparent(), "00-bbbb-01");
    }
    EXPECT_EQ(CurrentTraceparent(), "00-aaaa-01");
  }
  EXPECT_EQ(CurrentTraceparent(), "");
}

}  // namespace
}  // namespace atlas::log
