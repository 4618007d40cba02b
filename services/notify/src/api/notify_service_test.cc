// The NotifyService through its generated stub, on an in-memory inbox.
#include "notify/api/notify_service.h"

#include "atlas/testing/grpc.h"
#include "gtest/gtest.h"
#include "notify/domain/inbox_service.h"
#include "notify/domain/memory_inbox_store.h"

namespace atlas::notify {
namespace {

constexpr char kId1[] = "00000000-0000-4000-8000-000000000001";
constexpr char kId2[] = "00000000-0000-4000-8000-000000000002";

class NotifyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A mention of "tester" in assoc-oujda's dialogue, and one in another
    // organisation's that must not reach an editor of assoc-oujda.
    store_.Add({.id = kId1,
                .event_type = "ma.sharaka.atlas.comment.mentioned.v1",
                .subject = "projects/a",
                .label = "mine",
                .recipients = {"user:tester"},
                .audience = "assoc-oujda"});
    store_.Add({.id = kId2,
                .event_type = "ma.sharaka.atlas.comment.mentioned.v1",
                .subject = "projects/b",
                .label = "theirs",
                .recipients = {"user:tester"},
                .audience = "region-oriental"});
    harness_.Start(&api_);
    stub_ = v1::NotifyService::NewStub(harness_.channel());
  }
  void TearDown() override { harness_.Stop(); }  // before api_ goes

  MemoryInboxStore store_;
  InboxService inbox_{store_};
  atlas::testing::ServiceHarness harness_;
  NotifyServiceImpl api_{inbox_, harness_.authorizer()};
  std::unique_ptr<v1::NotifyService::Stub> stub_;
};

TEST_F(NotifyServiceTest, EachReaderSeesWhatConcernsThemAndMayBeSeen) {
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {"editor"}, "organisations/assoc-oujda");
  v1::ListNotificationsResponse resp;
  ASSERT_TRUE(stub_->ListNotifications(&ctx, v1::ListNotificationsRequest(), &resp).ok());
  ASSERT_EQ(resp.notifications_size(), 1);
  EXPECT_EQ(resp.notifications(0).label(), "mine");
  EXPECT_EQ(resp.unread_count(), 1);
  // Marking read is per reader, and answers the unread count.
  grpc::ClientContext mark;
  harness_.Authenticate(mark, {"editor"}, "organisations/assoc-oujda");
  v1::MarkNotificationsReadRequest req;
  req.add_names(std::string("notifications/") + kId1);
  v1::MarkNotificationsReadResponse marked;
  ASSERT_TRUE(stub_->MarkNotificationsRead(&mark, req, &marked).ok());
  EXPECT_EQ(marked.unread_count(), 0);
}

TEST_F(NotifyServiceTest, AnonymousCallersAndBadNamesAreRefused) {
  grpc::ClientContext anonymous;
  harness_.Authenticate(anonymous, {});
  v1::ListNotificationsResponse resp;
  EXPECT_EQ(
      stub_->ListNotifications(&anonymous, v1::ListNotificationsRequest(), &resp).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext bad;
  harness_.Authenticate(bad, {"editor"}, "organisations/assoc-oujda", "fr");
  v1::MarkNotificationsReadRequest req;
  req.add_names("notifications/nope");
  v1::MarkNotificationsReadResponse marked;
  grpc::Status s = stub_->MarkNotificationsRead(&bad, req, &marked);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("n'est pas un nom de notification"), std::string::npos)
      << s.error_message();
}

}  // namespace
}  // namespace atlas::notify
