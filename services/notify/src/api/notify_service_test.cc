// The NotifyService through its generated stub, on an in-memory inbox.
#include "notify/api/notify_service.h"

#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/testing/grpc.h"
#include "gtest/gtest.h"
#include "notify/domain/inbox_service.h"
#include "notify/domain/memory_inbox_store.h"
#include "notify/domain/memory_subscription_store.h"
#include "notify/domain/subscription_service.h"

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

  // Every URL is refused but those of example.org (no DNS in unit tests).
  struct ExampleOnly final : UrlGuard {
    absl::Status Check(const std::string& url) const override {
      if (url.rfind("https://hooks.example.org/", 0) == 0) return absl::OkStatus();
      return core::InvalidFields({core::Violation("endpoint.url", core::texts::kRequired)});
    }
  };
  MemoryInboxStore store_;
  InboxService inbox_{store_};
  MemorySubscriptionStore subs_store_;
  ExampleOnly guard_;
  int tokens_ = 0;
  SubscriptionService subs_{
      subs_store_, guard_,
      SecretSource{.token = [this] { return std::string(32, 'a' + tokens_++); },
                   .webhook_secret = [] { return std::string("whsec_AAAA"); }}};
  atlas::testing::ServiceHarness harness_;
  NotifyServiceImpl api_{inbox_, subs_, harness_.authorizer()};
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

TEST_F(NotifyServiceTest, AValidatorStartsWithTheRoleDefaultsAndMayMuteOne) {
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {"validator"});
  v1::ListSubscriptionsResponse listed;
  ASSERT_TRUE(stub_->ListSubscriptions(&ctx, {}, &listed).ok());
  ASSERT_EQ(listed.subscriptions_size(), 2);
  EXPECT_EQ(listed.subscriptions(0).kinds(0), "project.submitted");
  EXPECT_TRUE(listed.subscriptions(0).default_for_role());
  EXPECT_EQ(listed.subscriptions(0).channel(), "in_app");
  // Deleting a default switches it off (it would come back otherwise).
  grpc::ClientContext del;
  harness_.Authenticate(del, {"validator"});
  v1::DeleteSubscriptionRequest req;
  req.set_name(listed.subscriptions(0).name());
  v1::DeleteSubscriptionResponse none;
  ASSERT_TRUE(stub_->DeleteSubscription(&del, req, &none).ok());
  grpc::ClientContext again;
  harness_.Authenticate(again, {"validator"});
  ASSERT_TRUE(stub_->ListSubscriptions(&again, {}, &listed).ok());
  ASSERT_EQ(listed.subscriptions_size(), 2);
  EXPECT_FALSE(listed.subscriptions(0).active());
  EXPECT_TRUE(listed.subscriptions(1).active());
}

TEST_F(NotifyServiceTest, DefaultsArriveEvenAfterAnOwnSubscription) {
  grpc::ClientContext create;
  harness_.Authenticate(create, {"validator"});
  v1::CreateSubscriptionRequest req;
  req.mutable_subscription()->add_kinds("dataset.released");
  v1::Subscription s;
  ASSERT_TRUE(stub_->CreateSubscription(&create, req, &s).ok());
  grpc::ClientContext list;
  harness_.Authenticate(list, {"validator"});
  v1::ListSubscriptionsResponse listed;
  ASSERT_TRUE(stub_->ListSubscriptions(&list, {}, &listed).ok());
  ASSERT_EQ(listed.subscriptions_size(), 3);
  EXPECT_TRUE(listed.subscriptions(0).default_for_role());
  EXPECT_EQ(listed.subscriptions(2).kinds(0), "dataset.released");
}

TEST_F(NotifyServiceTest, SubscriptionsAreCheckedAndNeverOverwrittenBlindly) {
  grpc::ClientContext bad;
  harness_.Authenticate(bad, {"editor"}, "organisations/assoc-oujda", "fr");
  v1::CreateSubscriptionRequest req;
  req.mutable_subscription()->add_kinds("project.vanished");
  req.mutable_subscription()->set_channel("email");
  req.mutable_subscription()->set_email("amina@");
  req.mutable_subscription()->set_cadence("hourly");
  v1::Subscription s;
  grpc::Status st = stub_->CreateSubscription(&bad, req, &s);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("subscription.cadence"), std::string::npos)
      << st.error_message();

  grpc::ClientContext good;
  harness_.Authenticate(good, {"editor"}, "organisations/assoc-oujda", "ar");
  req.mutable_subscription()->set_kinds(0, "project.published");
  req.mutable_subscription()->set_email("amina@example.ma");
  req.mutable_subscription()->set_cadence("daily");
  req.mutable_subscription()->add_regions("MA-02");
  ASSERT_TRUE(stub_->CreateSubscription(&good, req, &s).ok());
  EXPECT_EQ(s.language(), "ar");  // the caller's language by default
  EXPECT_EQ(s.time_zone(), "Africa/Casablanca");
  EXPECT_EQ(s.etag(), "r1");

  v1::UpdateSubscriptionRequest up;
  *up.mutable_subscription() = s;
  up.mutable_subscription()->set_digest_hour(18);
  v1::Subscription updated;
  grpc::ClientContext first;
  harness_.Authenticate(first, {"editor"}, "organisations/assoc-oujda");
  ASSERT_TRUE(stub_->UpdateSubscription(&first, up, &updated).ok());
  EXPECT_EQ(updated.etag(), "r2");
  grpc::ClientContext stale;  // the same etag again: someone changed it since
  harness_.Authenticate(stale, {"editor"}, "organisations/assoc-oujda");
  EXPECT_EQ(stub_->UpdateSubscription(&stale, up, &updated).error_code(),
            grpc::StatusCode::ABORTED);

  // One click in the e-mail: no token needed but the link's.
  grpc::ClientContext click;
  harness_.Authenticate(click, {});
  v1::UnsubscribeRequest un;
  un.set_token(std::string(32, 'a'));
  v1::UnsubscribeResponse kinds;
  ASSERT_TRUE(stub_->Unsubscribe(&click, un, &kinds).ok());
  EXPECT_EQ(kinds.kinds(0), "project.published");
  grpc::ClientContext forged;
  harness_.Authenticate(forged, {});
  un.set_token(std::string(32, 'f'));
  EXPECT_EQ(stub_->Unsubscribe(&forged, un, &kinds).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(NotifyServiceTest, WebhookEndpointsBelongToTheirOrganisation) {
  grpc::ClientContext ctx;
  harness_.Authenticate(ctx, {"service"}, "organisations/partner-a");
  v1::CreateWebhookEndpointRequest req;
  req.mutable_endpoint()->set_url("https://hooks.example.org/atlas");
  v1::WebhookEndpoint e;
  ASSERT_TRUE(stub_->CreateWebhookEndpoint(&ctx, req, &e).ok());
  EXPECT_EQ(e.secret(), "whsec_AAAA");  // once, here
  grpc::ClientContext internal;
  harness_.Authenticate(internal, {"service"}, "organisations/partner-a");
  req.mutable_endpoint()->set_url("https://169.254.169.254/");
  EXPECT_EQ(stub_->CreateWebhookEndpoint(&internal, req, &e).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // Another organisation can neither see, subscribe with nor rotate it.
  grpc::ClientContext other;
  harness_.Authenticate(other, {"service"}, "organisations/partner-b");
  v1::ListWebhookEndpointsResponse listed;
  ASSERT_TRUE(stub_->ListWebhookEndpoints(&other, {}, &listed).ok());
  EXPECT_EQ(listed.endpoints_size(), 0);
  grpc::ClientContext sub;
  harness_.Authenticate(sub, {"service"}, "organisations/partner-b");
  v1::CreateSubscriptionRequest s;
  s.mutable_subscription()->add_kinds("project.published");
  s.mutable_subscription()->set_channel("webhook");
  s.mutable_subscription()->set_endpoint("webhookEndpoints/00000000-0000-4000-8000-000000000101");
  v1::Subscription out;
  EXPECT_EQ(stub_->CreateSubscription(&sub, s, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext rot;
  harness_.Authenticate(rot, {"service"}, "organisations/partner-b");
  v1::RotateWebhookSecretRequest r;
  r.set_name("webhookEndpoints/00000000-0000-4000-8000-000000000101");
  EXPECT_EQ(stub_->RotateWebhookSecret(&rot, r, &e).error_code(), grpc::StatusCode::NOT_FOUND);
  // An editor may not register endpoints at all.
  grpc::ClientContext editor;
  harness_.Authenticate(editor, {"editor"}, "organisations/partner-a");
  EXPECT_EQ(stub_->CreateWebhookEndpoint(&editor, req, &e).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace atlas::notify
