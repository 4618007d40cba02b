// An event as it travels: CloudEvents attributes (binary mode) + protobuf
// payload. On NATS the attributes are `ce-*` headers and the payload is the
// body; in the outbox they are columns.
#ifndef ATLAS_BUS_EVENT_H_
#define ATLAS_BUS_EVENT_H_

#include <cstdint>
#include <string>

namespace atlas::bus {

struct Event {
  std::string id = {};            // ce-id: UUID v4; also the JetStream Nats-Msg-Id
  std::string source = {};        // ce-source, e.g. "/atlas/registry"
  std::string type = {};          // ce-type, e.g. "ma.sharaka.atlas.project.created.v1"
  std::string subject = {};       // ce-subject: the resource name, e.g. "projects/123"
  std::string time = {};          // ce-time: RFC 3339 UTC
  std::string nats_subject = {};  // e.g. "atlas.registry.project.created"
  std::string traceparent = {};   // W3C trace context of the request that caused it
  std::string payload = {};       // serialized protobuf message
  // Set on consumption only.
  uint64_t stream_sequence = 0;
  uint64_t delivery_count = 0;
};

// An event with a fresh id and the current time; `traceparent` defaults to
// the thread's current one (log::TraceScope).
Event NewEvent(std::string source, std::string type, std::string subject, std::string nats_subject,
               std::string payload, std::string traceparent = "");

// A random (version 4) UUID in canonical form.
std::string NewUuid();

// The current time as RFC 3339 with microseconds, UTC.
std::string NowRfc3339();

}  // namespace atlas::bus

#endif  // ATLAS_BUS_EVENT_H_
