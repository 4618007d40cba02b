// A fixed-size PostgreSQL connection pool over libpqxx.
//
// Each connection's search_path is set to the owning service's schema, so a
// service's SQL names only its own tables. Connections are opened lazily and
// replaced when broken. Thread-safe.
//
// Transact() is the one way to run a transaction: it maps libpqxx exceptions
// to canonical codes (broken connection -> UNAVAILABLE, unique violation ->
// ALREADY_EXISTS, serialization failure after retries -> ABORTED, anything
// else -> INTERNAL) so no exception leaves the store layer.
#ifndef ATLAS_DB_POOL_H_
#define ATLAS_DB_POOL_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace prometheus {
class Registry;
class Gauge;
class Counter;
class Histogram;
}  // namespace prometheus

namespace atlas::db {

struct PoolOptions {
  std::string url;     // libpq connection URI; required
  std::string schema;  // created if missing and put first on search_path; required
  int size = 4;        // maximum open connections
  std::chrono::milliseconds acquire_timeout{5000};  // wait for a free connection
  int serialization_retries = 3;                    // retries of a transaction on 40001/40P01
};

class Pool final {
 public:
  // Opens one connection to check the server is reachable and creates the
  // schema. UNAVAILABLE if the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<Pool>> Open(PoolOptions options,
                                                    prometheus::Registry* metrics = nullptr);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Borrowed connection, returned to the pool when destroyed.
  class Lease final {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }
    // Closes the connection instead of returning it (after a failure).
    void Discard() { discard_ = true; }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Pool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool discard_ = false;
  };

  // A connection, or UNAVAILABLE if none frees up within acquire_timeout or
  // the server is unreachable.
  absl::StatusOr<Lease> Acquire();

  // Runs `fn` inside one transaction (isolation: read committed) and commits
  // when it returns OK; rolls back otherwise. Retries serialization failures.
  absl::Status Transact(const std::function<absl::Status(pqxx::work&)>& fn);

  // Runs `fn` without BEGIN/COMMIT (autocommit): one round trip per
  // statement. For reads made of a single statement, which are consistent
  // on their own. Same error mapping as Transact.
  absl::Status Read(const std::function<absl::Status(pqxx::transaction_base&)>& fn);

  const PoolOptions& options() const { return options_; }

 private:
  explicit Pool(PoolOptions options);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect();
  void Release(std::unique_ptr<pqxx::connection> conn, bool discard);

  PoolOptions options_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;
  int in_use_ = 0;
  prometheus::Gauge* in_use_gauge_ = nullptr;
  prometheus::Gauge* max_gauge_ = nullptr;
  prometheus::Counter* wait_timeouts_ = nullptr;
  prometheus::Histogram* acquire_seconds_ = nullptr;
};

// Maps a libpqxx exception (the current one, inside a catch block) to a status:
// a lost connection, and a commit whose outcome it made unknown, UNAVAILABLE
// (send the request again, with its request id); a unique violation
// ALREADY_EXISTS; serialization failures and deadlocks ABORTED (retried by
// Transact); anything else INTERNAL.
absl::Status StatusFromCurrentException();

}  // namespace atlas::db

#endif  // ATLAS_DB_POOL_H_
