// Inbox entries from events, newest first, filtered by subject.
#include "atlas/db/migrate.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/testing/env.h"
#include "events/inbox_events.h"
#include "gtest/gtest.h"
#include "store/pg_inbox_store.h"

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
    ASSERT_TRUE((*pool)->Transact([&](pqxx::work& tx) { return RecordEvent(tx, e); }).ok());
  }
  auto all = ListEntries(**pool, 10, 0, "");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].summary, "Project «Second» created");
  auto one = ListEntries(**pool, 10, 0, "projects/First");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].summary, "Project «First» created");
}

}  // namespace
}  // namespace atlas::notify
