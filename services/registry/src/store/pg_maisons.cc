// The Maisons des Marocains du Monde in PostgreSQL.
#include "registry/store/pg_maisons.h"

#include <pqxx/pqxx>

#include <set>

#include "absl/strings/str_cat.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/etag.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/status.h"
#include "registry/store/pg_documents.h"

namespace atlas::registry {
namespace {

constexpr char kColumns[] = R"sql(
  id::text, doc::text, revision, updated_by, (extract(epoch FROM update_time) * 1000000)::bigint)sql";

v1::Maison FromRow(const pqxx::row& r) {
  v1::Maison m = FromJson<v1::Maison>(r[1].as<std::string>());
  m.set_name("maisons/" + r[0].as<std::string>());
  m.set_etag(core::RevisionEtag(r[2].as<int64_t>()));
  m.set_updated_by(r[3].as<std::string>());
  rpc::SetTimestamp(r[4].as<int64_t>(), m.mutable_update_time());
  return m;
}

// The document kept: the entry without what columns hold.
std::string Document(v1::Maison m) {
  m.clear_name();
  m.clear_etag();
  m.clear_update_time();
  m.clear_updated_by();
  return Json(m);
}

absl::StatusOr<v1::Maison> Find(pqxx::transaction_base& tx, const std::string& id, bool lock) {
  pqxx::result r =
      tx.exec_params(absl::StrCat("SELECT ", kColumns, " FROM maisons WHERE id = $1::uuid",
                                  lock ? " FOR UPDATE" : ""),
                     id);
  if (r.empty()) return absl::NotFoundError("maisons/" + id);
  return FromRow(r[0]);
}

// Records atlas.registry.maison.<verb> in `tx` (the gateways drop their
// cached directory answers when they hear it).
absl::Status Changed(pqxx::work& tx, const std::string& id, const std::string& verb,
                     const std::set<std::string>& regions, const std::string& actor) {
  events::v1::MaisonChanged e;
  e.set_name("maisons/" + id);
  for (const std::string& r : regions) e.add_region_codes(r);
  e.set_actor(actor);
  return bus::AppendToOutbox(
      tx, bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.maison." + verb + ".v1", e.name(),
                        "atlas.registry.maison." + verb, e.SerializeAsString()));
}

}  // namespace

absl::StatusOr<std::vector<v1::Maison>> PgMaisons::List(const std::string& region_code,
                                                        const std::string& service) {
  std::vector<v1::Maison> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec_params(absl::StrCat("SELECT ", kColumns, R"sql( FROM maisons
WHERE ($1 = '' OR region_code = $1) AND ($2 = '' OR doc->'services' ? $2)
ORDER BY region_code, title_fr COLLATE "C", id)sql"),
                                        region_code, service)) {
      out.push_back(FromRow(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Maison> PgMaisons::Get(const std::string& id) {
  absl::StatusOr<v1::Maison> out = absl::NotFoundError("maisons/" + id);
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    out = Find(tx, id, false);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Maison> PgMaisons::Insert(const v1::Maison& m, const std::string& request_id,
                                             const std::string& actor) {
  v1::Maison created;
  bool inserted = false;
  // Scoped to its author: another account's key never names this entry.
  const std::string key = request_id.empty() ? "" : absl::StrCat(actor, "\x1f", request_id);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(
        "INSERT INTO maisons (request_id, doc, region_code, title_fr, updated_by) "
        "VALUES (NULLIF($1, ''), $2::jsonb, $3, $4, $5) ON CONFLICT (request_id) DO NOTHING "
        "RETURNING id::text",
        key, Document(m), m.region_code(), m.title().fr(), actor);
    if (r.empty()) {
      const std::string id =
          tx.exec_params1("SELECT id::text FROM maisons WHERE request_id = $1", key)[0]
              .as<std::string>();
      auto found = Find(tx, id, false);
      if (!found.ok()) return found.status();
      created = *std::move(found);
      return absl::OkStatus();
    }
    inserted = true;
    const std::string id = r[0][0].as<std::string>();
    if (absl::Status c = Changed(tx, id, "created", {m.region_code()}, actor); !c.ok()) return c;
    auto found = Find(tx, id, false);
    if (!found.ok()) return found.status();
    created = *std::move(found);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (inserted && after_commit_) after_commit_();
  return created;
}

absl::StatusOr<v1::Maison> PgMaisons::Modify(
    const std::string& id, const std::string& actor,
    const std::function<absl::StatusOr<v1::Maison>(const v1::Maison& current)>& change) {
  v1::Maison updated;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, id, true);
    if (!current.ok()) return current.status();
    auto next = change(*current);
    if (!next.ok()) return next.status();
    tx.exec_params0(
        "UPDATE maisons SET doc = $2::jsonb, region_code = $3, title_fr = $4, updated_by = $5, "
        "revision = revision + 1, update_time = now() WHERE id = $1::uuid",
        id, Document(*next), next->region_code(), next->title().fr(), actor);
    if (absl::Status c =
            Changed(tx, id, "updated", {current->region_code(), next->region_code()}, actor);
        !c.ok()) {
      return c;
    }
    auto found = Find(tx, id, false);
    if (!found.ok()) return found.status();
    updated = *std::move(found);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return updated;
}

absl::Status PgMaisons::Remove(
    const std::string& id, const std::string& actor,
    const std::function<absl::Status(const v1::Maison& current)>& check) {
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, id, true);
    if (!current.ok()) return current.status();
    if (absl::Status c = check(*current); !c.ok()) return c;
    tx.exec_params0("DELETE FROM maisons WHERE id = $1::uuid", id);
    return Changed(tx, id, "deleted", {current->region_code()}, actor);
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return absl::OkStatus();
}

}  // namespace atlas::registry
