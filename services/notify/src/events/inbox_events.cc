// Inbox entries from events.
#include "events/inbox_events.h"

#include "atlas/registry/events/v1/project_events.pb.h"
#include "domain/summary.h"
#include "store/pg_inbox_store.h"

namespace atlas::notify {

absl::Status RecordEvent(pqxx::work& tx, const bus::Event& event) {
  // Security audit events belong to the audit log (atlas-gateway), not to
  // anyone's inbox.
  if (event.nats_subject.rfind("atlas.audit.", 0) == 0) return absl::OkStatus();
  std::string label;
  if (event.type.rfind("ma.sharaka.atlas.project.", 0) == 0) {
    // Every project event starts with the project (field 1): read it alone.
    registry::events::v1::ProjectCreated e;
    if (!e.ParseFromString(event.payload)) {
      return absl::InvalidArgumentError("unreadable project event payload in event " + event.id);
    }
    const auto& t = e.project().title();
    label = !t.fr().empty() ? t.fr() : !t.en().empty() ? t.en() : t.ar();
  }
  InboxEntry entry;
  entry.event_id = event.id;
  entry.event_source = event.source;
  entry.event_type = event.type;
  entry.subject = event.subject;
  entry.summary = Summarize(event.type, event.subject, label);
  AddEntry(tx, entry);
  return absl::OkStatus();
}

}  // namespace atlas::notify
