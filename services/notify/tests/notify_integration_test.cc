// Inbox entries from events, newest first, filtered by subject.
#include "atlas/bus/outbox.h"
#include "atlas/db/migrate.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"
#include "notify/events/inbox_events.h"
#include "notify/store/pg_inbox_store.h"
#include "notify/store/pg_subscription_store.h"

const std::vector<atlas::db::Migration>& NotifyMigrations();

namespace atlas::notify {
namespace {

// A fresh schema with the outbox and notify's tables.
absl::StatusOr<std::unique_ptr<db::Pool>> OpenSchema(const std::string& url) {
  auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("notify")});
  if (!pool.ok()) return pool.status();
  if (absl::Status s = db::Migrate(**pool, bus::Migrations()); !s.ok()) return s;
  if (absl::Status s = db::Migrate(**pool, NotifyMigrations()); !s.ok()) return s;
  return pool;
}

TEST(InboxTest, RecordsEventsNewestFirstAndFiltersBySubject) {
  std::string url;
  ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
  auto pool = OpenSchema(url);
  ASSERT_TRUE(pool.ok()) << pool.status();
  for (std::string title : {"First", "Second"}) {
    registry::events::v1::ProjectCreated c;
    c.mutable_project()->mutable_title()->set_fr(title);
    bus::Event e =
        bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.created.v1", "projects/" + title,
                      "atlas.registry.project.created", c.SerializeAsString());
    ASSERT_TRUE(
        (*pool)->Transact([&](pqxx::work& tx) { return InboxEvents().Dispatch(tx, e); }).ok());
  }
  auto all = PgInboxStore(**pool).Entries(10, 0, "");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].summary, "Project «Second» created");
  auto one = PgInboxStore(**pool).Entries(10, 0, "projects/First");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].summary, "Project «First» created");
}

// Per-user notifications: who each event concerns, reads kept per reader.
TEST(InboxTest, NotificationsConcernTheirRecipientsAndReadsArePerReader) {
  std::string url;
  ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
  auto pool = OpenSchema(url);
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto record = [&](const std::string& type, const std::string& payload) {
    bus::Event e =
        bus::NewEvent("/atlas/registry", type, "projects/p1", "atlas.registry.x", payload);
    ASSERT_TRUE(
        (*pool)->Transact([&](pqxx::work& tx) { return InboxEvents().Dispatch(tx, e); }).ok());
  };
  registry::events::v1::ProjectCreated p;
  p.mutable_project()->set_organisation("organisations/assoc");
  p.mutable_project()->mutable_title()->set_ar("مشروع");
  record("ma.sharaka.atlas.project.updated.v1", p.SerializeAsString());    // nobody's
  record("ma.sharaka.atlas.project.submitted.v1", p.SerializeAsString());  // validators'
  record("ma.sharaka.atlas.project.rejected.v1", p.SerializeAsString());   // the organisation's
  registry::events::v1::CommentEvent c;
  c.set_project("projects/p1");
  c.mutable_comment()->set_text(std::string(200, 'x'));
  c.set_mentioned("Amina");
  record("ma.sharaka.atlas.comment.mentioned.v1", c.SerializeAsString());

  const std::vector<std::string> editor = {"user:karim", "org:assoc", "role:editor"};
  const std::vector<std::string> amina = {"user:amina", "org:other", "role:editor"};
  const std::vector<std::string> validator = {"user:v", "org:ministry", "role:validator"};
  auto list = [&](const std::vector<std::string>& who, const std::string& reader) {
    auto page = PgInboxStore(**pool).Notifications(who, reader, 10, 0, false);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> types;
    for (const auto& n : page->items) types.push_back(n.entry.event_type + (n.read ? " read" : ""));
    return types;
  };
  EXPECT_EQ(list(editor, "users/karim"),
            std::vector<std::string>{"ma.sharaka.atlas.project.rejected.v1"});
  EXPECT_EQ(list(validator, "users/v"),
            std::vector<std::string>{"ma.sharaka.atlas.project.submitted.v1"});
  auto mention = PgInboxStore(**pool).Notifications(amina, "users/amina", 10, 0, false);
  ASSERT_TRUE(mention.ok());
  ASSERT_EQ(mention->items.size(), 1u);
  EXPECT_EQ(mention->items[0].entry.label, std::string(120, 'x') + "…");
  EXPECT_EQ(mention->items[0].entry.subject, "projects/p1");

  // Karim reads his organisation's notification; a colleague has not.
  EXPECT_EQ(*PgInboxStore(**pool).UnreadCount(editor, "users/karim"), 1);
  auto after = PgInboxStore(**pool).MarkRead(editor, "users/karim", {}, /*all=*/true);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after, 0);
  EXPECT_EQ(list(editor, "users/karim"),
            std::vector<std::string>{"ma.sharaka.atlas.project.rejected.v1 read"});
  EXPECT_EQ(*PgInboxStore(**pool).UnreadCount(editor, "users/colleague"), 1);
  // Marking someone else's entry by id does nothing.
  const std::string theirs = mention->items[0].entry.id;
  EXPECT_EQ(*PgInboxStore(**pool).MarkRead(editor, "users/karim", {theirs}, false), 0);
  EXPECT_EQ(*PgInboxStore(**pool).UnreadCount(amina, "users/karim"), 1);
  auto unread =
      PgInboxStore(**pool).Notifications(editor, "users/colleague", 10, 0, /*unread_only=*/true);
  ASSERT_TRUE(unread.ok());
  EXPECT_EQ(unread->items.size(), 1u);
}

// An event applied twice delivers once per (event, subscription, channel);
// nobody hears of another organisation's draft; digests wait and go as one;
// failures are retried, then dead, then sent again on request.
TEST(DeliveriesTest, ExactlyOnceVisibleOnlyDigestedAndRetried) {
  std::string url;
  ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
  auto pool = OpenSchema(url);
  ASSERT_TRUE(pool.ok()) << pool.status();
  PgSubscriptionStore store(**pool);
  auto subscribe = [&](const std::string& org, Cadence cadence, const std::string& email) {
    Subscription s;
    s.owner = {"users/" + email, email.substr(0, email.find('@')), org, {"editor"}};
    s.kinds = {"project.submitted", "project.published"};
    s.channel = Channel::kEmail;
    s.email = email;
    s.cadence = cadence;
    s.unsubscribe_token = std::string(32, email[0]);
    auto stored = store.Create(s);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return *stored;
  };
  const Subscription a = subscribe("assoc-a", Cadence::kImmediate, "amina@example.ma");
  subscribe("assoc-b", Cadence::kImmediate, "brahim@example.ma");
  const Subscription daily = subscribe("assoc-a", Cadence::kDaily, "dalila@example.ma");

  registry::events::v1::ProjectTransitioned t;
  t.mutable_project()->set_organisation("organisations/assoc-a");
  t.mutable_project()->mutable_title()->set_fr("Brouillon");
  bus::Event submitted =
      bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.submitted.v1", "projects/p1",
                    "atlas.registry.project.submitted", t.SerializeAsString());
  for (int i = 0; i < 2; ++i) {  // redelivered: applied again
    ASSERT_TRUE(
        (*pool)
            ->Transact([&](pqxx::work& tx) { return InboxEvents().Dispatch(tx, submitted); })
            .ok());
  }
  auto count = [&](const std::string& where) {
    int n = 0;
    EXPECT_TRUE(
        (*pool)
            ->Transact([&](pqxx::work& tx) {
              n = tx.exec1("SELECT count(*)::int FROM deliveries WHERE " + where)[0].as<int>();
              return absl::OkStatus();
            })
            .ok());
    return n;
  };
  EXPECT_EQ(count("target = 'amina@example.ma'"), 1);
  EXPECT_EQ(count("target = 'brahim@example.ma'"), 0);  // another organisation's draft
  EXPECT_EQ(count("target = 'dalila@example.ma' AND status = 'digest'"), 1);

  // Amina's is due now; Dalila's waits for 08:00 in Casablanca.
  auto claimed = store.Claim(10, absl::Seconds(60));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  ASSERT_EQ(claimed->size(), 1u);
  const Outgoing out = (*claimed)[0];
  EXPECT_EQ(out.target, "amina@example.ma");
  EXPECT_EQ(out.attempts, 1);
  EXPECT_EQ(out.events[0].label, "Brouillon");
  EXPECT_TRUE(store.Claim(10, absl::Seconds(60))->empty());  // leased
  absl::Status recorded =
      store.Record({{&out, {Outcome::kTransient, "SMTP 451"}, absl::Now() - absl::Seconds(1)}},
                   absl::Seconds(60));
  ASSERT_TRUE(recorded.ok()) << recorded;
  claimed = store.Claim(10, absl::Seconds(60));
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].attempts, 2);
  ASSERT_TRUE(store
                  .Record({{&(*claimed)[0], {Outcome::kPermanent, "gave up"}, std::nullopt}},
                          absl::Seconds(60))
                  .ok());
  auto dead = store.Deliveries("", {"dead"}, 10, 0);
  ASSERT_TRUE(dead.ok()) << dead.status();
  ASSERT_EQ(dead->items.size(), 1u);
  EXPECT_EQ(dead->items[0].last_error, "gave up");
  EXPECT_EQ(store.Deliveries("assoc-a", {}, 10, 0)->items.size(), 0u);  // no endpoint of theirs
  auto again = store.Retry("", out.id);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->status, "pending");
  EXPECT_EQ(store.Retry("", out.id).status().code(), absl::StatusCode::kFailedPrecondition);

  // The digest's time comes: every waiting event of the subscription in one message.
  ASSERT_TRUE((*pool)
                  ->Transact([&](pqxx::work& tx) {
                    tx.exec(
                        "UPDATE deliveries SET next_attempt = now() - interval '1 second' WHERE "
                        "status = 'digest'");
                    return absl::OkStatus();
                  })
                  .ok());
  claimed = store.Claim(10, absl::Seconds(60));
  ASSERT_TRUE(claimed.ok());
  int digests = 0;
  for (const auto& o : *claimed) digests += o.digest ? 1 : 0;
  EXPECT_EQ(digests, 1);

  // One click in the e-mail: what waited is never sent.
  auto kinds = store.Unsubscribe(daily.unsubscribe_token);
  ASSERT_TRUE(kinds.ok());
  EXPECT_EQ(count("target = 'dalila@example.ma' AND status = 'dead'"), 1);
  EXPECT_FALSE(store.Get(a.owner.subject, daily.id).ok());  // not Amina's
}

}  // namespace
}  // namespace atlas::notify
