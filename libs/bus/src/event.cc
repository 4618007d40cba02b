// Event construction helpers.
#include "atlas/bus/event.h"

#include "atlas/core/log.h"
#include "atlas/core/time.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

namespace atlas::bus {

std::string NewUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}() ^
                                   (static_cast<uint64_t>(std::random_device{}()) << 32)};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string NowRfc3339() { return core::FormatRfc3339(std::chrono::system_clock::now(), 6); }

Event NewEvent(std::string source, std::string type, std::string subject, std::string nats_subject,
               std::string payload, std::string traceparent) {
  Event e;
  e.id = NewUuid();
  e.source = std::move(source);
  e.type = std::move(type);
  e.subject = std::move(subject);
  e.time = NowRfc3339();
  e.nats_subject = std::move(nats_subject);
  e.payload = std::move(payload);
  if (traceparent.empty()) {
    e.traceparent = log::CurrentTraceparent();
  } else {
    e.traceparent = std::move(traceparent);
  }
  return e;
}

}  // namespace atlas::bus
