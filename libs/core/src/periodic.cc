// A task run periodically on its own thread.
#include "atlas/core/periodic.h"

#include <utility>

namespace atlas::core {

Periodic::Periodic(std::chrono::milliseconds every, std::chrono::milliseconds retry,
                   std::function<bool()> tick)
    : every_(every), retry_(retry), tick_(std::move(tick)) {}

Periodic::~Periodic() { Stop(); }

void Periodic::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void Periodic::Run() {
  bool ok = true;
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, ok ? every_ : retry_, [this] { return stop_; })) {
    lock.unlock();
    ok = tick_();
    lock.lock();
  }
}

void Periodic::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace atlas::core
