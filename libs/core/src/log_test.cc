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

}  // namespace
}  // namespace atlas::log
