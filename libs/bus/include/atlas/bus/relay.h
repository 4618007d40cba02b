// The outbox relay: publishes committed outbox rows to JetStream, in order,
// then deletes them. A row NATS will never accept (too large) moves to
// dead_letters instead of holding every later row back (dead_letters.h).
//
// Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas may run
// relays without publishing a row twice at the same time; a crash between
// publish and delete re-publishes on restart with the same Nats-Msg-Id, which
// JetStream discards as a duplicate within its window. A background thread
// polls every `poll_interval` and wakes at once on Wake(). Stop() flushes what
// is pending (bounded by `flush_timeout`) and joins. Thread-safe.
#ifndef ATLAS_BUS_RELAY_H_
#define ATLAS_BUS_RELAY_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
}  // namespace prometheus

namespace atlas::db {
class Pool;
}

namespace atlas::bus {

class JetStream;

struct RelayOptions {
  int batch_size = 100;                           // rows per transaction
  std::chrono::milliseconds poll_interval{250};   // when not woken
  std::chrono::milliseconds flush_timeout{5000};  // at Stop()
  // The stream whose size the relay reports (atlas_jetstream_stream_*), and how often.
  std::string stream = "ATLAS";
  std::chrono::milliseconds stream_state_interval{15000};
};

class Relay final {
 public:
  Relay(db::Pool& pool, JetStream& js, RelayOptions options, prometheus::Registry* metrics);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void Start();
  // Asks the relay to look at the outbox now (after a commit).
  void Wake();
  // Publishes what is pending (up to flush_timeout), then stops the thread.
  void Stop();

  // Publishes up to one batch now. Returns how many rows it published (or set
  // aside as dead letters), or the error that stopped it (rows published
  // before the error are deleted).
  absl::StatusOr<int> PublishBatch();

 private:
  void Run();
  void UpdateLagGauges();
  void UpdateStreamGauges();

  db::Pool& pool_;
  JetStream& js_;
  RelayOptions options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  std::atomic<bool> stop_{false};
  prometheus::Counter* published_ = nullptr;
  prometheus::Counter* duplicates_ = nullptr;
  prometheus::Counter* errors_ = nullptr;
  prometheus::Counter* dead_lettered_ = nullptr;
  prometheus::Gauge* dead_letters_ = nullptr;
  prometheus::Gauge* pending_ = nullptr;
  prometheus::Gauge* oldest_age_ = nullptr;
  prometheus::Gauge* stream_messages_ = nullptr;
  prometheus::Gauge* stream_bytes_ = nullptr;
  prometheus::Gauge* stream_consumers_ = nullptr;
  std::chrono::steady_clock::time_point stream_state_at_{};
};

}  // namespace atlas::bus

#endif  // ATLAS_BUS_RELAY_H_
