#include "gateway/edge/search_generation.h"

#include <gtest/gtest.h>

#include <string>

#include "atlas/registry/events/v1/project_events.pb.h"

namespace atlas::gateway {
namespace {

namespace events = registry::events::v1;

// A project with fields on both sides of field 15 and nested messages, as
// the registry's events carry it.
template <typename Event>
std::string Payload(int64_t generation) {
  Event e;
  e.mutable_project()->set_name("projects/7d0f1c3e-2b8a-4a51-9a43-0e1f2b3c4d5e");
  e.mutable_project()->mutable_title()->set_fr("Maison de l'investissement des MRE, Oujda");
  e.mutable_public_version()->mutable_title()->set_ar("دار الاستثمار");
  e.set_actor("users/amina");
  e.set_budget_eur(180000.5);
  if (generation != 0) e.set_search_generation(generation);
  return e.SerializeAsString();
}

TEST(SearchGenerationTest, ReadsTheGenerationOfEveryProjectEvent) {
  EXPECT_EQ(SearchGeneration::OfEvent(Payload<events::ProjectCreated>(42)), 42);
  EXPECT_EQ(SearchGeneration::OfEvent(Payload<events::ProjectUpdated>(7'000'000'001)),
            7'000'000'001);
  events::ProjectTransitioned t;
  ASSERT_TRUE(t.ParseFromString(Payload<events::ProjectTransitioned>(3)));
  t.set_reason("incomplete budget");
  t.set_from_state(registry::v1::SUBMITTED);
  EXPECT_EQ(SearchGeneration::OfEvent(t.SerializeAsString()), 3);
  // An event from before the field, or other bytes: none.
  EXPECT_EQ(SearchGeneration::OfEvent(Payload<events::ProjectUpdated>(0)), 0);
  EXPECT_EQ(SearchGeneration::OfEvent(""), 0);
  EXPECT_EQ(SearchGeneration::OfEvent(std::string("\x78\x05\x00\x01", 4)), 0);  // a zero tag
  EXPECT_EQ(SearchGeneration::OfEvent("not a message at all"), 0);
  std::string cut = Payload<events::ProjectCreated>(42);
  EXPECT_EQ(SearchGeneration::OfEvent(cut.substr(0, cut.size() / 2)), 0);
}

TEST(SearchGenerationTest, OnlyEverRises) {
  SearchGeneration g;
  EXPECT_EQ(g.Get(), 0);
  g.Heard(int64_t{12});
  g.Heard(int64_t{5});
  EXPECT_EQ(g.Get(), 12);
  g.Heard(std::string_view("40"));
  for (std::string_view junk : {"", "-3", "41x", "0x50", "99999999999999999999", "1e9"}) {
    g.Heard(junk);
  }
  EXPECT_EQ(g.Get(), 40);
}

}  // namespace
}  // namespace atlas::gateway
