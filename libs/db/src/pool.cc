// PostgreSQL connection pool.
#include "atlas/db/pool.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/strings/str_cat.h"
#include "atlas/core/log.h"

namespace atlas::db {

Pool::Pool(PoolOptions options) : options_(std::move(options)) {}

Pool::~Pool() = default;

absl::StatusOr<std::unique_ptr<Pool>> Pool::Open(PoolOptions options,
                                                 prometheus::Registry* metrics) {
  if (options.url.empty()) return absl::InvalidArgumentError("database URL is empty");
  if (options.schema.empty()) return absl::InvalidArgumentError("database schema is empty");
  if (options.size < 1) return absl::InvalidArgumentError("pool size must be at least 1");
  std::unique_ptr<Pool> pool(new Pool(std::move(options)));
  if (metrics != nullptr) {
    const prometheus::Labels labels = {{"schema", pool->options_.schema}};
    pool->in_use_gauge_ = &prometheus::BuildGauge()
                               .Name("atlas_db_pool_connections_in_use")
                               .Help("PostgreSQL connections currently lent out")
                               .Register(*metrics)
                               .Add(labels);
    pool->max_gauge_ = &prometheus::BuildGauge()
                            .Name("atlas_db_pool_connections_max")
                            .Help("Maximum PostgreSQL connections in the pool")
                            .Register(*metrics)
                            .Add(labels);
    pool->max_gauge_->Set(pool->options_.size);
    pool->wait_timeouts_ = &prometheus::BuildCounter()
                                .Name("atlas_db_pool_acquire_timeouts_total")
                                .Help("Requests that found no free connection in time")
                                .Register(*metrics)
                                .Add(labels);
    pool->acquire_seconds_ = &prometheus::BuildHistogram()
                                  .Name("atlas_db_pool_acquire_seconds")
                                  .Help("Time spent waiting for a PostgreSQL connection")
                                  .Register(*metrics)
                                  .Add(labels, prometheus::Histogram::BucketBoundaries{
                                                   0.0001, 0.001, 0.005, 0.025, 0.1, 0.5, 2.5});
  }
  // Prove the server is reachable and make the schema exist. CREATE SCHEMA IF
  // NOT EXISTS is not safe against itself (two replicas starting together: a
  // unique violation), so it takes the lock migrations of this schema take;
  // and it needs CREATE on the database even when the schema exists, which a
  // least-privilege role (deploy/k8s: one owner and one runtime role per
  // schema) does not have: only a missing schema is created.
  absl::Status s = pool->Transact([&](pqxx::work& tx) {
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                   "atlas.migrate." + pool->options_.schema);
    if (tx.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", pool->options_.schema)
            .empty()) {
      tx.exec0("CREATE SCHEMA " + tx.quote_name(pool->options_.schema));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return pool;
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> Pool::Connect() {
  try {
    auto conn = std::make_unique<pqxx::connection>(options_.url);
    pqxx::nontransaction tx(*conn);
    tx.exec0("SET search_path TO " + tx.quote_name(options_.schema) + ", public");
    tx.exec0("SET application_name TO " + tx.quote("atlas-" + options_.schema));
    return conn;
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot connect to PostgreSQL: ", e.what()));
  }
}

absl::StatusOr<Pool::Lease> Pool::Acquire() {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  bool ok = freed_.wait_for(lock, options_.acquire_timeout,
                            [&] { return !idle_.empty() || open_ < options_.size; });
  if (acquire_seconds_ != nullptr) {
    acquire_seconds_->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (!ok) {
    if (wait_timeouts_ != nullptr) wait_timeouts_->Increment();
    return absl::UnavailableError("database busy: no free connection");
  }
  ++in_use_;
  if (in_use_gauge_ != nullptr) in_use_gauge_->Set(in_use_);
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  auto conn = Connect();
  if (!conn.ok()) {
    Release(nullptr, true);
    return conn.status();
  }
  return Lease(this, *std::move(conn));
}

void Pool::Release(std::unique_ptr<pqxx::connection> conn, bool discard) {
  {
    std::lock_guard lock(mu_);
    --in_use_;
    if (in_use_gauge_ != nullptr) in_use_gauge_->Set(in_use_);
    if (discard || conn == nullptr || !conn->is_open()) {
      --open_;
    } else {
      idle_.push_back(std::move(conn));
    }
  }
  freed_.notify_one();
}

Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)), discard_(other.discard_) {
  other.pool_ = nullptr;
}

Pool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Release(std::move(conn_), discard_);
}

absl::Status StatusFromCurrentException() {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat("database connection lost: ", e.what()));
  } catch (const pqxx::unique_violation& e) {
    return absl::AlreadyExistsError(e.what());
  } catch (const pqxx::serialization_failure& e) {
    return absl::AbortedError(absl::StrCat("concurrent update, retry: ", e.what()));
  } catch (const pqxx::deadlock_detected& e) {
    return absl::AbortedError(absl::StrCat("concurrent update, retry: ", e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    // The connection broke during COMMIT: the write may or may not be
    // there. Every write of the platform takes a request id (or is a
    // conditional change with an etag), so the caller's answer is to send it
    // again unchanged — which is what UNAVAILABLE (HTTP 503) asks of it.
    return absl::UnavailableError(absl::StrCat(
        "commit outcome unknown (connection lost during COMMIT); retry the request unchanged: ",
        e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("database error: ", e.what()));
  }
}

absl::Status Pool::Read(const std::function<absl::Status(pqxx::transaction_base&)>& fn) {
  auto lease = Acquire();
  if (!lease.ok()) return lease.status();
  try {
    pqxx::nontransaction tx(**lease);
    return fn(tx);
  } catch (...) {
    absl::Status s = StatusFromCurrentException();
    if (s.code() == absl::StatusCode::kUnavailable) lease->Discard();
    return s;
  }
}

absl::Status Pool::Transact(const std::function<absl::Status(pqxx::work&)>& fn) {
  absl::Status last;
  for (int attempt = 0; attempt <= options_.serialization_retries; ++attempt) {
    auto lease = Acquire();
    if (!lease.ok()) return lease.status();
    try {
      pqxx::work tx(**lease);
      absl::Status s = fn(tx);
      if (!s.ok()) return s;  // tx destructor rolls back
      tx.commit();
      return absl::OkStatus();
    } catch (...) {
      last = StatusFromCurrentException();
      if (last.code() == absl::StatusCode::kUnavailable) lease->Discard();
      if (last.code() != absl::StatusCode::kAborted) return last;
    }
  }
  return last;
}

}  // namespace atlas::db
