// The registry's project events, for consumers that follow a project's
// versions: every one of them (created, updated, and each workflow
// transition) carries the working copy and, if any, the public version.
// OnEveryProjectEvent registers one handler for all of them, so the list of
// event types lives in one place. Header-only: include it from a target that
// links atlas::proto.
#ifndef ATLAS_BUS_PROJECT_EVENTS_H_
#define ATLAS_BUS_PROJECT_EVENTS_H_

#include <string>

#include "atlas/bus/decoder.h"
#include "atlas/registry/events/v1/project_events.pb.h"

namespace atlas::bus {

// `handle(ctx, event, meta)` must accept each of ProjectCreated,
// ProjectUpdated and ProjectTransitioned (a generic lambda or a template).
template <typename Context, typename Handle>
void OnEveryProjectEvent(Decoder<Context>& decoder, Handle handle) {
  using registry::events::v1::ProjectCreated;
  using registry::events::v1::ProjectTransitioned;
  using registry::events::v1::ProjectUpdated;
  decoder.template On<ProjectCreated>("ma.sharaka.atlas.project.created.v1", handle);
  decoder.template On<ProjectUpdated>("ma.sharaka.atlas.project.updated.v1", handle);
  for (const char* verb : {"submitted", "published", "rejected", "archived", "good_practice"}) {
    decoder.template On<ProjectTransitioned>(
        std::string("ma.sharaka.atlas.project.") + verb + ".v1", handle);
  }
}

// The decoder of a consumer built on OnEveryProjectEvent, made once (one per
// `handle` type: each caller's lambda has its own).
template <typename Context, typename Handle>
const Decoder<Context>& ProjectEventsDecoder(Handle handle) {
  static const Decoder<Context>* decoder = [&] {
    auto* d = new Decoder<Context>();
    OnEveryProjectEvent(*d, handle);
    return d;
  }();
  return *decoder;
}

// A project's IATI activity status as its enum name ("" when unspecified).
inline std::string ActivityStatusName(const registry::v1::Project& p) {
  return p.status() == registry::v1::ACTIVITY_STATUS_UNSPECIFIED
             ? ""
             : registry::v1::ActivityStatus_Name(p.status());
}

}  // namespace atlas::bus

#endif  // ATLAS_BUS_PROJECT_EVENTS_H_
