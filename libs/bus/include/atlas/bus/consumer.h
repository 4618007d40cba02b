// A durable JetStream pull consumer that applies each event exactly once.
//
// For every message: one database transaction inserts (consumer, ce-source,
// ce-id) into processed_events and runs the handler; if the row already
// existed the event was applied before and only the ack is repeated. The ack
// is sent after commit, so a crash between the two redelivers the message,
// which then hits the processed row. Handler results:
//   OK                -> commit, ack
//   INVALID_ARGUMENT  -> the event can never apply (malformed): recorded in
//                        dead_letters, counted, terminated (no redelivery)
//   anything else     -> rollback, nak with delay (redelivered later), until
//                        its max_deliver-th delivery: then dead_letters too
// When the database itself cannot be reached (connection refused or lost,
// no free connection, commit outcome unknown) the event is not at fault: it
// is held and retried in place until PostgreSQL answers, with JetStream told
// that it and the rest of its batch are in progress. An outage therefore
// spends no deliveries and sets nothing aside, however long it lasts.
// A message delivered more than max_deliver times (the process died while
// applying it, each time) goes to dead_letters without being applied again.
// The limit is counted here, on JetStream's delivery count, so a durable
// created before it existed needs no change on the server.
// processed_events rows older than `processed_retention` are pruned (once
// the stream no longer holds their messages, none can come back).
// Start() runs a background thread; Stop() finishes the message in hand and
// joins (the durable consumer is kept on the server).
#ifndef ATLAS_BUS_CONSUMER_H_
#define ATLAS_BUS_CONSUMER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "atlas/bus/event.h"
#include "atlas/core/config.h"

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Gauge;
}  // namespace prometheus

namespace atlas::db {
class Pool;
}

namespace atlas::bus {

class JetStream;

struct ConsumerOptions {
  std::string stream = "ATLAS";
  std::string durable;         // required: consumer name, e.g. "geo-registry"
  std::string filter_subject;  // required: e.g. "atlas.registry.>"
  int batch_size = 64;
  std::chrono::seconds ack_wait{30};
  std::chrono::milliseconds fetch_wait{500};
  std::chrono::milliseconds nak_delay{1000};
  // Deliveries after which a failing event is set aside (0 = never).
  int max_deliver = 10;
  // Keep processed_events rows this long: at least the stream's max age
  // (ATLAS_NATS_STREAM_MAX_AGE_H) plus a margin; 0 = keep for ever.
  std::chrono::hours processed_retention{24 * 91};
  std::chrono::minutes prune_interval{60};
  // Called after an event's effects committed (not for a duplicate): e.g.
  // geo's map model reloads at once instead of at its next poll.
  std::function<void()> after_commit = nullptr;
};

// How long a consumer keeps processed_events rows for the configured stream:
// its max age and a day (none when the stream keeps everything).
inline std::chrono::hours ProcessedRetention(const core::StreamConfig& stream) {
  return std::chrono::hours(stream.max_age_h == 0 ? 0 : stream.max_age_h + 24);
}

class Consumer final {
 public:
  using Handler = std::function<absl::Status(pqxx::work&, const Event&)>;

  Consumer(db::Pool& pool, JetStream& js, ConsumerOptions options, Handler handler,
           prometheus::Registry* metrics);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Creates or binds the durable consumer and starts consuming.
  absl::Status Start();
  void Stop();

 private:
  void Run();
  // Handles message i of `batch` (a natsMsgList*); those after it wait.
  void Handle(void* batch, int i);
  // The database could not be reached: retries `apply` in place (backing off
  // up to 1 s) until it answers or Stop(), telling JetStream that messages
  // first.. of `batch` are in progress so none is redelivered meanwhile.
  // Returns the last attempt's status.
  absl::Status HoldWhileUnavailable(void* batch, int first, const Event& event,
                                    const std::function<absl::Status()>& apply,
                                    absl::Status status);
  // Records the event in dead_letters and terminates it; false if the
  // record failed (the message is then redelivered).
  bool DeadLetter(void* msg, const Event& event, const std::string& error);
  void Prune();

  db::Pool& pool_;
  JetStream& js_;
  ConsumerOptions options_;
  Handler handler_;
  void* sub_ = nullptr;  // natsSubscription*
  std::thread thread_;
  std::atomic<bool> stop_{false};
  prometheus::Counter* applied_ = nullptr;
  prometheus::Counter* duplicate_ = nullptr;
  prometheus::Counter* rejected_ = nullptr;
  prometheus::Counter* retried_ = nullptr;
  prometheus::Counter* redelivered_ = nullptr;
  prometheus::Counter* held_ = nullptr;
  prometheus::Counter* dead_lettered_ = nullptr;
  prometheus::Counter* pruned_ = nullptr;
  std::optional<std::chrono::steady_clock::time_point> pruned_at_;  // none: at start
  prometheus::Gauge* pending_ = nullptr;
};

}  // namespace atlas::bus

#endif  // ATLAS_BUS_CONSUMER_H_
