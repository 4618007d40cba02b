#include "registry/domain/project_proto.h"

#include "atlas/bus/outbox.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "gtest/gtest.h"
#include "registry/domain/project_service.h"

namespace atlas::registry {
namespace {

// n characters of four bytes each (the most UTF-8 spends on one).
std::string Wide(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += "\xF0\x9F\x87\xB2";
  return s;
}

void FillText(v1::LocalizedText* t, size_t chars) {
  t->set_fr(Wide(chars));
  t->set_ar(Wide(chars));
  t->set_en(Wide(chars));
}

// A project with every field at the most validation allows.
Project Largest() {
  Project p;
  p.id = "00000000-0000-4000-8000-000000000001";
  p.organisation = "assoc-oujda";
  p.state = State::kPublished;
  p.revision = p.published_revision = 7;
  v1::Project& c = p.content;
  FillText(c.mutable_title(), kMaxTitleChars);
  for (auto* t : {c.mutable_summary(), c.mutable_objectives(), c.mutable_expected_results(),
                  c.mutable_achieved_results()}) {
    FillText(t, kMaxTextChars);
  }
  for (int i = 0; i < 50; ++i) {
    auto* o = c.add_participating_organisations();
    o->set_name(Wide(kMaxTitleChars));
    o->set_organisation("organisations/assoc-oujda");
    c.add_budget()->set_amount(1e12);
    c.add_funding_shares()->set_donor(Wide(kMaxTitleChars));
  }
  for (int i = 0; i < 200; ++i) {
    auto* place = c.add_places();
    place->set_name(Wide(200));
    place->mutable_point()->set_latitude(34.68);
    place->set_province_code("MA-02-01");
  }
  for (int i = 0; i < 100; ++i) {
    c.add_milestones()->set_title(Wide(kMaxTitleChars));
    auto* d = c.add_documents();
    d->set_title(Wide(kMaxTitleChars));
    d->set_url("https://example.org/" + std::string(1980, 'x'));
  }
  for (int i = 0; i < 20; ++i) {
    auto* k = c.add_contacts();
    k->set_name(Wide(200));
    k->set_email("someone@example.org");
  }
  p.rejection_reason = Wide(2000);
  p.published = c;
  return p;
}

TEST(ProjectEventTest, TheLargestRecordMakesAnEventFarUnderTheBusLimit) {
  // Before issue 17 this event carried the whole record twice: over 4 MB,
  // four times NATS's max_payload, and the relay retried it for ever.
  const Project p = Largest();
  v1::Project whole;
  ToProto(p, &whole);
  ASSERT_GT(2 * whole.ByteSizeLong(), size_t{1024} * 1024) << "the record itself is large";
  for (Action a : {Action::kCreated, Action::kUpdated, Action::kPublished}) {
    EncodedEvent e = EncodeEvent(p, {.action = a, .changed_fields = {"title"}, .actor = "users/x"});
    EXPECT_LT(e.payload.size(), bus::kMaxEventBytes / 2) << ActionName(a);
  }
}

// Every project event carries the change log's generation its write
// committed, as field 15 whatever the message (the gateway reads it there).
TEST(ProjectEventTest, EveryProjectEventCarriesItsSearchGeneration) {
  const Project p = Largest();
  auto encoded = [&](Action a) {
    return EncodeEvent(p, {.action = a, .changed_fields = {"title"}, .actor = "users/x"}, {}, 4242)
        .payload;
  };
  events::v1::ProjectCreated created;
  ASSERT_TRUE(created.ParseFromString(encoded(Action::kCreated)));
  EXPECT_EQ(created.search_generation(), 4242);
  events::v1::ProjectUpdated updated;
  ASSERT_TRUE(updated.ParseFromString(encoded(Action::kUpdated)));
  EXPECT_EQ(updated.search_generation(), 4242);
  for (Action a : {Action::kSubmitted, Action::kPublished, Action::kArchived}) {
    events::v1::ProjectTransitioned t;
    ASSERT_TRUE(t.ParseFromString(encoded(a)));
    EXPECT_EQ(t.search_generation(), 4242) << ActionName(a);
  }
  for (const auto* d :
       {events::v1::ProjectCreated::descriptor(), events::v1::ProjectUpdated::descriptor(),
        events::v1::ProjectTransitioned::descriptor()}) {
    ASSERT_NE(d->FindFieldByName("search_generation"), nullptr) << d->full_name();
    EXPECT_EQ(d->FindFieldByName("search_generation")->number(), 15) << d->full_name();
  }
}

TEST(ProjectEventTest, EventsCarryWhatConsumersUseAndNoContacts) {
  const Project p = Largest();
  events::v1::ProjectTransitioned e;
  ASSERT_TRUE(e.ParseFromString(
      EncodeEvent(p, {.action = Action::kPublished, .actor = "users/x"}).payload));
  for (const v1::Project* version : {&e.project(), &e.public_version()}) {
    EXPECT_EQ(version->contacts_size(), 0);
    EXPECT_TRUE(version->summary().fr().empty());
    EXPECT_EQ(version->documents_size(), 0);
    EXPECT_EQ(version->title().fr(), p.content.title().fr());
    EXPECT_EQ(version->places_size(), 200);
    EXPECT_DOUBLE_EQ(version->places(0).point().latitude(), 34.68);
    EXPECT_EQ(version->participating_organisations(0).organisation(), "organisations/assoc-oujda");
    EXPECT_EQ(version->budget_size(), 50);
  }
}

}  // namespace
}  // namespace atlas::registry
