// A durable JetStream pull consumer that applies each event exactly once.
//
// For every message: one database transaction inserts (consumer, ce-source,
// ce-id) into processed_events and runs the handler; if the row already
// existed the event was applied before and only the ack is repeated. The ack
// is sent after commit, so a crash between the two redelivers the message,
// which then hits the processed row. Handler results:
//   OK                -> commit, ack
//   INVALID_ARGUMENT  -> the event can never apply (malformed): logged,
//                        counted, terminated (no redelivery)
//   anything else     -> rollback, nak with delay (redelivered later)
// Start() runs a background thread; Stop() finishes the message in hand and
// joins (the durable consumer is kept on the server).
#ifndef ATLAS_BUS_CONSUMER_H_
#define ATLAS_BUS_CONSUMER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "atlas/bus/event.h"

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
};

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
  void Handle(void* msg);

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
  prometheus::Gauge* pending_ = nullptr;
};

}  // namespace atlas::bus

#endif  // ATLAS_BUS_CONSUMER_H_
