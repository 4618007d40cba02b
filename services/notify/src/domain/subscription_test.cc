// Subscriptions: validation, matching, visibility, defaults, schedules.
#include "notify/domain/subscription.h"

#include "absl/time/civil_time.h"
#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "notify/domain/message.h"
#include "notify/domain/schedule.h"

namespace atlas::notify {
namespace {

Reader Editor(const std::string& org) { return {"users/e", "edith", org, {"editor"}}; }
Reader Validator() { return {"users/v", "val", "ministry", {"validator"}}; }

EventFacts Draft(const std::string& org) {
  EventFacts f;
  f.kind = "project.submitted";
  f.visibility = Visibility::kOrganisation;
  f.organisation = org;
  f.values["regions"] = {"MA-01"};
  f.values["themes"] = {"entrepreneurship"};
  return f;
}

TEST(SubscriptionTest, NobodyHearsOfWhatTheyMayNotSee) {
  Subscription s;
  s.owner = Editor("a");
  s.kinds = {"project.submitted"};
  EXPECT_TRUE(Matches(s, Draft("a")));
  EXPECT_FALSE(Matches(s, Draft("b")));  // another organisation's draft
  s.owner = Validator();
  EXPECT_TRUE(Matches(s, Draft("b")));
  EventFacts staff = Draft("a");
  staff.visibility = Visibility::kStaff;
  s.owner = Editor("a");
  EXPECT_FALSE(Matches(s, staff));
}

TEST(SubscriptionTest, EveryFilterMustMatchAndAMentionMustNameTheOwner) {
  Subscription s;
  s.owner = Validator();
  s.kinds = {"project.submitted", "project.mentioned"};
  s.filters["regions"] = {"MA-02", "MA-01"};
  EXPECT_TRUE(Matches(s, Draft("a")));
  s.filters["themes"] = {"health"};
  EXPECT_FALSE(Matches(s, Draft("a")));
  s.filters.erase("themes");
  s.filters["programmes"] = {"programmes/p1"};  // a project names no programme
  EXPECT_FALSE(Matches(s, Draft("a")));
  s.filters.clear();
  EventFacts m = Draft("a");
  m.kind = "project.mentioned";
  m.mentioned = "user:someone";
  EXPECT_FALSE(Matches(s, m));
  m.mentioned = "user:val";
  EXPECT_TRUE(Matches(s, m));
  m.actor = "users/v";  // their own action
  EXPECT_FALSE(Matches(s, m));
  m.actor = "users/other";
  s.active = false;
  EXPECT_FALSE(Matches(s, m));
}

TEST(SubscriptionTest, ValidationNamesEveryProblem) {
  Subscription s;
  s.owner = Editor("a");
  s.kinds = {"project.published", "project.teleported", "project.published"};
  s.filters["regions"] = {"MA-13"};
  s.filters["diaspora_countries"] = {"france"};
  s.channel = Channel::kEmail;
  s.email = "not an address";
  s.cadence = Cadence::kDaily;
  s.time_zone = "Mars/Olympus";
  s.quiet_start_hour = 22;
  s.quiet_end_hour = -1;
  absl::Status st = Validate(s);
  ASSERT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : core::FieldViolations(st)) fields.push_back(v.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"subscription.kinds[1]", "subscription.kinds[2]",
                                      "subscription.diaspora_countries[0]",
                                      "subscription.regions[0]", "subscription.email",
                                      "subscription.time_zone", "subscription.quiet_start_hour"}));
  EXPECT_NE(core::MessageIn(st, core::Lang::kAr).find("رمز غير معروف"), std::string::npos);
}

TEST(SubscriptionTest, DigestsAreForEmailAndServiceAccountsHaveNoBell) {
  Subscription s;
  s.owner = {"serviceAccounts/x", "", "a", {"service"}};
  s.kinds = {"project.published"};
  s.cadence = Cadence::kWeekly;
  absl::Status st = Validate(s);
  std::vector<std::string> fields;
  for (const auto& v : core::FieldViolations(st)) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"subscription.channel", "subscription.cadence"}));
}

TEST(SubscriptionTest, MailAddresses) {
  EXPECT_TRUE(IsMailAddress("amina@example.ma"));
  EXPECT_TRUE(IsMailAddress("a.b+tag@sub.example.org"));
  for (const char* bad : {"", "a@b", "@example.ma", "a@example.ma\r\nBcc: x@y.z", "a b@example.ma",
                          "a@@example.ma", "<a@example.ma>", "a@example..ma", "a@.example.ma"}) {
    EXPECT_FALSE(IsMailAddress(bad)) << bad;
  }
}

TEST(SubscriptionTest, RoleDefaults) {
  auto v = RoleDefaults(Validator());
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].kinds, std::vector<std::string>{"project.submitted"});
  auto e = RoleDefaults(Editor("a"));
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].filters["organisations"], std::vector<std::string>{"organisations/a"});
  EXPECT_TRUE(e[0].default_for_role);
  EXPECT_TRUE(RoleDefaults({"serviceAccounts/x", "", "a", {"service"}}).empty());
}

TEST(SubscriptionTest, KindsOfEventTypes) {
  EXPECT_EQ(KindOfType("ma.sharaka.atlas.project.published.v1"), "project.published");
  EXPECT_EQ(KindOfType("ma.sharaka.atlas.comment.created.v1"), "project.commented");
  EXPECT_EQ(KindOfType("ma.sharaka.atlas.indicator.off_track.v1"), "indicator.off_track");
  EXPECT_EQ(KindOfType("ma.sharaka.atlas.project.updated.v1"), "");
  EXPECT_EQ(KindOfType("junk"), "");
}

absl::Time Casablanca(int y, int m, int d, int h, int min = 0) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Africa/Casablanca", &tz));
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), tz);
}

TEST(ScheduleTest, DigestsAtTheLocalHourAndDay) {
  Subscription s;
  s.cadence = Cadence::kDaily;
  s.digest_hour = 8;
  EXPECT_EQ(NextDigest(s, Casablanca(2026, 12, 4, 7, 59)), Casablanca(2026, 12, 4, 8));
  EXPECT_EQ(NextDigest(s, Casablanca(2026, 12, 4, 8, 0)), Casablanca(2026, 12, 5, 8));
  s.cadence = Cadence::kWeekly;
  s.digest_weekday = 1;  // Monday; 2026-12-04 is a Friday
  EXPECT_EQ(NextDigest(s, Casablanca(2026, 12, 4, 9)), Casablanca(2026, 12, 7, 8));
  s.time_zone = "Europe/Paris";
  absl::TimeZone paris;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Paris", &paris));
  EXPECT_EQ(NextDigest(s, Casablanca(2026, 12, 4, 9)),
            absl::FromCivil(absl::CivilHour(2026, 12, 7, 8), paris));
}

TEST(ScheduleTest, QuietHoursHoldMailsUntilTheyEnd) {
  Subscription s;
  s.quiet_start_hour = 22;
  s.quiet_end_hour = 7;
  EXPECT_EQ(FirstDue(s, Casablanca(2026, 12, 4, 23, 30)), Casablanca(2026, 12, 5, 7));
  EXPECT_EQ(FirstDue(s, Casablanca(2026, 12, 5, 3)), Casablanca(2026, 12, 5, 7));
  EXPECT_EQ(FirstDue(s, Casablanca(2026, 12, 5, 12)), Casablanca(2026, 12, 5, 12));
  s.cadence = Cadence::kDaily;
  s.digest_hour = 6;  // inside the quiet hours: the digest waits for 07:00
  EXPECT_EQ(FirstDue(s, Casablanca(2026, 12, 5, 12)), Casablanca(2026, 12, 6, 7));
}

TEST(ScheduleTest, RetriesBackOffOverADayThenStop) {
  RetryPolicy p;
  absl::Duration total;
  for (int attempts = 1; attempts < p.max_attempts; ++attempts) {
    auto d = RetryDelay(p, attempts, 0.5);
    ASSERT_TRUE(d.has_value());
    total += *d;
  }
  EXPECT_FALSE(RetryDelay(p, p.max_attempts, 0.5).has_value());
  EXPECT_GT(total, absl::Hours(24));
  EXPECT_LT(total, absl::Hours(30));
  EXPECT_EQ(*RetryDelay(p, 1, 0.0), absl::Seconds(4));  // jitter 0.8
  EXPECT_EQ(*RetryDelay(p, 1, 1.0), absl::Seconds(6));  // 1.2
}

TEST(ScheduleTest, DeadlinesAreAnnouncedFromTheirNoticeToTheirDay) {
  auto all = ParseDeadlines("2027-03-31 RdP 2026; 2026-10-20 PdP 2027");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].label, "RdP 2026");
  auto due = DeadlinesDue(*all, absl::CivilDay(2026, 10, 1), 30);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].label, "PdP 2027");
  EXPECT_TRUE(DeadlinesDue(*all, absl::CivilDay(2026, 10, 21), 30).empty());  // past
  EXPECT_TRUE(DeadlinesDue(*all, absl::CivilDay(2026, 9, 1), 30).empty());    // not yet
  EXPECT_FALSE(ParseDeadlines("31/03/2027 RdP").ok());
  EXPECT_FALSE(ParseDeadlines("2027-03-31").ok());
  EXPECT_TRUE(ParseDeadlines("")->empty());
}

TEST(MessageTest, MailsSpeakTheRecipientsLanguageAndEscape) {
  EventFacts f = Draft("a");
  f.kind = "project.published";
  f.visibility = Visibility::kPublic;
  f.subject = "projects/p1";
  f.label = "<script>alert(1)</script>";
  Mail ar = ComposeMail({f}, "ar", false, "https://atlas.example", "https://atlas.example/u/t");
  EXPECT_EQ(ar.subject, "مشروع منشور: «<script>alert(1)</script>»");
  EXPECT_NE(ar.html.find("dir=\"rtl\""), std::string::npos);
  EXPECT_EQ(ar.html.find("<script>"), std::string::npos);
  EXPECT_NE(ar.html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(ar.text.find("https://atlas.example/projects/p1"), std::string::npos);
  EventFacts g = f;
  g.kind = "project.rejected";
  g.demo = true;
  Mail digest = ComposeMail({f, g, f}, "fr", true, "https://a", "https://a/u");
  EXPECT_EQ(digest.subject, "[DÉMO] Résumé : 3 notifications");
  EXPECT_LT(digest.text.find("Projet publié\n"), digest.text.find("Projet renvoyé"));
}

TEST(MessageTest, FactsSurviveTheirJson) {
  EventFacts f = Draft("a");
  f.event_id = "e1";
  f.label = "Éducation";
  f.demo = true;
  f.time_us = 123;
  EventFacts back = FactsFromJson(FactsToJson(f));
  EXPECT_EQ(back.kind, f.kind);
  EXPECT_EQ(back.organisation, "a");
  EXPECT_EQ(back.visibility, Visibility::kOrganisation);
  EXPECT_EQ(back.values, f.values);
  EXPECT_EQ(back.label, f.label);
  EXPECT_TRUE(back.demo);
  EXPECT_EQ(back.time_us, 123);
}

}  // namespace
}  // namespace atlas::notify
