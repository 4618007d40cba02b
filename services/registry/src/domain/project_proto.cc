// Project -> proto, and event payloads.
#include "registry/domain/project_proto.h"

#include "atlas/core/etag.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "google/protobuf/util/time_util.h"
#include "registry/domain/project_service.h"

namespace atlas::registry {

void ToProto(const Project& p, v1::Project* out) {
  *out = p.content;
  out->set_name("projects/" + p.id);
  out->set_state(static_cast<v1::ProjectState>(p.state));
  if (!p.organisation.empty()) out->set_organisation("organisations/" + p.organisation);
  out->set_etag(core::RevisionEtag(p.revision));
  out->set_revision(p.revision);
  out->set_published_revision(p.published_revision);
  out->set_good_practice(p.good_practice);
  out->set_demo(p.demo);
  out->set_rejection_reason(p.rejection_reason);
  out->set_total_budget(TotalBudget(p.content));
  *out->mutable_create_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(p.create_time_us);
  *out->mutable_update_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(p.update_time_us);
}

void ToEventProto(const Project& p, v1::Project* out) {
  ToProto(p, out);
  // Events say what changed and carry what consumers use (codes, places'
  // points, budgets, dates, titles); long texts, names, documents and
  // contacts stay in the registry (GetProject), so an event is small
  // whatever the record holds and no private contact travels on the bus.
  out->clear_summary();
  out->clear_objectives();
  out->clear_expected_results();
  out->clear_achieved_results();
  out->clear_milestones();
  out->clear_documents();
  out->clear_contacts();
  out->clear_funding_shares();
  for (auto& o : *out->mutable_participating_organisations()) o.clear_name();
  for (auto& place : *out->mutable_places()) place.clear_name();
}

EncodedEvent EncodeEvent(const Project& after, const Change& change,
                         const std::map<std::string, double>& per_eur, int64_t search_generation) {
  auto eur = [&](const v1::Project& c) {
    auto rate = per_eur.find(c.currency().empty() ? "MAD" : c.currency());
    return rate == per_eur.end() || rate->second <= 0 ? 0.0 : TotalBudget(c) / rate->second;
  };
  // What every project event carries: the working copy, the public version
  // when there is one, their budgets in EUR, and who acted.
  auto common = [&](auto& e) {
    ToEventProto(after, e.mutable_project());
    e.set_budget_eur(eur(after.content));
    if (HasPublicVersion(after)) {
      ToEventProto(PublicView(after), e.mutable_public_version());
      e.set_public_budget_eur(eur(*after.published));
    }
    e.set_actor(change.actor);
    e.set_search_generation(search_generation);
  };
  EncodedEvent out{ActionName(change.action), ""};
  if (change.action == Action::kCreated) {
    events::v1::ProjectCreated e;
    common(e);
    out.payload = e.SerializeAsString();
  } else if (change.action == Action::kUpdated) {
    events::v1::ProjectUpdated e;
    common(e);
    for (const auto& f : change.changed_fields) e.add_changed_fields(f);
    out.payload = e.SerializeAsString();
  } else {
    events::v1::ProjectTransitioned e;
    common(e);
    e.set_from_state(static_cast<v1::ProjectState>(change.from_state));
    e.set_to_state(static_cast<v1::ProjectState>(after.state));
    e.set_reason(change.reason);
    out.payload = e.SerializeAsString();
  }
  return out;
}

}  // namespace atlas::registry
