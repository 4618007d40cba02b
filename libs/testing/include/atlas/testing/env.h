// Where integration tests find the real PostgreSQL and NATS that
// scripts/test starts (ATLAS_TEST_PG_URL, ATLAS_TEST_NATS_URL). When run by
// hand without them, integration tests are reported as skipped, never passed.
#ifndef ATLAS_TESTING_ENV_H_
#define ATLAS_TESTING_ENV_H_

#include <cstdlib>
#include <random>
#include <string>

#include "gtest/gtest.h"

namespace atlas::testing {

inline std::string EnvOrEmpty(const char* var) {
  const char* v = std::getenv(var);
  return v ? v : "";
}

// A fresh lowercase name, unique enough to isolate one test's schema/stream.
inline std::string UniqueName(const std::string& prefix) {
  std::random_device rd;
  return prefix + "_" + std::to_string(rd() % 100000000);
}

}  // namespace atlas::testing

#define ATLAS_REQUIRE_ENV(var, out)                                               \
  do {                                                                            \
    out = ::atlas::testing::EnvOrEmpty(var);                                      \
    if (out.empty()) GTEST_SKIP() << var << " not set; run through scripts/test"; \
  } while (0)

#endif  // ATLAS_TESTING_ENV_H_
