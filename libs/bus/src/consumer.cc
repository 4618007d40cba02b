// Exactly-once-effect JetStream consumer.
#include "atlas/bus/consumer.h"

#include <nats/nats.h>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "atlas/bus/dead_letters.h"
#include "atlas/bus/jetstream.h"
#include "atlas/core/log.h"
#include "atlas/db/pool.h"

namespace atlas::bus {
namespace {

constexpr char kMarkProcessed[] = R"sql(
INSERT INTO processed_events (consumer, source, event_id) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING)sql";

}  // namespace

Consumer::Consumer(db::Pool& pool, JetStream& js, ConsumerOptions options, Handler handler,
                   prometheus::Registry* metrics)
    : pool_(pool), js_(js), options_(std::move(options)), handler_(std::move(handler)) {
  if (metrics != nullptr) {
    auto& family = prometheus::BuildCounter()
                       .Name("atlas_events_consumed_total")
                       .Help("Events handled by a durable consumer, by result")
                       .Register(*metrics);
    applied_ = &family.Add({{"consumer", options_.durable}, {"result", "applied"}});
    duplicate_ = &family.Add({{"consumer", options_.durable}, {"result", "duplicate"}});
    rejected_ = &family.Add({{"consumer", options_.durable}, {"result", "rejected"}});
    retried_ = &family.Add({{"consumer", options_.durable}, {"result", "retried"}});
    dead_lettered_ = &family.Add({{"consumer", options_.durable}, {"result", "dead_lettered"}});
    pruned_ = &prometheus::BuildCounter()
                   .Name("atlas_processed_events_pruned_total")
                   .Help("processed_events rows removed by retention")
                   .Register(*metrics)
                   .Add({{"consumer", options_.durable}});
    held_ = &prometheus::BuildCounter()
                 .Name("atlas_events_held_total")
                 .Help(
                     "Events held and retried in place because the database could not be "
                     "reached (not counted as deliveries)")
                 .Register(*metrics)
                 .Add({{"consumer", options_.durable}});
    redelivered_ = &prometheus::BuildCounter()
                        .Name("atlas_events_redelivered_total")
                        .Help(
                            "Messages this consumer received more than once (a handler failed, "
                            "timed out or the process died before the ack)")
                        .Register(*metrics)
                        .Add({{"consumer", options_.durable}});
    pending_ = &prometheus::BuildGauge()
                    .Name("atlas_consumer_pending_messages")
                    .Help("Messages in the stream not yet delivered to this consumer (lag)")
                    .Register(*metrics)
                    .Add({{"consumer", options_.durable}});
  }
}

Consumer::~Consumer() {
  Stop();
  // Destroy, never Unsubscribe: unsubscribing deletes the durable consumer.
  if (sub_ != nullptr) natsSubscription_Destroy(static_cast<natsSubscription*>(sub_));
}

absl::Status Consumer::Start() {
  if (options_.durable.empty() || options_.filter_subject.empty()) {
    return absl::InvalidArgumentError("consumer needs a durable name and a filter subject");
  }
  jsOptions jo;
  jsOptions_Init(&jo);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = options_.stream.c_str();
  so.Config.Durable = options_.durable.c_str();
  so.Config.AckPolicy = js_AckExplicit;
  so.Config.DeliverPolicy = js_DeliverAll;
  so.Config.AckWait =
      std::chrono::duration_cast<std::chrono::nanoseconds>(options_.ack_wait).count();
  so.Config.FilterSubject = options_.filter_subject.c_str();
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_PullSubscribe(&sub, js_.context(), options_.filter_subject.c_str(),
                                  options_.durable.c_str(), &jo, &so, &code);
  if (s != NATS_OK) {
    return absl::UnavailableError(absl::StrCat("cannot create consumer ", options_.durable, ": ",
                                               natsStatus_GetText(s), " (", static_cast<int>(code),
                                               ")"));
  }
  sub_ = sub;
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void Consumer::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void Consumer::Run() {
  auto* sub = static_cast<natsSubscription*>(sub_);
  while (!stop_) {
    if (!pruned_at_ || std::chrono::steady_clock::now() - *pruned_at_ >= options_.prune_interval) {
      Prune();
    }
    natsMsgList list{};
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s =
        natsSubscription_Fetch(&list, sub, options_.batch_size, options_.fetch_wait.count(), &code);
    if (s == NATS_TIMEOUT) continue;
    if (s != NATS_OK) {
      log::Warn("fetch failed; retrying",
                {{"consumer", options_.durable}, {"error", natsStatus_GetText(s)}});
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    for (int i = 0; i < list.Count; ++i) {
      // On stop, leave the rest unacked: the server redelivers after ack_wait.
      if (!stop_) Handle(&list, i);
    }
    natsMsgList_Destroy(&list);
  }
}

void Consumer::Prune() {
  pruned_at_ = std::chrono::steady_clock::now();
  if (options_.processed_retention.count() <= 0) return;
  // In slices, so no transaction holds many rows or runs long.
  for (int slice = 0; slice < 100 && !stop_; ++slice) {
    int64_t n = 0;
    absl::Status s = pool_.Transact([&](pqxx::work& tx) {
      n = static_cast<int64_t>(
          tx.exec_params(R"sql(
DELETE FROM processed_events WHERE ctid = ANY(ARRAY(
  SELECT ctid FROM processed_events
  WHERE consumer = $1 AND processed_at < now() - make_interval(hours => $2)
  LIMIT 5000)))sql",
                         options_.durable, static_cast<int>(options_.processed_retention.count()))
              .affected_rows());
      return absl::OkStatus();
    });
    if (!s.ok()) {
      log::Warn("processed_events pruning failed; will retry",
                {{"consumer", options_.durable}, {"error", s.ToString()}});
      return;
    }
    if (pruned_ != nullptr) pruned_->Increment(static_cast<double>(n));
    if (n < 5000) return;
  }
}

bool Consumer::DeadLetter(void* raw, const Event& event, const std::string& error) {
  auto* msg = static_cast<natsMsg*>(raw);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    RecordDeadLetter(tx, options_.durable, event, error,
                     static_cast<int64_t>(event.delivery_count));
    return absl::OkStatus();
  });
  if (!s.ok()) {
    log::Warn("dead letter not recorded; will be redelivered",
              {{"consumer", options_.durable}, {"event", event.id}, {"error", s.ToString()}});
    natsMsg_NakWithDelay(msg, options_.nak_delay.count(), nullptr);
    return false;
  }
  log::Error("event set aside in dead_letters",
             {{"consumer", options_.durable},
              {"event", event.id},
              {"type", event.type},
              {"deliveries", std::to_string(event.delivery_count)},
              {"error", error}});
  if (dead_lettered_ != nullptr) dead_lettered_->Increment();
  natsMsg_Term(msg, nullptr);
  return true;
}

absl::Status Consumer::HoldWhileUnavailable(void* batch, int first, const Event& event,
                                            const std::function<absl::Status()>& apply,
                                            absl::Status status) {
  auto* list = static_cast<natsMsgList*>(batch);
  log::Warn("cannot reach the database; holding the event and retrying it in place",
            {{"consumer", options_.durable},
             {"event", event.id},
             {"held", std::to_string(list->Count - first)},
             {"error", status.ToString()}});
  if (held_ != nullptr) held_->Increment();
  const auto started = std::chrono::steady_clock::now();
  auto told = started;
  auto backoff = std::chrono::milliseconds(50);
  while (status.code() == absl::StatusCode::kUnavailable && !stop_) {
    for (auto slept = std::chrono::milliseconds(0); slept < backoff && !stop_;
         slept += std::chrono::milliseconds(50)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (stop_) break;
    // Tell JetStream these are still being worked on, well within ack_wait,
    // so it neither redelivers them nor counts another delivery.
    if (std::chrono::steady_clock::now() - told >= options_.ack_wait / 4) {
      for (int i = first; i < list->Count; ++i) natsMsg_InProgress(list->Msgs[i], nullptr);
      told = std::chrono::steady_clock::now();
    }
    status = apply();
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
  if (status.code() != absl::StatusCode::kUnavailable) {
    log::Info("the database answers again; held event handled",
              {{"consumer", options_.durable},
               {"event", event.id},
               {"held_for_ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  std::chrono::steady_clock::now() - started)
                                                  .count())}});
  }
  return status;
}

void Consumer::Handle(void* batch, int i) {
  natsMsg* msg = static_cast<natsMsgList*>(batch)->Msgs[i];
  absl::StatusOr<Event> event = EventFromMessage(msg);
  if (!event.ok()) {
    log::Error("malformed event terminated",
               {{"consumer", options_.durable}, {"error", event.status().ToString()}});
    if (rejected_ != nullptr) rejected_->Increment();
    natsMsg_Term(msg, nullptr);
    return;
  }
  jsMsgMetaData* meta = nullptr;
  if (pending_ != nullptr && natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
    pending_->Set(static_cast<double>(meta->NumPending));
    jsMsgMetaData_Destroy(meta);
  }
  if (event->delivery_count > 1 && redelivered_ != nullptr) redelivered_->Increment();
  log::TraceScope trace(event->traceparent);
  const auto max = static_cast<uint64_t>(std::max(0, options_.max_deliver));
  if (max > 0 && event->delivery_count > max) {
    // Delivered before without an answer each time (the process died while
    // applying it): do not try again.
    DeadLetter(msg, *event,
               absl::StrCat("gave up after ", event->delivery_count - 1,
                            " deliveries without an outcome"));
    return;
  }
  bool duplicate = false;
  bool handler_refused = false;  // the handler's own answer, not the database's
  auto apply = [&] {
    handler_refused = false;
    return pool_.Transact([&](pqxx::work& tx) -> absl::Status {
      pqxx::result r = tx.exec_params(kMarkProcessed, options_.durable, event->source, event->id);
      duplicate = r.affected_rows() == 0;
      if (duplicate) return absl::OkStatus();
      absl::Status handled = handler_(tx, *event);
      handler_refused = !handled.ok();
      return handled;
    });
  };
  absl::Status s = apply();
  if (s.code() == absl::StatusCode::kUnavailable && !handler_refused) {
    // PostgreSQL down, restarting or out of connections says nothing about
    // the event: wait for it here rather than spend the event's deliveries.
    s = HoldWhileUnavailable(batch, i, *event, apply, s);
  }
  if (s.ok()) {
    log::Debug(duplicate ? "event already applied" : "event applied",
               {{"consumer", options_.durable}, {"event", event->id}, {"type", event->type}});
    if (duplicate && duplicate_ != nullptr) duplicate_->Increment();
    if (!duplicate && applied_ != nullptr) applied_->Increment();
    if (!duplicate && options_.after_commit) options_.after_commit();
    natsStatus as = natsMsg_AckSync(msg, nullptr, nullptr);
    if (as != NATS_OK) {
      // Redelivered later; processed_events makes that harmless.
      log::Warn("ack failed", {{"consumer", options_.durable}, {"event", event->id}});
    }
    return;
  }
  if (s.code() == absl::StatusCode::kInvalidArgument) {
    if (rejected_ != nullptr) rejected_->Increment();
    DeadLetter(msg, *event, "rejected: " + s.ToString());
    return;
  }
  if (max > 0 && event->delivery_count >= max) {
    DeadLetter(
        msg, *event,
        absl::StrCat("failed on each of ", event->delivery_count, " deliveries: ", s.ToString()));
    return;
  }
  log::Warn("event handling failed; will be redelivered",
            {{"consumer", options_.durable}, {"event", event->id}, {"error", s.ToString()}});
  if (retried_ != nullptr) retried_->Increment();
  natsMsg_NakWithDelay(msg, options_.nak_delay.count(), nullptr);
}

}  // namespace atlas::bus
