// Dead letters: record, list, replay, discard.
#include "atlas/bus/dead_letters.h"

#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atlas/bus/jetstream.h"
#include "atlas/core/json.h"
#include "atlas/core/utf8.h"
#include "atlas/db/pool.h"

namespace atlas::bus {
namespace {

constexpr char kColumns[] = R"sql(
id, stage, event_id, source, type, subject, nats_subject, event_time, traceparent, payload,
error, deliveries, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))sql";

DeadLetter FromRow(const pqxx::row& r) {
  DeadLetter d;
  d.id = r[0].as<int64_t>();
  d.stage = r[1].as<std::string>();
  d.event.id = r[2].as<std::string>();
  d.event.source = r[3].as<std::string>();
  d.event.type = r[4].as<std::string>();
  d.event.subject = r[5].as<std::string>();
  d.event.nats_subject = r[6].as<std::string>();
  d.event.time = r[7].as<std::string>();
  d.event.traceparent = r[8].as<std::string>();
  d.event.payload = pqxx::binarystring(r[9]).str();
  d.error = r[10].as<std::string>();
  d.deliveries = r[11].as<int64_t>();
  d.created_at = r[12].as<std::string>();
  return d;
}

}  // namespace

void RecordDeadLetter(pqxx::work& tx, std::string_view stage, const Event& e,
                      std::string_view error, int64_t deliveries) {
  // Text columns take UTF-8 only; an error message may quote anything.
  tx.exec_params0(R"sql(
INSERT INTO dead_letters (stage, event_id, source, type, subject, nats_subject, event_time,
                          traceparent, payload, error, deliveries)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (stage, event_id) DO NOTHING)sql",
                  std::string(stage), core::Utf8Replace(e.id), core::Utf8Replace(e.source),
                  core::Utf8Replace(e.type), core::Utf8Replace(e.subject),
                  core::Utf8Replace(e.nats_subject), core::Utf8Replace(e.time),
                  core::Utf8Replace(e.traceparent),
                  pqxx::binarystring(e.payload.data(), e.payload.size()),
                  core::Utf8Replace(error.substr(0, 2000)), deliveries);
}

absl::StatusOr<std::vector<DeadLetter>> ListDeadLetters(db::Pool& pool, int limit) {
  std::vector<DeadLetter> out;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec_params(
             absl::StrCat("SELECT ", kColumns, " FROM dead_letters ORDER BY id LIMIT $1"), limit)) {
      out.push_back(FromRow(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<int64_t> CountDeadLetters(db::Pool& pool) {
  int64_t n = 0;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    n = tx.exec1("SELECT count(*) FROM dead_letters")[0].as<int64_t>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return n;
}

absl::StatusOr<int> ReplayDeadLetters(db::Pool& pool, JetStream& js, int64_t id) {
  int replayed = 0;
  while (true) {
    // One row per transaction, locked while it is published: two operators
    // replaying at once never publish the same row twice.
    bool found = false;
    absl::Status published;
    absl::Status s = pool.Transact([&](pqxx::work& tx) -> absl::Status {
      pqxx::result r = tx.exec_params(
          absl::StrCat("SELECT ", kColumns, " FROM dead_letters WHERE ($1 = 0 OR id = $1) ",
                       "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
          id);
      found = !r.empty();
      if (!found) return absl::OkStatus();
      DeadLetter d = FromRow(r[0]);
      absl::StatusOr<bool> dup = js.Publish(d.event, absl::StrCat(d.event.id, "~replay-", d.id));
      if (!dup.ok()) {
        published = dup.status();
        return absl::OkStatus();
      }
      tx.exec_params0("DELETE FROM dead_letters WHERE id = $1", d.id);
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    if (!published.ok()) return published;
    if (!found) break;
    ++replayed;
    if (id != 0) break;
  }
  if (id != 0 && replayed == 0) {
    return absl::NotFoundError(absl::StrCat("no dead letter ", id));
  }
  return replayed;
}

absl::Status DiscardDeadLetter(db::Pool& pool, int64_t id) {
  bool found = false;
  absl::Status s = pool.Transact([&](pqxx::work& tx) {
    found = tx.exec_params("DELETE FROM dead_letters WHERE id = $1", id).affected_rows() > 0;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) return absl::NotFoundError(absl::StrCat("no dead letter ", id));
  return absl::OkStatus();
}

int DeadLettersCommand(db::Pool& pool, JetStream* js, const std::vector<std::string>& args) {
  auto usage = [] {
    std::fprintf(stderr, "usage: dead-letters list [limit] | replay <id>|all | discard <id>\n");
    return 2;
  };
  auto fail = [](const absl::Status& s) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  };
  if (args.empty()) return usage();
  const std::string& verb = args[0];
  int64_t id = 0;
  if (verb == "list") {
    int limit = 100;
    if (args.size() > 1 && (!absl::SimpleAtoi(args[1], &limit) || limit < 1)) return usage();
    auto rows = ListDeadLetters(pool, limit);
    if (!rows.ok()) return fail(rows.status());
    for (const DeadLetter& d : *rows) {
      std::printf("%s\n", core::DumpJson({{"id", d.id},
                                          {"stage", d.stage},
                                          {"eventId", d.event.id},
                                          {"type", d.event.type},
                                          {"subject", d.event.subject},
                                          {"natsSubject", d.event.nats_subject},
                                          {"bytes", d.event.payload.size()},
                                          {"deliveries", d.deliveries},
                                          {"error", d.error},
                                          {"createTime", d.created_at}})
                              .c_str());
    }
    return 0;
  }
  if (args.size() != 2) return usage();
  if (!(verb == "replay" && args[1] == "all") && (!absl::SimpleAtoi(args[1], &id) || id < 1)) {
    return usage();
  }
  if (verb == "discard") {
    absl::Status s = DiscardDeadLetter(pool, id);
    if (!s.ok()) return fail(s);
    std::printf("%s\n", core::DumpJson({{"discarded", id}}).c_str());
    return 0;
  }
  if (verb != "replay") return usage();
  if (js == nullptr) return fail(absl::UnavailableError("no NATS connection"));
  auto n = ReplayDeadLetters(pool, *js, id);
  if (!n.ok()) return fail(n.status());
  std::printf("%s\n", core::DumpJson({{"replayed", *n}}).c_str());
  return 0;
}

}  // namespace atlas::bus
