#include "atlas/audit/audit.h"

#include <vector>

#include "gtest/gtest.h"

namespace atlas::audit {
namespace {

rpc::Denial Rejected(const std::string& peer) {
  rpc::Denial d;
  d.method = "atlas.registry.v1.RegistryService.ListProjects";
  d.reason = "token";
  d.peer.address = peer;
  return d;
}

rpc::Denial Denied(const std::string& who) {
  rpc::Denial d;
  d.method = "atlas.registry.v1.RegistryService.PublishProject";
  d.subject = who;
  d.organisation = "organisations/assoc-oujda";
  d.reason = "role";
  d.peer.address = "ipv4:10.0.0.9:40000";
  return d;
}

class DenialRecorderTest : public ::testing::Test {
 protected:
  DenialRecorder Recorder(DenialRecorderOptions options = {}) {
    return DenialRecorder(
        "registry",
        [this](const Entry& e) {
          written_.push_back(e);
          return absl::OkStatus();
        },
        options);
  }
  std::vector<Entry> written_;
};

TEST_F(DenialRecorderTest, AFloodOfGarbageTokensIsSampledPerSource) {
  DenialRecorder r = Recorder();
  for (int i = 0; i < 10000; ++i) r.Record(Rejected("ipv4:203.0.113.7:" + std::to_string(i)));
  ASSERT_EQ(written_.size(), 1U) << "one entry per source and minute, whatever the port";
  EXPECT_EQ(written_[0].kind, "token.rejected");
  EXPECT_EQ(r.suppressed(), 9999);
  r.Record(Rejected("ipv6:[2001:db8::1]:443"));
  EXPECT_EQ(written_.size(), 2U) << "another source is seen";
}

TEST_F(DenialRecorderTest, TheNextSampleCountsWhatWasSuppressed) {
  DenialRecorder r = Recorder({.sample_window = std::chrono::seconds(0)});
  r.Record(Rejected("ipv4:203.0.113.7:1"));
  r.Record(Rejected("ipv4:203.0.113.7:2"));
  ASSERT_EQ(written_.size(), 2U);
  EXPECT_EQ(written_[1].detail.find("suppressed"), std::string::npos);
  DenialRecorder sampled = Recorder({.sample_window = std::chrono::seconds(3600)});
  written_.clear();
  for (int i = 0; i < 5; ++i) sampled.Record(Rejected("ipv4:198.51.100.1:1"));
  EXPECT_EQ(written_.size(), 1U);
}

TEST_F(DenialRecorderTest, PermissionDenialsAreNeverDroppedEvenInAFlood) {
  DenialRecorder r = Recorder();
  for (int i = 0; i < 5000; ++i) {
    r.Record(Rejected("ipv4:203.0.113." + std::to_string(i % 250) + ":1"));
  }
  const size_t before = written_.size();
  EXPECT_LE(before, 250U);
  for (int i = 0; i < 100; ++i) r.Record(Denied("users/editor-" + std::to_string(i)));
  ASSERT_EQ(written_.size(), before + 100) << "every denial is kept";
  EXPECT_EQ(written_.back().kind, "permission.denied");
  EXPECT_EQ(written_.back().actor, "users/editor-99");
}

TEST_F(DenialRecorderTest, SourcesAreBoundedAndTheOverallRateToo) {
  DenialRecorder r = Recorder({.max_sources = 10, .max_rejections_per_second = 50});
  for (int i = 0; i < 1000; ++i) r.Record(Rejected("ipv4:10.0." + std::to_string(i) + ".1:1"));
  EXPECT_EQ(written_.size(), 50U) << "unique sources still meet the overall cap";
}

TEST(PeerHostTest, StripsThePort) {
  EXPECT_EQ(PeerHost("ipv4:10.1.2.3:5555"), "10.1.2.3");
  EXPECT_EQ(PeerHost("ipv6:[::1]:5555"), "::1");
  EXPECT_EQ(PeerHost("ipv6:%5B::1%5D:5555"), "::1");
  EXPECT_EQ(PeerHost("unix:/tmp/s"), "unix:/tmp/s");
}

}  // namespace
}  // namespace atlas::audit
