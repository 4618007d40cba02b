// The theme taxonomy in PostgreSQL.
#include "registry/store/pg_themes.h"

#include <pqxx/pqxx>

#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/etag.h"
#include "atlas/core/log.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "registry/domain/taxonomy.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

constexpr char kColumns[] = R"sql(
  t.code, t.label_fr, t.label_ar, t.label_en, t.colour, t.position, t.retired, t.revision,
  t.updated_by, extract(epoch FROM t.update_time)::bigint,
  (SELECT count(DISTINCT s.project_id) FROM project_search s WHERE t.code = ANY (s.themes)))sql";

constexpr char kBump[] = "UPDATE theme_generation SET n = n + 1";

// Bumps the generation and records atlas.registry.theme.<verb> in the same
// transaction (the gateways drop their cached vocabularies and project
// answers when they hear it).
absl::Status Changed(pqxx::work& tx, const std::string& code, const std::string& verb,
                     const std::string& actor) {
  tx.exec0(kBump);
  events::v1::ThemeChanged e;
  e.set_name("themes/" + code);
  e.set_actor(actor);
  return bus::AppendToOutbox(
      tx, bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.theme." + verb + ".v1", e.name(),
                        "atlas.registry.theme." + verb, e.SerializeAsString()));
}

v1::Theme FromRow(const pqxx::row& r) {
  v1::Theme t;
  t.set_code(r[0].as<std::string>());
  t.set_name("themes/" + t.code());
  t.mutable_label()->set_fr(r[1].as<std::string>());
  t.mutable_label()->set_ar(r[2].as<std::string>());
  t.mutable_label()->set_en(r[3].as<std::string>());
  t.set_colour(r[4].as<std::string>());
  t.set_position(r[5].as<int>());
  t.set_retired(r[6].as<bool>());
  t.set_etag(core::RevisionEtag(r[7].as<int64_t>()));
  t.set_updated_by(r[8].as<std::string>());
  t.mutable_update_time()->set_seconds(r[9].as<int64_t>());
  t.set_projects(r[10].as<int>());
  return t;
}

absl::StatusOr<v1::Theme> Find(pqxx::transaction_base& tx, const std::string& code, bool lock) {
  pqxx::result r =
      tx.exec_params(std::string("SELECT ") + kColumns + " FROM themes t WHERE t.code = $1" +
                         (lock ? " FOR UPDATE" : ""),
                     code);
  if (r.empty()) return absl::NotFoundError("themes/" + code);
  return FromRow(r[0]);
}

}  // namespace

absl::Status PgThemes::Start(std::chrono::milliseconds interval) {
  // Seeded once, by the first replica to get the lock; the others find rows.
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    tx.exec0("LOCK TABLE themes IN SHARE ROW EXCLUSIVE MODE");
    if (tx.exec1("SELECT count(*) FROM themes")[0].as<int64_t>() > 0) return absl::OkStatus();
    int position = 0;
    for (const Term& t : DefaultThemes()) {
      tx.exec_params0(
          "INSERT INTO themes (code, label_fr, label_ar, label_en, colour, position, updated_by) "
          "VALUES ($1, $2, $3, $4, $5, $6, 'atlas-registry')",
          t.code, t.fr, t.ar, t.en, t.colour, ++position);
    }
    tx.exec0(kBump);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (s = Reload(); !s.ok()) return s;
  watcher_ = std::make_unique<core::Periodic>(interval, interval, [this] {
    absl::Status r = Reload();
    if (!r.ok() && !failing_) log::Warn("theme taxonomy not reloaded", {{"error", r.ToString()}});
    failing_ = !r.ok();
    return r.ok();
  });
  watcher_->Start();
  return absl::OkStatus();
}

absl::Status PgThemes::Reload() {
  std::lock_guard reload(reload_mu_);
  int64_t generation = 0;
  std::vector<Term> terms;
  // Two statements, no transaction (the watcher runs this every 2 s): the
  // generation is read first, so rows newer than it only cause one more reload.
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    generation = tx.exec1("SELECT n FROM theme_generation")[0].as<int64_t>();
    if (generation == generation_) return absl::OkStatus();
    for (const auto& r :
         tx.exec("SELECT code, label_fr, label_ar, label_en, colour, retired FROM themes "
                 "ORDER BY position, code")) {
      terms.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<bool>()});
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (generation != generation_) {
    SetThemes(std::move(terms));
    if (generation_ >= 0)
      log::Info("theme taxonomy reloaded", {{"generation", std::to_string(generation)}});
    generation_ = generation;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Theme>> PgThemes::List() {
  std::vector<v1::Theme> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec(std::string("SELECT ") + kColumns +
                                 " FROM themes t ORDER BY t.position, t.code")) {
      out.push_back(FromRow(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Theme> PgThemes::Insert(const v1::Theme& theme, const std::string& actor) {
  v1::Theme created;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(
        "INSERT INTO themes (code, label_fr, label_ar, label_en, colour, position, retired, "
        "updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING "
        "RETURNING code",
        theme.code(), theme.label().fr(), theme.label().ar(), theme.label().en(), theme.colour(),
        theme.position(), theme.retired(), actor);
    if (r.empty()) return absl::AlreadyExistsError("themes/" + theme.code());
    if (absl::Status c = Changed(tx, theme.code(), "created", actor); !c.ok()) return c;
    auto t = Find(tx, theme.code(), false);
    if (!t.ok()) return t.status();
    created = *std::move(t);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  (void)Reload();  // this replica at once; the others within the watch interval
  return created;
}

absl::StatusOr<v1::Theme> PgThemes::Modify(
    const std::string& code, const std::string& actor,
    const std::function<absl::StatusOr<v1::Theme>(const v1::Theme& current)>& change) {
  v1::Theme updated;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, code, true);
    if (!current.ok()) return current.status();
    auto next = change(*current);
    if (!next.ok()) return next.status();
    tx.exec_params0(
        "UPDATE themes SET label_fr = $2, label_ar = $3, label_en = $4, colour = $5, "
        "position = $6, retired = $7, revision = revision + 1, updated_by = $8, "
        "update_time = now() WHERE code = $1",
        code, next->label().fr(), next->label().ar(), next->label().en(), next->colour(),
        next->position(), next->retired(), actor);
    if (absl::Status c = Changed(tx, code, "updated", actor); !c.ok()) return c;
    auto t = Find(tx, code, false);
    if (!t.ok()) return t.status();
    updated = *std::move(t);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  (void)Reload();
  return updated;
}

absl::Status PgThemes::Remove(
    const std::string& code, const std::string& actor,
    const std::function<absl::Status(const v1::Theme& current, int64_t themes)>& check) {
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, code, true);  // locked: a project write waits (PgProjectStore)
    if (!current.ok()) return current.status();
    const int64_t themes = tx.exec1("SELECT count(*) FROM themes")[0].as<int64_t>();
    if (absl::Status c = check(*current, themes); !c.ok()) return c;
    tx.exec_params0("DELETE FROM themes WHERE code = $1", code);
    return Changed(tx, code, "deleted", actor);
  });
  if (!s.ok()) return s;
  (void)Reload();
  return absl::OkStatus();
}

}  // namespace atlas::registry
