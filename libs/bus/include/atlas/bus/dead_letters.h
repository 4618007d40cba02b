// Dead letters: events that could not go on, kept where an operator can see
// them and send them again, instead of blocking everything behind them or
// disappearing.
//
// Two stages put events here, both in the service's own schema:
//   "publish"  - the relay could not publish an outbox row and never will as
//                things stand (larger than NATS accepts): the row moves here,
//                so later events are not held up behind it;
//   <consumer> - a durable consumer gave up applying an event: its handler
//                refused it (INVALID_ARGUMENT), or it failed on every one of
//                ConsumerOptions::max_deliver deliveries.
// Replay publishes the event again, to its own subject, with its own ce-id
// (so consumers that applied it already skip it) and a new Nats-Msg-Id (so
// JetStream takes it again); the row is removed once published.
#ifndef ATLAS_BUS_DEAD_LETTERS_H_
#define ATLAS_BUS_DEAD_LETTERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "atlas/bus/event.h"

namespace atlas::db {
class Pool;
}

namespace atlas::bus {

class JetStream;

inline constexpr std::string_view kPublishStage = "publish";

struct DeadLetter {
  int64_t id = 0;
  std::string stage;
  Event event;
  std::string error;
  int64_t deliveries = 0;
  std::string created_at;  // RFC 3339
};

// Records `event` as dead at `stage` within `tx` (once per stage and event id).
void RecordDeadLetter(pqxx::work& tx, std::string_view stage, const Event& event,
                      std::string_view error, int64_t deliveries);

// The oldest `limit` dead letters.
absl::StatusOr<std::vector<DeadLetter>> ListDeadLetters(db::Pool& pool, int limit);

// How many dead letters there are.
absl::StatusOr<int64_t> CountDeadLetters(db::Pool& pool);

// Publishes dead letter `id` (0 = every one) again and removes what was
// published; returns how many. Stops at the first failure (its status).
absl::StatusOr<int> ReplayDeadLetters(db::Pool& pool, JetStream& js, int64_t id);

// Removes dead letter `id` without publishing it; NOT_FOUND if there is none.
absl::Status DiscardDeadLetter(db::Pool& pool, int64_t id);

// The operator's command: `list [limit]`, `replay <id>|all`, `discard <id>`.
// Prints JSON lines on stdout; returns the process exit code (0 done,
// 1 failed, 2 usage). `js` may be null for list and discard.
int DeadLettersCommand(db::Pool& pool, JetStream* js, const std::vector<std::string>& args);

}  // namespace atlas::bus

#endif  // ATLAS_BUS_DEAD_LETTERS_H_
