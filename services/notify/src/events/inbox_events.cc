// Inbox entries and deliveries from events.
#include "notify/events/inbox_events.h"

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "atlas/core/ids.h"
#include "atlas/core/utf8.h"
#include "atlas/indicators/events/v1/indicator_events.pb.h"
#include "atlas/indicators/events/v1/programming_events.pb.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/stats/events/v1/dataset_events.pb.h"
#include "notify/domain/message.h"
#include "notify/domain/summary.h"
#include "notify/store/pg_inbox_store.h"
#include "notify/store/pg_subscription_store.h"

namespace atlas::notify {

namespace {

using registry::events::v1::CommentEvent;
using registry::events::v1::ProjectCreated;
using registry::events::v1::ProjectTransitioned;
using registry::events::v1::ProjectUpdated;

// "organisations/x" -> "x".
std::string IdAfter(const std::string& name, std::string_view prefix) {
  return core::IdOf(name, prefix).value_or("");
}

// At most `n` bytes of `text`, cut at a UTF-8 character boundary, with "…" if cut.
std::string Excerpt(const std::string& text, size_t n) {
  if (text.size() <= n) return text;
  return std::string(core::Utf8Prefix(text, n)) + "…";
}

template <typename Repeated>
std::vector<std::string> Vec(const Repeated& r) {
  return {r.begin(), r.end()};
}

int64_t EventMicros(const bus::Event& event) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, event.time, &t, &err)) return absl::ToUnixMicros(t);
  return absl::ToUnixMicros(absl::Now());
}

EventFacts FactsOf(const bus::Event& event, std::string label) {
  EventFacts f;
  f.kind = KindOfType(event.type);
  f.event_id = event.id;
  f.event_source = event.source;
  f.event_type = event.type;
  f.subject = event.subject;
  f.label = std::move(label);
  f.time_us = EventMicros(event);
  return f;
}

}  // namespace

absl::Status RecordFacts(pqxx::work& tx, InboxEntry entry, const EventFacts& facts, bool feed) {
  entry.event_id = facts.event_id;
  entry.event_source = facts.event_source;
  entry.event_type = facts.event_type;
  entry.subject = facts.subject;
  entry.kind = facts.kind;
  entry.summary = Summarize(facts.event_type, facts.subject, entry.label);
  const FanOutResult fanned = FanOut(tx, facts, absl::Now());
  for (const auto& who : fanned.in_app) entry.recipients.push_back(who);
  if (feed || !entry.recipients.empty()) AddEntry(tx, entry);
  return absl::OkStatus();
}

namespace {

std::string TitleOf(const registry::v1::Project& p) {
  const auto& t = p.title();
  return !t.fr().empty() ? t.fr() : !t.en().empty() ? t.en() : t.ar();
}

// What a project event says: its places, themes, organisation; who may know.
EventFacts ProjectFacts(const bus::Event& event, const registry::v1::Project& p,
                        std::string_view verb) {
  EventFacts f = FactsOf(event, TitleOf(p));
  f.organisation = IdAfter(p.organisation(), "organisations/");
  f.visibility = verb == "published" || verb == "archived" || verb == "good_practice"
                     ? Visibility::kPublic
                     : Visibility::kOrganisation;
  f.demo = p.demo();
  f.values["regions"] = Vec(p.region_codes());
  f.values["provinces"] = Vec(p.province_codes());
  f.values["themes"] = Vec(p.themes());
  f.values["diaspora_countries"] = Vec(p.diaspora_countries());
  f.values["organisations"] = {p.organisation()};
  f.values["projects"] = {event.subject};
  return f;
}

// The project as the stale-project rule needs it: its facts and when it
// last changed.
void Track(pqxx::work& tx, const EventFacts& f, std::string_view state) {
  tx.exec_params0(R"sql(
INSERT INTO project_activity (project, facts, state, update_time)
VALUES ($1, $2::jsonb, $3, to_timestamp($4::double precision / 1e6))
ON CONFLICT (project) DO UPDATE SET facts = EXCLUDED.facts, state = EXCLUDED.state,
  update_time = greatest(project_activity.update_time, EXCLUDED.update_time))sql",
                  f.subject, FactsToJson(f), std::string(state), f.time_us);
}

// A project event: its title as the label; whom it concerns by default:
// validators when there is something to validate, the project's
// organisation when the ministry has decided on it.
template <typename ProjectEvent>
bus::Decoder<pqxx::work>::Handler<ProjectEvent> ProjectEntry(std::string_view verb) {
  return
      [verb = std::string(verb)](pqxx::work& tx, const ProjectEvent& e, const bus::Event& event) {
        InboxEntry entry;
        entry.label = TitleOf(e.project());
        const std::string org = IdAfter(e.project().organisation(), "organisations/");
        if (verb == "submitted") entry.recipients.push_back("role:validator");
        if ((verb == "published" || verb == "rejected" || verb == "archived" ||
             verb == "good_practice") &&
            !org.empty()) {
          entry.recipients.push_back("org:" + org);
        }
        EventFacts facts = ProjectFacts(event, e.project(), verb);
        facts.actor = e.actor();
        if constexpr (std::is_same_v<ProjectEvent, ProjectTransitioned>) {
          if (!e.reason().empty()) facts.detail = Excerpt(e.reason(), 300);
        }
        Track(tx, facts, verb);
        return RecordFacts(tx, std::move(entry), facts, /*feed=*/true);
      };
}

// A comment: the dialogue's own (the project's organisation, the ministry's
// staff) may know; a mention tells whom it names, a name mentioned from
// elsewhere learns nothing.
absl::Status CommentEntry(pqxx::work& tx, const CommentEvent& e, const bus::Event& event) {
  InboxEntry entry;
  entry.label = Excerpt(e.comment().text(), 120);
  entry.audience = IdAfter(e.project_organisation(), "organisations/");
  EventFacts facts = FactsOf(event, entry.label);
  facts.organisation = entry.audience;
  facts.visibility = Visibility::kOrganisation;
  facts.values["organisations"] = {e.project_organisation()};
  facts.values["projects"] = {e.project()};
  facts.actor = e.comment().author();
  const std::string& m = e.mentioned();
  if (const std::string org = IdAfter(m, "organisations/"); !org.empty()) {
    entry.recipients.push_back("org:" + org);
    facts.mentioned = "org:" + org;
  } else if (!m.empty()) {
    entry.recipients.push_back("user:" + absl::AsciiStrToLower(m));
    facts.mentioned = "user:" + absl::AsciiStrToLower(m);
  }
  return RecordFacts(tx, std::move(entry), facts, /*feed=*/true);
}

absl::Status DatasetEntry(pqxx::work& tx, const stats::events::v1::DatasetReleased& e,
                          const bus::Event& event) {
  EventFacts facts = FactsOf(event, e.name());
  facts.demo = e.demo();
  facts.detail = "version " + std::to_string(e.version());
  return RecordFacts(tx, InboxEntry{.label = e.name()}, facts, /*feed=*/false);
}

// Indicators' values are for the ministry's staff until a report publishes them.
template <typename IndicatorEvent>
absl::Status IndicatorEntry(pqxx::work& tx, const IndicatorEvent& e, const bus::Event& event) {
  EventFacts facts = FactsOf(event, e.name());
  facts.visibility = Visibility::kStaff;
  facts.demo = e.demo();
  facts.values["programmes"] = {e.programme()};
  if constexpr (std::is_same_v<IndicatorEvent, indicators::events::v1::IndicatorMeasured>) {
    if (!e.region().empty()) facts.values["regions"] = {e.region()};
    facts.detail = std::to_string(e.year());
  }
  if constexpr (std::is_same_v<IndicatorEvent, indicators::events::v1::IndicatorDue>) {
    facts.detail = e.due_date();
  }
  return RecordFacts(tx, InboxEntry{.label = e.name()}, facts, /*feed=*/false);
}

// A new document of the studies library: for those who follow its regions,
// themes or projects. Every subscriber is signed in, which is all a
// restricted document asks; it never reaches the public feed.
absl::Status DocumentEntry(pqxx::work& tx, const registry::events::v1::DocumentChanged& e,
                           const bus::Event& event) {
  EventFacts facts = FactsOf(event, e.title());
  facts.demo = e.demo();
  facts.actor = e.actor();
  facts.detail = e.kind();
  facts.values["regions"] = Vec(e.region_codes());
  facts.values["themes"] = Vec(e.themes());
  facts.values["projects"] = Vec(e.projects());
  return RecordFacts(tx, InboxEntry{.label = e.title()}, facts, /*feed=*/!e.restricted());
}

// A co-construction plan is its members' alone: its events never reach a
// feed nor a subscription (no kind names them); they tell the organisations
// they concern. Added as members (not the one who added them):
absl::Status PlanEntry(pqxx::work& tx, const registry::events::v1::PlanChanged& e,
                       const bus::Event& event) {
  InboxEntry entry{.label = e.title()};
  for (const auto& m : e.added_members()) {
    if (m == e.actor_organisation()) continue;
    if (const std::string org = IdAfter(m, "organisations/"); !org.empty()) {
      entry.recipients.push_back("org:" + org);
    }
  }
  if (entry.recipients.empty()) return absl::OkStatus();
  EventFacts facts = FactsOf(event, e.title());
  facts.visibility = Visibility::kStaff;
  facts.demo = e.demo();
  facts.actor = e.actor();
  return RecordFacts(tx, std::move(entry), facts, /*feed=*/false);
}

// Mentioned in an activity's discussion: a member organisation, or a person
// of one (the registry checked both); only that organisation's people (and
// the ministry's staff) see the entry.
absl::Status PlanMentionEntry(pqxx::work& tx, const registry::events::v1::PlanCommentMentioned& e,
                              const bus::Event& event) {
  const std::string org = IdAfter(e.mentioned_organisation(), "organisations/");
  if (org.empty()) return absl::OkStatus();
  const bool person = e.mentioned().rfind("organisations/", 0) != 0;
  InboxEntry entry{
      .label = Excerpt(e.text(), 120),
      .recipients = {person ? "user:" + absl::AsciiStrToLower(e.mentioned()) : "org:" + org},
      .audience = org};
  EventFacts facts = FactsOf(event, entry.label);
  facts.visibility = Visibility::kStaff;
  facts.demo = e.demo();
  facts.actor = e.author();
  facts.detail = e.activity_title();
  return RecordFacts(tx, std::move(entry), facts, /*feed=*/false);
}

// An activity ends soon: its owner organisation is told.
absl::Status PlanDueEntry(pqxx::work& tx, const registry::events::v1::PlanActivityDue& e,
                          const bus::Event& event) {
  const std::string org = IdAfter(e.owner(), "organisations/");
  if (org.empty()) return absl::OkStatus();
  const std::string label = e.activity_title() + " — " + e.end_date();
  InboxEntry entry{.label = label, .recipients = {"org:" + org}, .audience = org};
  EventFacts facts = FactsOf(event, label);
  facts.visibility = Visibility::kStaff;
  facts.demo = e.demo();
  facts.detail = e.end_date();
  return RecordFacts(tx, std::move(entry), facts, /*feed=*/false);
}

template <typename ProgrammingEvent>
absl::Status ProgrammingEntry(pqxx::work& tx, const ProgrammingEvent& e, const bus::Event& event) {
  EventFacts facts = FactsOf(event, e.name());
  return RecordFacts(tx, InboxEntry{.label = e.name()}, facts, /*feed=*/false);
}

}  // namespace

const bus::Decoder<pqxx::work>& InboxEvents() {
  static const auto* decoder = [] {
    auto* d = new bus::Decoder<pqxx::work>();
    d->On<ProjectCreated>("ma.sharaka.atlas.project.created.v1",
                          ProjectEntry<ProjectCreated>("created"));
    d->On<ProjectUpdated>("ma.sharaka.atlas.project.updated.v1",
                          ProjectEntry<ProjectUpdated>("updated"));
    for (const char* verb : {"submitted", "published", "rejected", "archived", "good_practice"}) {
      d->On<ProjectTransitioned>(std::string("ma.sharaka.atlas.project.") + verb + ".v1",
                                 ProjectEntry<ProjectTransitioned>(verb));
    }
    d->On<CommentEvent>("ma.sharaka.atlas.comment.mentioned.v1", CommentEntry);
    d->On<CommentEvent>("ma.sharaka.atlas.comment.created.v1", CommentEntry);
    d->On<registry::events::v1::DocumentChanged>("ma.sharaka.atlas.document.created.v1",
                                                 DocumentEntry);
    for (const char* verb : {"created", "updated", "deleted"}) {
      d->On<registry::events::v1::PlanChanged>(std::string("ma.sharaka.atlas.plan.") + verb + ".v1",
                                               PlanEntry);
    }
    d->On<registry::events::v1::PlanCommentMentioned>("ma.sharaka.atlas.plan.comment.mentioned.v1",
                                                      PlanMentionEntry);
    d->On<registry::events::v1::PlanActivityDue>("ma.sharaka.atlas.plan.activity.due.v1",
                                                 PlanDueEntry);
    // Anything else from the registry (evaluations…) is in the platform
    // feed, concerning no one in particular.
    d->Otherwise([](pqxx::work& tx, const bus::Event& event) {
      if (event.nats_subject.rfind("atlas.audit.", 0) == 0) return absl::OkStatus();
      return RecordFacts(tx, InboxEntry{}, FactsOf(event, ""), /*feed=*/true);
    });
    return d;
  }();
  return *decoder;
}

const bus::Decoder<pqxx::work>& OtherEvents() {
  static const auto* decoder = [] {
    namespace ie = indicators::events::v1;
    auto* d = new bus::Decoder<pqxx::work>();
    d->On<stats::events::v1::DatasetReleased>("ma.sharaka.atlas.dataset.released.v1", DatasetEntry);
    d->On<ie::IndicatorMeasured>("ma.sharaka.atlas.indicator.measured.v1",
                                 IndicatorEntry<ie::IndicatorMeasured>);
    d->On<ie::IndicatorOffTrack>("ma.sharaka.atlas.indicator.off_track.v1",
                                 IndicatorEntry<ie::IndicatorOffTrack>);
    d->On<ie::IndicatorDue>("ma.sharaka.atlas.indicator.due.v1", IndicatorEntry<ie::IndicatorDue>);
    d->On<ie::ProgrammingAdopted>("ma.sharaka.atlas.programming.adopted.v1",
                                  ProgrammingEntry<ie::ProgrammingAdopted>);
    d->On<ie::ProgrammingRolled>("ma.sharaka.atlas.programming.rolled.v1",
                                 ProgrammingEntry<ie::ProgrammingRolled>);
    return d;
  }();
  return *decoder;
}

}  // namespace atlas::notify
