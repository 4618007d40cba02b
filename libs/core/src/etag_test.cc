#include "atlas/core/etag.h"

#include "gtest/gtest.h"

namespace atlas::core {
namespace {

TEST(EtagTest, OneFormatEveryHttpSpellingOfIt) {
  EXPECT_EQ(RevisionEtag(7), "r7");
  for (const char* form : {"r7", "\"r7\"", "W/\"r7\""}) EXPECT_EQ(RevisionOfEtag(form), 7) << form;
}

TEST(EtagTest, AnythingElseIsNotARevision) {
  for (const char* bad : {"", "r", "7", "\"7\"", "t7", "r0", "r-1", "r7x", "r+7", "W/r7", "\"r7",
                          "r99999999999999999999"}) {
    EXPECT_FALSE(RevisionOfEtag(bad)) << bad;
  }
}

}  // namespace
}  // namespace atlas::core
