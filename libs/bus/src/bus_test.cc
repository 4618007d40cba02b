// Integration: outbox -> relay -> JetStream -> consumer, on the real
// PostgreSQL and nats-server that scripts/test starts. Each test uses its own
// schema and its own stream so tests never see each other's events.
#include <mutex>
#include <thread>
#include <vector>

#include "atlas/bus/consumer.h"
#include "atlas/bus/dead_letters.h"
#include "atlas/bus/jetstream.h"
#include "atlas/bus/outbox.h"
#include "atlas/bus/relay.h"
#include "atlas/db/pool.h"
#include "atlas/testing/env.h"
#include "gtest/gtest.h"

namespace atlas::bus {
namespace {

class BusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ATLAS_REQUIRE_ENV("ATLAS_TEST_PG_URL", pg_url_);
    ATLAS_REQUIRE_ENV("ATLAS_TEST_NATS_URL", nats_url_);
    name_ = atlas::testing::UniqueName("bus");
    auto pool = db::Pool::Open({.url = pg_url_, .schema = name_, .size = 4});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(db::Migrate(*pool_, Migrations()).ok());
    ASSERT_TRUE(pool_
                    ->Transact([](pqxx::work& tx) {
                      tx.exec0(
                          "CREATE TABLE effects (event_id text NOT NULL, subject text NOT NULL)");
                      return absl::OkStatus();
                    })
                    .ok());
    auto js = JetStream::Connect(nats_url_, "bus_test");
    ASSERT_TRUE(js.ok()) << js.status();
    js_ = *std::move(js);
  }

  StreamOptions Stream(std::chrono::seconds window = std::chrono::seconds(120)) {
    return {.name = name_, .subjects = {name_ + ".>"}, .duplicate_window = window};
  }

  std::unique_ptr<Consumer> StartConsumer() {
    auto c = std::make_unique<Consumer>(
        *pool_, *js_,
        ConsumerOptions{.stream = name_, .durable = "effects", .filter_subject = name_ + ".>"},
        [](pqxx::work& tx, const Event& e) {
          tx.exec_params0("INSERT INTO effects VALUES ($1, $2)", e.id, e.subject);
          return absl::OkStatus();
        },
        nullptr);
    EXPECT_TRUE(c->Start().ok());
    return c;
  }

  int CountEffects(const std::string& id) {
    int n = -1;
    EXPECT_TRUE(pool_
                    ->Transact([&](pqxx::work& tx) {
                      n = tx.exec_params1("SELECT count(*) FROM effects WHERE event_id = $1", id)[0]
                              .as<int>();
                      return absl::OkStatus();
                    })
                    .ok());
    return n;
  }

  // Polls until `id` has an effect or 5 s pass.
  int WaitForEffect(const std::string& id) {
    for (int i = 0; i < 100; ++i) {
      int n = CountEffects(id);
      if (n > 0) return n;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  // The first event a new durable consumer `durable` sees on the test stream
  // within 5 s (an empty event if none).
  Event ConsumeOne(const std::string& durable) {
    Event seen;
    Consumer c(
        *pool_, *js_, {.stream = name_, .durable = durable, .filter_subject = name_ + ".>"},
        [&](pqxx::work&, const Event& got) {
          seen = got;
          return absl::OkStatus();
        },
        nullptr);
    EXPECT_TRUE(c.Start().ok());
    for (int i = 0; i < 100 && seen.id.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    c.Stop();
    return seen;
  }

  Event MakeEvent() {
    return NewEvent("/atlas/test", "ma.sharaka.atlas.thing.created.v1", "things/1",
                    name_ + ".thing.created", std::string("\x01\x02\x00payload", 10));
  }

  std::string pg_url_, nats_url_, name_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<JetStream> js_;
};

TEST_F(BusTest, OutboxEventReachesConsumerWithItsAttributes) {
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  Event e = MakeEvent();
  ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) { return AppendToOutbox(tx, e); }).ok());
  Relay relay(*pool_, *js_, {}, nullptr);
  auto n = relay.PublishBatch();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(*relay.PublishBatch(), 0) << "published rows must leave the outbox";

  Event seen = ConsumeOne("attrs");
  EXPECT_EQ(seen.id, e.id);
  EXPECT_EQ(seen.source, e.source);
  EXPECT_EQ(seen.type, e.type);
  EXPECT_EQ(seen.subject, e.subject);
  EXPECT_EQ(seen.time, e.time);
  EXPECT_EQ(seen.payload, e.payload);
}

// An event without a CloudEvents subject (e.g. an audit entry about a
// sign-in, which has no target) arrives with its other attributes.
TEST_F(BusTest, EventWithoutSubjectReachesConsumer) {
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  Event e = NewEvent("/atlas/test", "ma.sharaka.atlas.thing.created.v1", "",
                     name_ + ".thing.created", "payload");
  ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) { return AppendToOutbox(tx, e); }).ok());
  Relay relay(*pool_, *js_, {}, nullptr);
  ASSERT_EQ(*relay.PublishBatch(), 1);
  Event seen = ConsumeOne("nosubject");
  EXPECT_EQ(seen.id, e.id);
  EXPECT_EQ(seen.type, e.type);
  EXPECT_EQ(seen.subject, "");
  EXPECT_EQ(seen.payload, "payload");
}

TEST_F(BusTest, RolledBackChangeLeavesNoEvent) {
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  absl::Status s = pool_->Transact([&](pqxx::work& tx) {
    EXPECT_TRUE(AppendToOutbox(tx, MakeEvent()).ok());
    return absl::AbortedError("change failed");
  });
  ASSERT_FALSE(s.ok());
  Relay relay(*pool_, *js_, {}, nullptr);
  EXPECT_EQ(*relay.PublishBatch(), 0);
}

TEST_F(BusTest, RepublishedEventIsDeduplicatedByJetStream) {
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  Event e = MakeEvent();
  auto first = js_->Publish(e);
  auto second = js_->Publish(e);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_FALSE(*first);
  EXPECT_TRUE(*second);
  auto consumer = StartConsumer();
  EXPECT_EQ(WaitForEffect(e.id), 1);
}

TEST_F(BusTest, ConsumerAppliesARedeliveredEventOnce) {
  // A 1 s window lets the same ce-id into the stream twice, as if the relay
  // re-published after the window: the consumer must still apply it once.
  ASSERT_TRUE(js_->EnsureStream(Stream(std::chrono::seconds(1))).ok());
  Event e = MakeEvent();
  ASSERT_TRUE(js_->Publish(e).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  auto again = js_->Publish(e);
  ASSERT_TRUE(again.ok());
  ASSERT_FALSE(*again) << "window should have expired";
  auto consumer = StartConsumer();
  EXPECT_EQ(WaitForEffect(e.id), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(CountEffects(e.id), 1);
}

TEST_F(BusTest, FailingHandlerIsRetriedUntilItSucceeds) {
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  std::atomic<int> attempts{0};
  Consumer c(
      *pool_, *js_,
      {.stream = name_,
       .durable = "flaky",
       .filter_subject = name_ + ".>",
       .nak_delay = std::chrono::milliseconds(50)},
      [&](pqxx::work& tx, const Event& e) {
        if (++attempts < 3) return absl::UnavailableError("not yet");
        tx.exec_params0("INSERT INTO effects VALUES ($1, $2)", e.id, e.subject);
        return absl::OkStatus();
      },
      nullptr);
  ASSERT_TRUE(c.Start().ok());
  Event e = MakeEvent();
  ASSERT_TRUE(js_->Publish(e).ok());
  EXPECT_EQ(WaitForEffect(e.id), 1);
  EXPECT_GE(attempts.load(), 3);
}

TEST_F(BusTest, ADatabaseOutageHoldsEventsWithoutSpendingTheirDeliveries) {
  // Before, each attempt during an outage was a delivery: an outage longer
  // than max_deliver × nak_delay set the events in flight aside, and the
  // read models never applied them (a CI run of system.faults_pg lost geo's
  // copy of a creation so). Now they wait in place, and the rest of the batch
  // with them, past several ack_waits, and each is applied at its first delivery.
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  const auto back_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(3000);
  std::atomic<int> attempts{0};
  std::mutex mu;
  std::vector<uint64_t> deliveries;
  Consumer c(
      *pool_, *js_,
      {.stream = name_,
       .durable = "outage",
       .filter_subject = name_ + ".>",
       .ack_wait = std::chrono::seconds(1),
       .nak_delay = std::chrono::milliseconds(20),
       .max_deliver = 2},
      [&](pqxx::work& tx, const Event& e) {
        ++attempts;
        // What libpq reports when the server goes away mid-transaction.
        if (std::chrono::steady_clock::now() < back_at) {
          throw pqxx::broken_connection("server closed the connection unexpectedly");
        }
        tx.exec_params0("INSERT INTO effects VALUES ($1, $2)", e.id, e.subject);
        std::lock_guard lock(mu);
        deliveries.push_back(e.delivery_count);
        return absl::OkStatus();
      },
      nullptr);
  Event first = MakeEvent();
  Event second = MakeEvent();
  ASSERT_TRUE(js_->Publish(first).ok());
  ASSERT_TRUE(js_->Publish(second).ok());
  ASSERT_TRUE(c.Start().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  EXPECT_EQ(WaitForEffect(first.id), 1);
  EXPECT_EQ(WaitForEffect(second.id), 1);
  EXPECT_EQ(*CountDeadLetters(*pool_), 0) << "nothing set aside for an outage";
  EXPECT_GE(attempts.load(), 4) << "retried in place while the database was away";
  std::lock_guard lock(mu);
  EXPECT_EQ(deliveries, (std::vector<uint64_t>{1, 1})) << "JetStream redelivered none of them";
}

TEST_F(BusTest, AnEventTooLargeToPublishIsRefusedWithItsChange) {
  Event e = MakeEvent();
  e.payload.assign(kMaxEventBytes + 1, 'x');
  absl::Status s = pool_->Transact([&](pqxx::work& tx) {
    tx.exec_params0("INSERT INTO effects VALUES ('change', 'x')");
    return AppendToOutbox(tx, e);
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CountEffects("change"), 0) << "the change rolled back with its event";
}

TEST_F(BusTest, ARowNatsRefusesMovesToDeadLettersAndLaterEventsFlow) {
  // Written around AppendToOutbox's bound, as an older build could have:
  // NATS refuses 1.5 MiB (max_payload 1 MiB). Before issue 17 the relay
  // retried this row for ever and every later event waited behind it.
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  Event big = MakeEvent();
  big.payload.assign(size_t{1536} * 1024, 'x');
  Event next = MakeEvent();
  ASSERT_TRUE(pool_
                  ->Transact([&](pqxx::work& tx) {
                    tx.exec_params0(
                        "INSERT INTO outbox (event_id, source, type, subject, nats_subject, "
                        "event_time, payload) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)",
                        big.id, big.source, big.type, big.subject, big.nats_subject, big.time,
                        pqxx::binarystring(big.payload.data(), big.payload.size()));
                    return AppendToOutbox(tx, next);
                  })
                  .ok());
  Relay relay(*pool_, *js_, {}, nullptr);
  auto n = relay.PublishBatch();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(*relay.PublishBatch(), 0) << "the outbox is empty";
  EXPECT_EQ(ConsumeOne("after-big").id, next.id);
  auto dead = ListDeadLetters(*pool_, 10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1U);
  EXPECT_EQ((*dead)[0].stage, "publish");
  EXPECT_EQ((*dead)[0].event.id, big.id);
  EXPECT_EQ((*dead)[0].event.payload.size(), big.payload.size());
  // Replaying cannot succeed while NATS's limit stands; the letter stays.
  EXPECT_EQ(ReplayDeadLetters(*pool_, *js_, (*dead)[0].id).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*CountDeadLetters(*pool_), 1);
  EXPECT_EQ(DeadLettersCommand(*pool_, js_.get(), {"discard", std::to_string((*dead)[0].id)}), 0);
  EXPECT_EQ(*CountDeadLetters(*pool_), 0);
  EXPECT_EQ(DeadLettersCommand(*pool_, js_.get(), {"discard", "x"}), 2);
}

TEST_F(BusTest, AnEventThatKeepsFailingIsSetAsideThenReplayed) {
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  std::atomic<bool> fixed{false};
  std::atomic<int> attempts{0};
  Consumer c(
      *pool_, *js_,
      {.stream = name_,
       .durable = "poison",
       .filter_subject = name_ + ".>",
       .nak_delay = std::chrono::milliseconds(20),
       .max_deliver = 3},
      [&](pqxx::work& tx, const Event& e) {
        ++attempts;
        if (!fixed) return absl::UnavailableError("cannot apply yet");
        tx.exec_params0("INSERT INTO effects VALUES ($1, $2)", e.id, e.subject);
        return absl::OkStatus();
      },
      nullptr);
  ASSERT_TRUE(c.Start().ok());
  Event poison = MakeEvent();
  ASSERT_TRUE(js_->Publish(poison).ok());
  for (int i = 0; i < 100 && *CountDeadLetters(*pool_) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto dead = ListDeadLetters(*pool_, 10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1U) << "set aside after max_deliver";
  EXPECT_EQ((*dead)[0].stage, "poison");
  EXPECT_EQ((*dead)[0].deliveries, 3);
  EXPECT_EQ(attempts.load(), 3);
  // Later events are not held up by it.
  Event later = MakeEvent();
  fixed = true;
  ASSERT_TRUE(js_->Publish(later).ok());
  EXPECT_EQ(WaitForEffect(later.id), 1);
  EXPECT_EQ(CountEffects(poison.id), 0);
  // The operator replays it once the cause is fixed: applied once.
  EXPECT_EQ(DeadLettersCommand(*pool_, js_.get(), {"replay", "all"}), 0);
  EXPECT_EQ(WaitForEffect(poison.id), 1);
  EXPECT_EQ(*CountDeadLetters(*pool_), 0);
}

TEST_F(BusTest, ProcessedEventsOlderThanTheRetentionArePruned) {
  ASSERT_TRUE(js_->EnsureStream(Stream()).ok());
  ASSERT_TRUE(pool_
                  ->Transact([](pqxx::work& tx) {
                    tx.exec0(
                        "INSERT INTO processed_events (consumer, source, event_id, processed_at) "
                        "VALUES ('pruned', 's', 'old', now() - interval '3 hours'), "
                        "('pruned', 's', 'new', now()), "
                        "('other', 's', 'old', now() - interval '3 hours')");
                    return absl::OkStatus();
                  })
                  .ok());
  Consumer c(
      *pool_, *js_,
      {.stream = name_,
       .durable = "pruned",
       .filter_subject = name_ + ".>",
       .processed_retention = std::chrono::hours(2)},
      [](pqxx::work&, const Event&) { return absl::OkStatus(); }, nullptr);
  ASSERT_TRUE(c.Start().ok());
  auto ids = [&] {
    std::string out;
    EXPECT_TRUE(pool_
                    ->Transact([&](pqxx::work& tx) {
                      out = tx.exec1(
                                  "SELECT string_agg(consumer || ':' || event_id, ',' ORDER BY "
                                  "consumer, event_id) FROM processed_events")[0]
                                .as<std::string>();
                      return absl::OkStatus();
                    })
                    .ok());
    return out;
  };
  for (int i = 0; i < 100 && ids() != "other:old,pruned:new"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(ids(), "other:old,pruned:new") << "only this consumer's old rows go";
}

TEST_F(BusTest, TheStreamHasARetention) {
  StreamOptions o = Stream();
  o.max_age = std::chrono::hours(48);
  o.max_bytes = int64_t{64} * 1024 * 1024;
  ASSERT_TRUE(js_->EnsureStream(o).ok());
  auto state = js_->GetStreamState(name_);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->max_age, std::chrono::hours(48));
  EXPECT_EQ(state->max_bytes, 64 * 1024 * 1024);
  // The processes' default: 90 days, no byte bound beyond the server's.
  EXPECT_EQ(StreamOptionsFrom(core::StreamConfig{}).max_age, std::chrono::hours(2160));
  EXPECT_EQ(StreamOptionsFrom(core::StreamConfig{}).max_bytes, 0);
}

}  // namespace
}  // namespace atlas::bus
