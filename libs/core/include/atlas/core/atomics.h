// Small lock-free helpers.
#ifndef ATLAS_CORE_ATOMICS_H_
#define ATLAS_CORE_ATOMICS_H_

#include <atomic>
#include <cstdint>

namespace atlas::core {

// Raises `value` to `to` if it is lower (a running maximum shared by threads).
inline void RaiseTo(std::atomic<int64_t>& value, int64_t to) {
  int64_t now = value.load();
  while (now < to && !value.compare_exchange_weak(now, to)) {
  }
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_ATOMICS_H_
