// Outbox relay.
#include "atlas/bus/relay.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "atlas/bus/dead_letters.h"
#include "atlas/bus/jetstream.h"
#include "atlas/core/fault.h"
#include "atlas/core/log.h"
#include "atlas/db/pool.h"

namespace atlas::bus {
namespace {

constexpr char kClaimBatch[] = R"sql(
SELECT seq, event_id::text, source, type, subject, nats_subject, event_time, traceparent, payload
FROM outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)sql";

constexpr char kDeletePublished[] = "DELETE FROM outbox WHERE seq = ANY($1::bigint[])";

constexpr char kLag[] = R"sql(
SELECT count(*), COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)
FROM outbox)sql";

}  // namespace

Relay::Relay(db::Pool& pool, JetStream& js, RelayOptions options, prometheus::Registry* metrics)
    : pool_(pool), js_(js), options_(std::move(options)) {
  if (metrics != nullptr) {
    published_ = &prometheus::BuildCounter()
                      .Name("atlas_outbox_published_total")
                      .Help("Outbox events published to JetStream")
                      .Register(*metrics)
                      .Add({});
    duplicates_ = &prometheus::BuildCounter()
                       .Name("atlas_outbox_duplicates_total")
                       .Help("Re-published outbox events JetStream already had")
                       .Register(*metrics)
                       .Add({});
    errors_ = &prometheus::BuildCounter()
                   .Name("atlas_outbox_publish_errors_total")
                   .Help("Failed attempts to publish an outbox event")
                   .Register(*metrics)
                   .Add({});
    dead_lettered_ = &prometheus::BuildCounter()
                          .Name("atlas_outbox_dead_lettered_total")
                          .Help(
                              "Outbox events NATS refused for good (too large), set aside in "
                              "dead_letters")
                          .Register(*metrics)
                          .Add({});
    dead_letters_ = &prometheus::BuildGauge()
                         .Name("atlas_dead_letters")
                         .Help(
                             "Events waiting in this service's dead_letters table (replay or "
                             "discard them: docs/operations.md)")
                         .Register(*metrics)
                         .Add({});
    pending_ = &prometheus::BuildGauge()
                    .Name("atlas_outbox_pending_events")
                    .Help("Events committed to the outbox and not yet published")
                    .Register(*metrics)
                    .Add({});
    oldest_age_ = &prometheus::BuildGauge()
                       .Name("atlas_outbox_oldest_event_age_seconds")
                       .Help("Age of the oldest unpublished outbox event (outbox lag)")
                       .Register(*metrics)
                       .Add({});
    const prometheus::Labels stream{{"stream", options_.stream}};
    stream_messages_ = &prometheus::BuildGauge()
                            .Name("atlas_jetstream_stream_messages")
                            .Help("Messages held by the JetStream stream (as this process sees it)")
                            .Register(*metrics)
                            .Add(stream);
    stream_bytes_ = &prometheus::BuildGauge()
                         .Name("atlas_jetstream_stream_bytes")
                         .Help("Bytes held by the JetStream stream")
                         .Register(*metrics)
                         .Add(stream);
    stream_consumers_ = &prometheus::BuildGauge()
                             .Name("atlas_jetstream_stream_consumers")
                             .Help("Durable consumers of the JetStream stream")
                             .Register(*metrics)
                             .Add(stream);
  }
}

Relay::~Relay() { Stop(); }

void Relay::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Relay::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_one();
}

void Relay::Stop() {
  if (!thread_.joinable()) return;
  stop_ = true;
  Wake();
  thread_.join();
}

absl::StatusOr<int> Relay::PublishBatch() {
  int published = 0;
  absl::Status publish_error;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    published = 0;
    pqxx::result rows = tx.exec_params(kClaimBatch, options_.batch_size);
    std::string seqs = "{";
    for (const auto& row : rows) {
      Event e;
      e.id = row[1].as<std::string>();
      e.source = row[2].as<std::string>();
      e.type = row[3].as<std::string>();
      e.subject = row[4].as<std::string>();
      e.nats_subject = row[5].as<std::string>();
      e.time = row[6].as<std::string>();
      e.traceparent = row[7].as<std::string>();
      pqxx::binarystring payload(row[8]);
      e.payload = payload.str();
      fault::Point("relay_kill_before_publish");
      absl::StatusOr<bool> dup = js_.Publish(e);
      if (!dup.ok() && dup.status().code() == absl::StatusCode::kOutOfRange) {
        // NATS will never take it as things stand: set it aside (an alert
        // fires; an operator replays it once the limit is raised) rather
        // than hold every later event behind it for ever.
        log::Error("event cannot be published; moved to dead_letters",
                   {{"event", e.id}, {"type", e.type}, {"error", dup.status().ToString()}});
        RecordDeadLetter(tx, kPublishStage, e, std::string(dup.status().message()), 0);
        if (dead_lettered_ != nullptr) dead_lettered_->Increment();
        if (published > 0) seqs += ",";
        seqs += row[0].c_str();
        ++published;
        continue;
      }
      if (!dup.ok()) {
        publish_error = dup.status();
        if (errors_ != nullptr) errors_->Increment();
        break;  // keep order: later rows wait for this one
      }
      fault::Point("relay_kill_after_publish");
      if (*dup && duplicates_ != nullptr) duplicates_->Increment();
      if (published_ != nullptr) published_->Increment();
      if (published > 0) seqs += ",";
      seqs += row[0].c_str();
      ++published;
    }
    seqs += "}";
    if (published > 0) tx.exec_params0(kDeletePublished, seqs);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!publish_error.ok()) return publish_error;
  return published;
}

void Relay::UpdateLagGauges() {
  if (pending_ == nullptr) return;
  (void)pool_.Transact([&](pqxx::work& tx) {
    pqxx::row r = tx.exec1(kLag);
    pending_->Set(r[0].as<double>());
    oldest_age_->Set(r[1].as<double>());
    dead_letters_->Set(tx.exec1("SELECT count(*) FROM dead_letters")[0].as<double>());
    return absl::OkStatus();
  });
}

void Relay::UpdateStreamGauges() {
  if (stream_messages_ == nullptr) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - stream_state_at_ < options_.stream_state_interval) return;
  stream_state_at_ = now;
  absl::StatusOr<StreamState> state = js_.GetStreamState(options_.stream);
  if (!state.ok()) return;  // NATS away: atlas_nats_connected says so
  stream_messages_->Set(static_cast<double>(state->messages));
  stream_bytes_->Set(static_cast<double>(state->bytes));
  stream_consumers_->Set(static_cast<double>(state->consumers));
}

void Relay::Run() {
  bool last_failed = false;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, options_.poll_interval, [&] { return woken_ || stop_.load(); });
      woken_ = false;
    }
    if (stop_) break;
    // Drain: keep publishing while full batches come back.
    while (!stop_) {
      absl::StatusOr<int> n = PublishBatch();
      if (!n.ok()) {
        if (!last_failed)
          log::Warn("outbox relay failed; will retry", {{"error", n.status().ToString()}});
        last_failed = true;
        break;
      }
      if (last_failed) log::Info("outbox relay recovered");
      last_failed = false;
      if (*n < options_.batch_size) break;
    }
    UpdateLagGauges();
    UpdateStreamGauges();
  }
  // Flush on shutdown, bounded in time.
  const auto deadline = std::chrono::steady_clock::now() + options_.flush_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    absl::StatusOr<int> n = PublishBatch();
    if (!n.ok()) {
      log::Warn("outbox not fully flushed at shutdown; the next start publishes the rest",
                {{"error", n.status().ToString()}});
      break;
    }
    if (*n == 0) break;
  }
}

}  // namespace atlas::bus
