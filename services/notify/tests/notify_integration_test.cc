// Inbox entries from events, newest first, filtered by subject.
#include "atlas/db/migrate.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"
#include "notify/events/inbox_events.h"
#include "notify/store/pg_inbox_store.h"

const std::vector<atlas::db::Migration>& NotifyMigrations();

namespace atlas::notify {
namespace {

TEST(InboxTest, RecordsEventsNewestFirstAndFiltersBySubject) {
  std::string url;
  ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", url);
  auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("notify")});
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(db::Migrate(**pool, NotifyMigrations()).ok());
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
  auto pool = db::Pool::Open({.url = url, .schema = atlas::testing::UniqueName("notify")});
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(db::Migrate(**pool, NotifyMigrations()).ok());
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

}  // namespace
}  // namespace atlas::notify
