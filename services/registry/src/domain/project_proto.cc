// Project -> proto, and event payloads.
#include "domain/project_proto.h"

#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/status.h"
#include "domain/project_service.h"

namespace atlas::registry {

void ToProto(const Project& p, v1::Project* out) {
  *out = p.content;
  out->set_name("projects/" + p.id);
  out->set_state(static_cast<v1::ProjectState>(p.state));
  if (!p.organisation.empty()) out->set_organisation("organisations/" + p.organisation);
  out->set_etag(EtagFor(p.revision));
  out->set_revision(p.revision);
  out->set_published_revision(p.published_revision);
  out->set_good_practice(p.good_practice);
  out->set_demo(p.demo);
  out->set_rejection_reason(p.rejection_reason);
  out->set_total_budget(TotalBudget(p.content));
  rpc::SetTimestamp(p.create_time_us, out->mutable_create_time());
  rpc::SetTimestamp(p.update_time_us, out->mutable_update_time());
}

EncodedEvent EncodeEvent(const Project& after, const Change& change) {
  auto fill = [&](v1::Project* project, v1::Project* public_version) {
    ToProto(after, project);
    if (HasPublicVersion(after)) ToProto(PublicView(after), public_version);
  };
  EncodedEvent out{ActionName(change.action), ""};
  switch (change.action) {
    case Action::kCreated: {
      events::v1::ProjectCreated e;
      fill(e.mutable_project(), e.mutable_public_version());
      if (!HasPublicVersion(after)) e.clear_public_version();
      e.set_actor(change.actor);
      out.payload = e.SerializeAsString();
      break;
    }
    case Action::kUpdated: {
      events::v1::ProjectUpdated e;
      fill(e.mutable_project(), e.mutable_public_version());
      if (!HasPublicVersion(after)) e.clear_public_version();
      for (const auto& f : change.changed_fields) e.add_changed_fields(f);
      e.set_actor(change.actor);
      out.payload = e.SerializeAsString();
      break;
    }
    default: {
      events::v1::ProjectTransitioned e;
      fill(e.mutable_project(), e.mutable_public_version());
      if (!HasPublicVersion(after)) e.clear_public_version();
      e.set_from_state(static_cast<v1::ProjectState>(change.from_state));
      e.set_to_state(static_cast<v1::ProjectState>(after.state));
      e.set_reason(change.reason);
      e.set_actor(change.actor);
      out.payload = e.SerializeAsString();
      break;
    }
  }
  return out;
}

}  // namespace atlas::registry
