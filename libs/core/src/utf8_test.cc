#include "atlas/core/utf8.h"

#include <gtest/gtest.h>

namespace atlas::core {
namespace {

TEST(Utf8Test, CountsCodePointsOfValidText) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("é"), 1u);
  EXPECT_EQ(Utf8Length("مرحبا"), 5u);
  EXPECT_EQ(Utf8Length("ⵜⴰⵎⴰⵣⵉⵖⵜ"), 8u);
  EXPECT_EQ(Utf8Length("\xF0\x9F\x87\xB2"), 1u);  // U+1F1F2
  EXPECT_EQ(Utf8Length("\xF4\x8F\xBF\xBF"), 1u);  // U+10FFFF, the last
  EXPECT_EQ(Utf8Length(std::string_view("a\0b", 3)), 3u);
}

TEST(Utf8Test, RefusesWhatProtobufAndPostgresRefuse) {
  for (std::string_view bad : {
           "\xFF", "\x80", "a\xC3", "\xC0\x80",     // lone bytes, truncated, overlong NUL
           "\xC1\xBF", "\xE0\x80\xAF",              // overlong
           "\xED\xA0\x80", "\xED\xBF\xBF",          // UTF-16 surrogates
           "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",  // above U+10FFFF
           "\xE2\x82", "\xE2\x28\xA1",              // truncated, bad continuation
       }) {
    EXPECT_FALSE(IsUtf8(bad)) << testing::PrintToString(std::string(bad));
  }
}

TEST(Utf8Test, ReplacesInvalidBytesForDisplay) {
  EXPECT_EQ(Utf8Replace("ok"), "ok");
  EXPECT_EQ(Utf8Replace("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(Utf8Replace("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsUtf8(Utf8Replace("\xC0\x80\xF5")));
}

TEST(Utf8Test, PrefixCutsAtACharacterBoundary) {
  EXPECT_EQ(Utf8Prefix("مرحبا", 3), "م");
  EXPECT_EQ(Utf8Prefix("abc", 10), "abc");
  EXPECT_EQ(Utf8Prefix("é", 1), "");
}

}  // namespace
}  // namespace atlas::core
