// Retrying start-up connections while the other side is not up yet.
#ifndef ATLAS_CORE_RETRY_H_
#define ATLAS_CORE_RETRY_H_

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "atlas/core/log.h"

namespace atlas::core {

// Calls `attempt` until it returns anything but UNAVAILABLE, or `timeout_s`
// seconds pass (then returns the last UNAVAILABLE). Logs the first failure.
template <typename T>
absl::StatusOr<T> RetryWhileUnavailable(const std::string& what, int timeout_s,
                                        const std::function<absl::StatusOr<T>()>& attempt) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  bool logged = false;
  while (true) {
    absl::StatusOr<T> r = attempt();
    if (r.ok() || r.status().code() != absl::StatusCode::kUnavailable ||
        std::chrono::steady_clock::now() >= deadline) {
      return r;
    }
    if (!logged) {
      log::Warn(what + " not reachable yet; retrying", {{"error", r.status().ToString()}});
      logged = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_RETRY_H_
