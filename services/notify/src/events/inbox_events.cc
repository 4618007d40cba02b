// Inbox entries from events.
#include "notify/events/inbox_events.h"

#include "absl/strings/ascii.h"
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
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n) + "…";
}

}  // namespace

absl::Status RecordEvent(pqxx::work& tx, const bus::Event& event) {
  // Security audit events belong to the audit log (atlas-gateway), not to
  // anyone's inbox.
  if (event.nats_subject.rfind("atlas.audit.", 0) == 0) return absl::OkStatus();
  InboxEntry entry;
  constexpr std::string_view kProject = "ma.sharaka.atlas.project.";
  constexpr std::string_view kMentioned = "ma.sharaka.atlas.comment.mentioned.v1";
  if (event.type.rfind(kProject, 0) == 0) {
    // Every project event starts with the project (field 1): read it alone.
    registry::events::v1::ProjectCreated e;
    if (!e.ParseFromString(event.payload)) {
      return absl::InvalidArgumentError("unreadable project event payload in event " + event.id);
    }
    const auto& t = e.project().title();
    entry.label = !t.fr().empty() ? t.fr() : !t.en().empty() ? t.en() : t.ar();
    // Whom it concerns: validators when there is something to validate; the
    // project's organisation when the ministry has decided on it.
    const std::string verb =
        event.type.substr(kProject.size(), event.type.find('.', kProject.size()) - kProject.size());
    const std::string org = IdAfter(e.project().organisation(), "organisations/");
    if (verb == "submitted") entry.recipients.push_back("role:validator");
    if ((verb == "published" || verb == "rejected" || verb == "archived" ||
         verb == "good_practice") &&
        !org.empty()) {
      entry.recipients.push_back("org:" + org);
    }
  } else if (event.type == kMentioned) {
    registry::events::v1::CommentEvent e;
    if (!e.ParseFromString(event.payload)) {
      return absl::InvalidArgumentError("unreadable comment event payload in event " + event.id);
    }
    entry.label = Excerpt(e.comment().text(), 120);
    // Only the dialogue's own (the project's organisation, the ministry's
    // staff) are told: a name mentioned from elsewhere learns nothing.
    entry.audience = IdAfter(e.project_organisation(), "organisations/");
    const std::string& m = e.mentioned();
    if (const std::string org = IdAfter(m, "organisations/"); !org.empty()) {
      entry.recipients.push_back("org:" + org);
    } else if (!m.empty()) {
      entry.recipients.push_back("user:" + absl::AsciiStrToLower(m));
    }
  }
  entry.event_id = event.id;
  entry.event_source = event.source;
  entry.event_type = event.type;
  entry.subject = event.subject;
  entry.summary = Summarize(event.type, event.subject, entry.label);
  AddEntry(tx, entry);
  return absl::OkStatus();
}

}  // namespace atlas::notify
