// A task run again and again on a thread of its own (key refreshes, reloads
// of a copy another replica may have changed), until stopped.
#ifndef ATLAS_CORE_PERIODIC_H_
#define ATLAS_CORE_PERIODIC_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace atlas::core {

class Periodic final {
 public:
  // `tick` returns whether it succeeded; the next one comes `every` later, or
  // `retry` later after a failure. Nothing runs before Start().
  Periodic(std::chrono::milliseconds every, std::chrono::milliseconds retry,
           std::function<bool()> tick);
  ~Periodic();
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  // The first tick comes one interval after Start().
  void Start();
  // Wakes the thread and waits for the tick in hand; idempotent.
  void Stop();

 private:
  void Run();

  const std::chrono::milliseconds every_;
  const std::chrono::milliseconds retry_;
  std::function<bool()> tick_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace atlas::core

#endif  // ATLAS_CORE_PERIODIC_H_
