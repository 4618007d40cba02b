// Inbox entries from events.
#include "notify/events/inbox_events.h"

#include "absl/strings/ascii.h"
#include "atlas/core/utf8.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "notify/domain/summary.h"
#include "notify/store/pg_inbox_store.h"

namespace atlas::notify {

namespace {

// "organisations/x" -> "x".
std::string IdAfter(const std::string& name, std::string_view prefix) {
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : std::string();
}

// At most `n` bytes of `text`, cut at a UTF-8 character boundary, with "…" if cut.
std::string Excerpt(const std::string& text, size_t n) {
  if (text.size() <= n) return text;
  return std::string(core::Utf8Prefix(text, n)) + "…";
}

// Records `entry` (whom it concerns already filled in) for `event`.
absl::Status Record(pqxx::work& tx, const bus::Event& event, InboxEntry entry) {
  entry.event_id = event.id;
  entry.event_source = event.source;
  entry.event_type = event.type;
  entry.subject = event.subject;
  entry.summary = Summarize(event.type, event.subject, entry.label);
  AddEntry(tx, entry);
  return absl::OkStatus();
}

// A project event: its title as the label; whom it concerns: validators
// when there is something to validate, the project's organisation when the
// ministry has decided on it.
template <typename ProjectEvent>
bus::Decoder<pqxx::work>::Handler<ProjectEvent> ProjectEntry(std::string_view verb) {
  return
      [verb = std::string(verb)](pqxx::work& tx, const ProjectEvent& e, const bus::Event& event) {
        InboxEntry entry;
        const auto& t = e.project().title();
        entry.label = !t.fr().empty() ? t.fr() : !t.en().empty() ? t.en() : t.ar();
        const std::string org = IdAfter(e.project().organisation(), "organisations/");
        if (verb == "submitted") entry.recipients.push_back("role:validator");
        if ((verb == "published" || verb == "rejected" || verb == "archived" ||
             verb == "good_practice") &&
            !org.empty()) {
          entry.recipients.push_back("org:" + org);
        }
        return Record(tx, event, std::move(entry));
      };
}

// A mention: only the dialogue's own (the project's organisation, the
// ministry's staff) are told; a name mentioned from elsewhere learns nothing.
absl::Status MentionEntry(pqxx::work& tx, const registry::events::v1::CommentEvent& e,
                          const bus::Event& event) {
  InboxEntry entry;
  entry.label = Excerpt(e.comment().text(), 120);
  entry.audience = IdAfter(e.project_organisation(), "organisations/");
  const std::string& m = e.mentioned();
  if (const std::string org = IdAfter(m, "organisations/"); !org.empty()) {
    entry.recipients.push_back("org:" + org);
  } else if (!m.empty()) {
    entry.recipients.push_back("user:" + absl::AsciiStrToLower(m));
  }
  return Record(tx, event, std::move(entry));
}

}  // namespace

const bus::Decoder<pqxx::work>& InboxEvents() {
  static const auto* decoder = [] {
    using registry::events::v1::CommentEvent;
    using registry::events::v1::ProjectCreated;
    using registry::events::v1::ProjectTransitioned;
    using registry::events::v1::ProjectUpdated;
    auto* d = new bus::Decoder<pqxx::work>();
    d->On<ProjectCreated>("ma.sharaka.atlas.project.created.v1",
                          ProjectEntry<ProjectCreated>("created"));
    d->On<ProjectUpdated>("ma.sharaka.atlas.project.updated.v1",
                          ProjectEntry<ProjectUpdated>("updated"));
    for (const char* verb : {"submitted", "published", "rejected", "archived", "good_practice"}) {
      d->On<ProjectTransitioned>(std::string("ma.sharaka.atlas.project.") + verb + ".v1",
                                 ProjectEntry<ProjectTransitioned>(verb));
    }
    d->On<CommentEvent>("ma.sharaka.atlas.comment.mentioned.v1", MentionEntry);
    // Anything else from the registry (comments, evaluations…) is in the
    // platform feed, concerning no one in particular.
    d->Otherwise([](pqxx::work& tx, const bus::Event& event) {
      if (event.nats_subject.rfind("atlas.audit.", 0) == 0) return absl::OkStatus();
      return Record(tx, event, InboxEntry{});
    });
    return d;
  }();
  return *decoder;
}

}  // namespace atlas::notify
