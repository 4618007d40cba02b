// The highest generation of atlas-registry's change log this gateway has
// heard of (decision 0040): from the trailing metadata of the answers to
// writes through it and from the registry's project events. Passed on with
// each anonymous search, so that the registry replica answering it reflects
// every write this gateway knows of without asking PostgreSQL each time.
#ifndef ATLAS_GATEWAY_EDGE_SEARCH_GENERATION_H_
#define ATLAS_GATEWAY_EDGE_SEARCH_GENERATION_H_

#include <atomic>
#include <cstdint>
#include <string_view>

namespace atlas::gateway {

class SearchGeneration final {
 public:
  // Raises the generation to `generation` (never lowers it).
  void Heard(int64_t generation);
  // The same from a decimal value as the registry sends it (anything else is
  // ignored).
  void Heard(std::string_view decimal);
  int64_t Get() const { return value_.load(); }

  // Field 15 (`search_generation`) of a project event's payload — the same
  // number in ProjectCreated, ProjectUpdated and ProjectTransitioned — or 0
  // if absent or the bytes are not a message.
  static int64_t OfEvent(std::string_view payload);

 private:
  std::atomic<int64_t> value_{0};
};

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_EDGE_SEARCH_GENERATION_H_
