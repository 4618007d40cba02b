// A NATS connection with its JetStream context (libnats).
//
// Reconnects forever in the background; `on_state` (optional) hears every
// connect/disconnect so a service can flip its health status. Thread-safe:
// libnats connections and contexts may be shared between threads.
#ifndef ATLAS_BUS_JETSTREAM_H_
#define ATLAS_BUS_JETSTREAM_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "atlas/bus/event.h"
#include "atlas/core/config.h"

struct __natsConnection;
struct __jsCtx;

namespace prometheus {
class Registry;
}

namespace atlas::bus {

struct StreamOptions {
  std::string name = "ATLAS";
  std::vector<std::string> subjects = {"atlas.>"};
  int replicas = 1;
  // JetStream de-duplication window on Nats-Msg-Id; at least 2 minutes.
  std::chrono::seconds duplicate_window{std::chrono::minutes(10)};
  // Retention: messages older than max_age are removed (0 = kept for ever);
  // past max_bytes (0 = unbounded) the stream refuses new messages, which
  // then wait in the producers' outboxes (nothing is lost; an alert fires)
  // rather than silently dropping the oldest ones.
  std::chrono::hours max_age{0};
  int64_t max_bytes = 0;
};

// The options of the stream configured by ATLAS_NATS_STREAM*.
StreamOptions StreamOptionsFrom(const core::StreamConfig& config);

// What the stream holds (JetStream's stream info).
struct StreamState {
  uint64_t messages = 0;
  uint64_t bytes = 0;
  int64_t consumers = 0;
  // Its retention as the server holds it.
  std::chrono::seconds max_age{0};
  int64_t max_bytes = -1;
};

class JetStream final {
 public:
  // Connects to `url` (comma-separated server list), naming the connection
  // `client_name`, over TLS with a client certificate when `tls` is enabled.
  // UNAVAILABLE if no server answers; INVALID_ARGUMENT if a TLS file is
  // unreadable. With `metrics`, exports atlas_nats_connected and
  // atlas_nats_disconnects_total.
  static absl::StatusOr<std::unique_ptr<JetStream>> Connect(
      const std::string& url, const std::string& client_name,
      std::function<void(bool connected)> on_state = nullptr,
      prometheus::Registry* metrics = nullptr, const core::NatsTlsConfig& tls = {});
  ~JetStream();
  JetStream(const JetStream&) = delete;
  JetStream& operator=(const JetStream&) = delete;

  // Creates the stream (file storage) or updates its subjects, window and limits.
  absl::Status EnsureStream(const StreamOptions& options);

  // Publishes with the CloudEvents headers and Nats-Msg-Id = `msg_id` (default
  // event.id), waiting for the stream's acknowledgement. Returns true if
  // JetStream reported the message as a duplicate (already stored within the
  // window). OUT_OF_RANGE when the message is larger than the server or the
  // stream accepts (it never will be: see dead_letters.h); UNAVAILABLE when
  // NATS is away.
  absl::StatusOr<bool> Publish(const Event& event, std::string_view msg_id = {});

  // The stream's message and byte counts and its number of consumers.
  absl::StatusOr<StreamState> GetStreamState(const std::string& stream);

  bool connected() const;
  __natsConnection* connection() { return nc_; }
  __jsCtx* context() { return js_; }

 private:
  // Shared with libnats' callback thread; freed only after its last callback.
  struct Callbacks;
  JetStream() = default;
  __natsConnection* nc_ = nullptr;
  __jsCtx* js_ = nullptr;
  std::unique_ptr<Callbacks> callbacks_;
};

// The headers of a received message -> Event (payload and metadata too).
// INVALID_ARGUMENT if a required CloudEvents attribute is missing.
absl::StatusOr<Event> EventFromMessage(void* nats_msg);

}  // namespace atlas::bus

#endif  // ATLAS_BUS_JETSTREAM_H_
