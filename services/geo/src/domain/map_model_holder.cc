// Map model reloads.
#include "geo/domain/map_model_holder.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "atlas/core/log.h"

namespace atlas::geo {

MapModelHolder::MapModelHolder(MapStore& store, std::chrono::milliseconds poll,
                               prometheus::Registry* metrics, OnLoaded on_loaded)
    : store_(store), poll_(poll), on_loaded_(std::move(on_loaded)) {
  if (metrics != nullptr) {
    generation_ = &prometheus::BuildGauge()
                       .Name("atlas_geo_map_model_generation")
                       .Help("Generation of the read model this replica serves from memory")
                       .Register(*metrics)
                       .Add({});
    versions_ = &prometheus::BuildGauge()
                     .Name("atlas_geo_map_model_versions")
                     .Help("Project versions (public and working copies) in the map model")
                     .Register(*metrics)
                     .Add({});
    load_seconds_ = &prometheus::BuildHistogram()
                         .Name("atlas_geo_map_model_load_seconds")
                         .Help("Time to load the map model from PostGIS")
                         .Register(*metrics)
                         .Add({}, prometheus::Histogram::BucketBoundaries{
                                      0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    failures_ = &prometheus::BuildCounter()
                     .Name("atlas_geo_map_model_load_failures_total")
                     .Help("Failed loads of the map model (the previous model keeps serving)")
                     .Register(*metrics)
                     .Add({});
  }
  thread_ = std::thread([this] { Run(); });
}

MapModelHolder::~MapModelHolder() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::shared_ptr<const MapModel> MapModelHolder::Current() const {
  std::lock_guard lock(mu_);
  return model_;
}

void MapModelHolder::Nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  cv_.notify_all();
}

void MapModelHolder::Run() {
  int64_t loaded = -1;
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    absl::StatusOr<int64_t> generation = store_.Generation();
    if (generation.ok() && *generation != loaded) {
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<std::shared_ptr<const MapModel>> model = store_.Load();
      if (load_seconds_ != nullptr) {
        load_seconds_->Observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      if (model.ok()) {
        loaded = (*model)->generation();
        if (generation_ != nullptr) {
          generation_->Set(static_cast<double>(loaded));
          versions_->Set(static_cast<double>((*model)->version_count()));
        }
        lock.lock();
        model_ = *std::move(model);
        lock.unlock();
        if (on_loaded_) on_loaded_(loaded);
      } else {
        if (failures_ != nullptr) failures_->Increment();
        log::Warn("map model not reloaded: " + model.status().ToString());
      }
    } else if (!generation.ok()) {
      log::Warn("map model generation unknown: " + generation.status().ToString());
    }
    lock.lock();
    cv_.wait_for(lock, poll_, [this] { return stop_ || nudged_; });
    nudged_ = false;
  }
}

}  // namespace atlas::geo
