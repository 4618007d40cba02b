// The current in-memory map model: loaded at start, reloaded by a background
// thread whenever the read model's generation changes — at once after
// Nudge() (the event consumer calls it once a change committed), and every
// `poll` in any case (a change made by another replica's consumer). With
// `metrics`: the loaded generation, its number of project versions, load
// durations and failures. `on_loaded` (optional) hears each new generation
// once it serves (geo announces it: atlas.geo.map.updated). Thread-safe.
#ifndef ATLAS_GEO_DOMAIN_MAP_MODEL_HOLDER_H_
#define ATLAS_GEO_DOMAIN_MAP_MODEL_HOLDER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "geo/domain/map_model.h"
#include "geo/domain/map_store.h"

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
}  // namespace prometheus

namespace atlas::geo {

class MapModelHolder final {
 public:
  using OnLoaded = std::function<void(int64_t generation)>;
  MapModelHolder(MapStore& store, std::chrono::milliseconds poll,
                 prometheus::Registry* metrics = nullptr, OnLoaded on_loaded = nullptr);
  ~MapModelHolder();
  MapModelHolder(const MapModelHolder&) = delete;
  MapModelHolder& operator=(const MapModelHolder&) = delete;

  // The model being served; null until the first load.
  std::shared_ptr<const MapModel> Current() const;
  // Look at the generation now (a change was committed).
  void Nudge();

 private:
  void Run();
  MapStore& store_;
  std::chrono::milliseconds poll_;
  OnLoaded on_loaded_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, nudged_ = false;
  std::shared_ptr<const MapModel> model_;
  prometheus::Gauge* generation_ = nullptr;
  prometheus::Gauge* versions_ = nullptr;
  prometheus::Histogram* load_seconds_ = nullptr;
  prometheus::Counter* failures_ = nullptr;
  std::thread thread_;
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_MAP_MODEL_HOLDER_H_
