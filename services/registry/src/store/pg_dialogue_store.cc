// PostgreSQL dialogue store.
#include "registry/store/pg_dialogue_store.h"

#include <optional>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/ids.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/status.h"
#include "nlohmann/json.hpp"
#include "registry/store/pg_documents.h"

namespace atlas::registry {

namespace {

constexpr char kCommentColumns[] = R"sql(
  c.id::text, c.project_id::text, COALESCE(c.thread_id::text, ''), c.field, c.body,
  array_to_json(c.mentions)::text, c.author, c.author_organisation, c.resolved,
  (extract(epoch FROM c.create_time) * 1000000)::bigint, c.author_name)sql";

v1::Comment CommentFromRow(const pqxx::row& r) {
  v1::Comment c;
  const std::string project = "projects/" + r[1].as<std::string>();
  c.set_name(project + "/comments/" + r[0].as<std::string>());
  if (const std::string thread = r[2].as<std::string>(); !thread.empty()) {
    c.set_thread(project + "/comments/" + thread);
  }
  c.set_field(r[3].as<std::string>());
  c.set_text(r[4].as<std::string>());
  for (const auto& m : nlohmann::json::parse(r[5].as<std::string>())) {
    c.add_mentions(m.get<std::string>());
  }
  c.set_author(r[6].as<std::string>());
  if (const std::string org = r[7].as<std::string>(); !org.empty()) {
    c.set_author_organisation("organisations/" + org);
  }
  c.set_resolved(r[8].as<bool>());
  rpc::SetTimestamp(r[9].as<int64_t>(), c.mutable_create_time());
  c.set_author_name(r[10].as<std::string>());
  return c;
}

}  // namespace

absl::StatusOr<v1::Comment> PgDialogueStore::AddComment(const std::string& project_id,
                                                        const std::string& thread_id,
                                                        const v1::Comment& c) {
  v1::Comment stored;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    std::vector<std::string> mentions(c.mentions().begin(), c.mentions().end());
    const std::string org = core::IdOf(c.author_organisation(), "organisations/").value_or("");
    stored = CommentFromRow(tx.exec_params1(
        std::string(
            "WITH c AS (INSERT INTO comments (project_id, thread_id, field, body, mentions, "
            "author, author_organisation, author_name) VALUES ($1::uuid, NULLIF($2, '')::uuid, "
            "$3, $4, json_texts($5::jsonb), $6, $7, $8) RETURNING *) SELECT ") +
            kCommentColumns + " FROM c",
        project_id, thread_id, c.field(), c.text(), JsonArray(mentions), c.author(), org,
        c.author_name()));
    // Who may read the dialogue: the project's organisation (and the
    // ministry's staff); notify shows a mention to no one else.
    const std::string project_org =
        tx.exec_params1("SELECT organisation_id FROM projects WHERE id = $1::uuid", project_id)[0]
            .as<std::string>();
    auto publish = [&](const std::string& verb, const std::string& mentioned) {
      events::v1::CommentEvent e;
      e.set_project("projects/" + project_id);
      e.set_project_organisation("organisations/" + project_org);
      *e.mutable_comment() = stored;
      e.set_mentioned(mentioned);
      return bus::AppendToOutbox(
          tx,
          bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.comment." + verb + ".v1",
                        stored.name(), "atlas.registry.comment." + verb, e.SerializeAsString()));
    };
    if (absl::Status e = publish("created", ""); !e.ok()) return e;
    for (const auto& m : stored.mentions()) {
      if (absl::Status e = publish("mentioned", m); !e.ok()) return e;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return stored;
}

absl::StatusOr<std::vector<v1::Comment>> PgDialogueStore::Comments(const std::string& project_id) {
  std::vector<v1::Comment> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row : tx.exec_params(std::string("SELECT ") + kCommentColumns +
                                              " FROM comments c WHERE c.project_id = $1::uuid "
                                              "ORDER BY c.seq",
                                          project_id)) {
      out.push_back(CommentFromRow(row));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<int64_t> PgDialogueStore::ReadMark(const std::string& project_id,
                                                  const std::string& reader) {
  int64_t mark = 0;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(
        "SELECT (extract(epoch FROM read_time) * 1000000)::bigint FROM comment_reads "
        "WHERE project_id = $1::uuid AND reader = $2",
        project_id, reader);
    if (!r.empty()) mark = r[0][0].as<int64_t>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return mark;
}

absl::Status PgDialogueStore::SetReadMark(const std::string& project_id,
                                          const std::string& reader) {
  return pool_.Transact([&](pqxx::work& tx) {
    tx.exec_params0(
        "INSERT INTO comment_reads (project_id, reader, read_time) VALUES ($1::uuid, $2, "
        "clock_timestamp()) ON CONFLICT (project_id, reader) DO UPDATE SET read_time = "
        "EXCLUDED.read_time",
        project_id, reader);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Comment> PgDialogueStore::SetResolved(const std::string& project_id,
                                                         const std::string& comment_id,
                                                         bool resolved) {
  std::optional<v1::Comment> out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        std::string("WITH c AS (UPDATE comments SET resolved = $3 WHERE id = $2::uuid AND "
                    "project_id = $1::uuid AND thread_id IS NULL RETURNING *) SELECT ") +
            kCommentColumns + " FROM c",
        project_id, comment_id, resolved);
    if (!r.empty()) out = CommentFromRow(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!out) return absl::NotFoundError("no such thread");
  return *out;
}

}  // namespace atlas::registry
