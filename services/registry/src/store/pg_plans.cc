// The co-construction workspace in PostgreSQL.
#include "registry/store/pg_plans.h"

#include <pqxx/pqxx>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "atlas/audit/audit.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/core/json.h"
#include "atlas/core/status.h"
#include "atlas/core/utf8.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/status.h"
#include "registry/store/pg_documents.h"
#include "registry/store/pg_links.h"

namespace atlas::registry {
namespace {

constexpr char kColumns[] = R"sql(
  id::text, doc::text, revision, updated_by, (extract(epoch FROM create_time) * 1000000)::bigint,
  (extract(epoch FROM update_time) * 1000000)::bigint)sql";

v1::Plan FromRow(const pqxx::row& r) {
  v1::Plan p = FromJson<v1::Plan>(r[1].as<std::string>());
  p.set_name("plans/" + r[0].as<std::string>());
  p.set_revision(r[2].as<int64_t>());
  p.set_etag(core::RevisionEtag(p.revision()));
  p.set_updated_by(r[3].as<std::string>());
  rpc::SetTimestamp(r[4].as<int64_t>(), p.mutable_create_time());
  rpc::SetTimestamp(r[5].as<int64_t>(), p.mutable_update_time());
  return p;
}

// The document kept: the plan without what columns hold.
std::string Document(v1::Plan p) {
  p.clear_name();
  p.clear_etag();
  p.clear_create_time();
  p.clear_update_time();
  p.clear_updated_by();
  p.clear_caller_role();
  p.clear_revision();
  return Json(p);
}

std::vector<std::string> Members(const v1::Plan& p) {
  std::vector<std::string> out;
  for (const auto& m : p.members()) out.push_back(m.organisation());
  return out;
}

std::vector<std::string> Texts(const std::string& json_array) {
  std::vector<std::string> out;
  const nlohmann::json j = nlohmann::json::parse(json_array, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

absl::StatusOr<v1::Plan> Find(pqxx::transaction_base& tx, const std::string& id, bool lock) {
  pqxx::result r =
      tx.exec_params(absl::StrCat("SELECT ", kColumns, " FROM plans WHERE id = $1::uuid",
                                  lock ? " FOR UPDATE" : ""),
                     id);
  if (r.empty()) return absl::NotFoundError("plans/" + id);
  return FromRow(r[0]);
}

// The organisations, projects and documents `p` names exist (in `tx`).
absl::Status CheckLinksExist(pqxx::transaction_base& tx, const v1::Plan& p) {
  std::set<std::string> orgs;
  std::set<std::string> projects;
  std::set<std::string> documents;
  for (const auto& m : p.members()) orgs.insert(m.organisation());
  for (const auto& a : p.activities()) {
    projects.insert(a.projects().begin(), a.projects().end());
    documents.insert(a.documents().begin(), a.documents().end());
  }
  for (const auto& d : p.decisions()) documents.insert(d.documents().begin(), d.documents().end());
  const std::set<std::string> known_orgs =
      ExistingNames(tx,
                    "SELECT 'organisations/' || id FROM known_organisations "
                    "WHERE id = ANY(json_texts($1::jsonb))",
                    orgs);
  const std::set<std::string> known_projects = ExistingNames(
      tx,
      "SELECT 'projects/' || id::text FROM projects WHERE id = ANY(json_texts($1::jsonb)::uuid[])",
      projects);
  const std::set<std::string> known_documents =
      ExistingNames(tx,
                    "SELECT 'documents/' || id::text FROM library_documents "
                    "WHERE id = ANY(json_texts($1::jsonb)::uuid[])",
                    documents);
  std::vector<core::FieldViolation> bad;
  for (int i = 0; i < p.members_size(); ++i) {
    if (!known_orgs.contains(p.members(i).organisation())) {
      bad.push_back(
          core::Violation(absl::StrCat("plan.members[", i, "].organisation"), kNoSuchOrganisation,
                          {std::string(core::Utf8Prefix(p.members(i).organisation(), 120))}));
    }
  }
  for (int i = 0; i < p.activities_size(); ++i) {
    const std::string f = absl::StrCat("plan.activities[", i, "]");
    MissingLinks(p.activities(i).projects(), known_projects, f + ".projects", bad);
    MissingLinks(p.activities(i).documents(), known_documents, f + ".documents", bad);
  }
  for (int i = 0; i < p.decisions_size(); ++i) {
    MissingLinks(p.decisions(i).documents(), known_documents,
                 absl::StrCat("plan.decisions[", i, "].documents"), bad);
  }
  return bad.empty() ? absl::OkStatus() : core::InvalidFields(bad);
}

absl::Status Publish(pqxx::work& tx, const std::string& name, const std::string& type,
                     const std::string& subject, const std::string& payload) {
  return bus::AppendToOutbox(
      tx, bus::NewEvent("/atlas/registry", "ma.sharaka.atlas." + type + ".v1", name,
                        "atlas.registry." + subject, payload));
}

// Records atlas.registry.plan.<verb> in `tx`.
absl::Status Changed(pqxx::work& tx, const v1::Plan& p, const std::string& verb,
                     const std::vector<std::string>& added, const PlanChanges& changes,
                     const std::string& actor, const std::string& actor_organisation) {
  events::v1::PlanChanged e;
  e.set_name(p.name());
  e.set_title(p.title().fr());
  for (const auto& m : p.members()) e.add_members(m.organisation());
  for (const auto& m : added) e.add_added_members(m);
  for (const auto& f : changes.fields) e.add_changed_fields(f);
  e.set_actor(actor);
  e.set_actor_organisation(actor_organisation);
  e.set_demo(p.demo());
  return Publish(tx, p.name(), "plan." + verb, "plan." + verb, e.SerializeAsString());
}

// Writes revision `revision` of plan `id` (its document, who, what changed).
void AddRevision(pqxx::work& tx, const std::string& id, int64_t revision, const v1::Plan& p,
                 const std::string& actor, const PlanChanges& changes) {
  tx.exec_params0(
      "INSERT INTO plan_revisions (plan_id, revision, doc, actor, changed, details) "
      "VALUES ($1::uuid, $2, $3::jsonb, $4, json_texts($5::jsonb), json_texts($6::jsonb))",
      id, revision, Document(p), actor, JsonArray(changes.fields), JsonArray(changes.details));
}

v1::PlanComment CommentFromRow(const pqxx::row& r) {
  v1::PlanComment c;
  c.set_name(absl::StrCat("plans/", r[0].as<std::string>(), "/comments/", r[1].as<std::string>()));
  c.set_activity(r[2].as<std::string>());
  c.set_text(r[3].as<std::string>());
  for (const auto& m : Texts(r[4].as<std::string>())) c.add_mentions(m);
  c.set_author(r[5].as<std::string>());
  c.set_author_name(r[6].as<std::string>());
  c.set_author_organisation(r[7].as<std::string>());
  rpc::SetTimestamp(r[8].as<int64_t>(), c.mutable_create_time());
  return c;
}

constexpr char kCommentColumns[] = R"sql(
  plan_id::text, id::text, activity, text, array_to_json(mentions)::text, author, author_name,
  author_organisation, (extract(epoch FROM create_time) * 1000000)::bigint)sql";

std::string ActivityTitle(const v1::Plan& p, const std::string& activity) {
  for (const auto& a : p.activities()) {
    if (a.id() == activity) return a.title().fr();
  }
  return "";
}

}  // namespace

absl::StatusOr<std::vector<v1::Plan>> PgPlans::List(const std::string& organisation) {
  std::vector<v1::Plan> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec_params(
             absl::StrCat("SELECT ", kColumns,
                          " FROM plans WHERE $1 = '' OR 'organisations/' || $1 = ANY(members)"
                          " ORDER BY update_time DESC, id"),
             organisation)) {
      out.push_back(FromRow(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Plan> PgPlans::Get(const std::string& id, int64_t revision) {
  absl::StatusOr<v1::Plan> out = absl::NotFoundError("plans/" + id);
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    if (revision == 0) {
      out = Find(tx, id, false);
      return absl::OkStatus();
    }
    pqxx::result r = tx.exec_params(
        "SELECT r.plan_id::text, r.doc::text, r.revision, r.actor, "
        "(extract(epoch FROM p.create_time) * 1000000)::bigint, "
        "(extract(epoch FROM r.time) * 1000000)::bigint "
        "FROM plan_revisions r JOIN plans p ON p.id = r.plan_id "
        "WHERE r.plan_id = $1::uuid AND r.revision = $2",
        id, revision);
    if (!r.empty()) out = FromRow(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Plan> PgPlans::Insert(const v1::Plan& p, const std::string& request_id,
                                         const std::string& actor,
                                         const std::string& actor_organisation) {
  v1::Plan created;
  bool inserted = false;
  // Scoped to its author: another account's key never names this plan.
  const std::string key = request_id.empty() ? "" : absl::StrCat(actor, "\x1f", request_id);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    if (!key.empty()) {
      pqxx::result seen = tx.exec_params("SELECT id::text FROM plans WHERE request_id = $1", key);
      if (!seen.empty()) {
        auto found = Find(tx, seen[0][0].as<std::string>(), false);
        if (!found.ok()) return found.status();
        created = *std::move(found);
        return absl::OkStatus();
      }
    }
    if (absl::Status links = CheckLinksExist(tx, p); !links.ok()) return links;
    pqxx::result r = tx.exec_params(
        "INSERT INTO plans (request_id, doc, members, created_by, updated_by) "
        "VALUES (NULLIF($1, ''), $2::jsonb, json_texts($3::jsonb), $4, $4) "
        "ON CONFLICT (request_id) DO NOTHING RETURNING id::text",
        key, Document(p), JsonArray(Members(p)), actor);
    if (r.empty()) return absl::AbortedError("a concurrent request with the same id; retry");
    inserted = true;
    const std::string id = r[0][0].as<std::string>();
    const PlanChanges changes = ChangesBetween(v1::Plan(), p);
    AddRevision(tx, id, 1, p, actor, changes);
    auto found = Find(tx, id, false);
    if (!found.ok()) return found.status();
    created = *std::move(found);
    return Changed(tx, created, "created", Members(p), changes, actor, actor_organisation);
  });
  if (!s.ok()) return s;
  if (inserted && after_commit_) after_commit_();
  return created;
}

absl::StatusOr<v1::Plan> PgPlans::Modify(
    const std::string& id, const std::string& actor, const std::string& actor_organisation,
    const std::function<absl::StatusOr<v1::Plan>(const v1::Plan& current)>& change) {
  v1::Plan updated;
  bool written = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, id, true);
    if (!current.ok()) return current.status();
    auto next = change(*current);
    if (!next.ok()) return next.status();
    const PlanChanges changes = ChangesBetween(*current, *next);
    if (changes.fields.empty()) {  // nothing changed: no revision
      updated = *std::move(current);
      return absl::OkStatus();
    }
    if (absl::Status links = CheckLinksExist(tx, *next); !links.ok()) return links;
    tx.exec_params0(
        "UPDATE plans SET doc = $2::jsonb, members = json_texts($3::jsonb), updated_by = $4, "
        "revision = revision + 1, update_time = now() WHERE id = $1::uuid",
        id, Document(*next), JsonArray(Members(*next)), actor);
    AddRevision(tx, id, current->revision() + 1, *next, actor, changes);
    auto found = Find(tx, id, false);
    if (!found.ok()) return found.status();
    updated = *std::move(found);
    written = true;
    return Changed(tx, updated, "updated", AddedMembers(*current, *next), changes, actor,
                   actor_organisation);
  });
  if (!s.ok()) return s;
  if (written && after_commit_) after_commit_();
  return updated;
}

absl::Status PgPlans::Remove(const std::string& id, const std::string& actor,
                             const std::function<absl::Status(const v1::Plan& current)>& check) {
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, id, true);
    if (!current.ok()) return current.status();
    if (absl::Status c = check(*current); !c.ok()) return c;
    tx.exec_params0("DELETE FROM plans WHERE id = $1::uuid", id);
    return Changed(tx, *current, "deleted", {}, {}, actor, "");
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::PlanRevision>> PgPlans::Revisions(const std::string& id) {
  std::vector<v1::PlanRevision> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec_params(
             "SELECT revision, actor, (extract(epoch FROM time) * 1000000)::bigint, "
             "array_to_json(changed)::text, array_to_json(details)::text FROM plan_revisions "
             "WHERE plan_id = $1::uuid ORDER BY revision DESC",
             id)) {
      v1::PlanRevision v;
      v.set_revision(r[0].as<int64_t>());
      v.set_actor(r[1].as<std::string>());
      rpc::SetTimestamp(r[2].as<int64_t>(), v.mutable_time());
      for (const auto& f : Texts(r[3].as<std::string>())) v.add_changed_fields(f);
      for (const auto& d : Texts(r[4].as<std::string>())) v.add_details(d);
      out.push_back(std::move(v));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::PlanComment> PgPlans::AddComment(
    const std::string& id, const v1::PlanComment& c, const std::string& request_id,
    const std::map<std::string, std::string>& people,
    const std::function<absl::Status(const v1::Plan& current)>& check) {
  v1::PlanComment added;
  bool inserted = false;
  const std::string key = request_id.empty() ? "" : absl::StrCat(c.author(), "\x1f", request_id);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, id, true);
    if (!current.ok()) return current.status();
    // `check` fills the mentions of `c` (a member organisation each).
    if (absl::Status ok = check(*current); !ok.ok()) return ok;
    if (!key.empty()) {
      pqxx::result seen = tx.exec_params(
          absl::StrCat("SELECT ", kCommentColumns, " FROM plan_comments WHERE request_id = $1"),
          key);
      if (!seen.empty()) {
        added = CommentFromRow(seen[0]);
        return absl::OkStatus();
      }
    }
    pqxx::result r = tx.exec_params(
        absl::StrCat("INSERT INTO plan_comments (plan_id, request_id, activity, text, mentions, "
                     "author, author_name, author_organisation) VALUES ($1::uuid, NULLIF($2, ''), "
                     "$3, $4, json_texts($5::jsonb), $6, $7, $8) RETURNING ",
                     kCommentColumns),
        id, key, c.activity(), c.text(), JsonArray(c.mentions()), c.author(), c.author_name(),
        c.author_organisation());
    added = CommentFromRow(r[0]);
    inserted = true;
    for (const std::string& m : c.mentions()) {
      events::v1::PlanCommentMentioned e;
      e.set_plan(current->name());
      e.set_plan_title(current->title().fr());
      e.set_activity(c.activity());
      e.set_activity_title(ActivityTitle(*current, c.activity()));
      e.set_comment(added.name());
      e.set_text(std::string(core::Utf8Prefix(c.text(), 300)));
      e.set_mentioned(m);
      e.set_mentioned_organisation(
          core::IdOf(m, "organisations/") ? m : "organisations/" + people.at(m));
      e.set_author(c.author_name());
      e.set_demo(current->demo());
      if (absl::Status p = Publish(tx, added.name(), "plan.comment.mentioned",
                                   "plan.comment.mentioned", e.SerializeAsString());
          !p.ok()) {
        return p;
      }
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (inserted && after_commit_) after_commit_();
  return added;
}

absl::StatusOr<std::vector<v1::PlanComment>> PgPlans::Comments(const std::string& id,
                                                               const std::string& activity) {
  std::vector<v1::PlanComment> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r :
         tx.exec_params(absl::StrCat("SELECT ", kCommentColumns,
                                     " FROM plan_comments WHERE plan_id = $1::uuid AND ($2 = '' OR "
                                     "activity = $2) ORDER BY create_time, id"),
                        id, activity)) {
      out.push_back(CommentFromRow(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<bool> PgPlans::AnnounceDue(const v1::Plan& p, const v1::PlanActivity& activity) {
  bool inserted = false;
  const std::string id = PlanId(p.name()).value_or("");
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    inserted = !tx.exec_params(
                      "INSERT INTO plan_due_notices (plan_id, activity, end_date) "
                      "SELECT $1::uuid, $2, $3::date WHERE EXISTS "
                      "(SELECT 1 FROM plans WHERE id = $1::uuid) ON CONFLICT DO NOTHING "
                      "RETURNING activity",
                      id, activity.id(), activity.end_date())
                    .empty();
    if (!inserted) return absl::OkStatus();
    events::v1::PlanActivityDue e;
    e.set_plan(p.name());
    e.set_plan_title(p.title().fr());
    e.set_activity(activity.id());
    e.set_activity_title(activity.title().fr());
    e.set_owner(activity.owner());
    e.set_end_date(activity.end_date());
    e.set_demo(p.demo());
    return Publish(tx, p.name(), "plan.activity.due", "plan.activity.due", e.SerializeAsString());
  });
  if (!s.ok()) return s;
  if (inserted && after_commit_) after_commit_();
  return inserted;
}

absl::StatusOr<std::map<std::string, std::string>> PgPlans::PeopleOrganisations(
    const std::vector<std::string>& handles) {
  std::map<std::string, std::string> out;
  if (handles.empty()) return out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r :
         tx.exec_params("SELECT username, organisation FROM known_users "
                        "WHERE username = ANY(json_texts($1::jsonb)) AND NOT disabled",
                        JsonArray(handles))) {
      out[r[0].as<std::string>()] = r[1].as<std::string>();
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

namespace {

// The value a user.updated detail gives `key` after the change ([before, after]).
std::string After(const nlohmann::json& detail, const char* key) {
  const auto it = detail.find(key);
  if (it == detail.end() || !it->is_array() || it->size() != 2) return "";
  const auto& v = (*it)[1];
  return v.is_string()    ? v.get<std::string>()
         : v.is_boolean() ? (v.get<bool>() ? "true" : "false")
                          : "";
}

}  // namespace

absl::Status RecordIdentity(pqxx::transaction_base& tx, const bus::Event& event) {
  audit::Entry entry;
  std::string source;
  if (!audit::FromEvent(event, &entry, &source)) return absl::OkStatus();
  if (entry.kind == "organisation.created") {
    const std::optional<std::string> id = core::IdOf(entry.target, "organisations/");
    if (!id || id->empty() || id->size() > 100) return absl::OkStatus();
    tx.exec_params0("INSERT INTO known_organisations (id) VALUES ($1) ON CONFLICT DO NOTHING", *id);
    return absl::OkStatus();
  }
  const nlohmann::json detail = nlohmann::json::parse(entry.detail, nullptr, false);
  if (!detail.is_object()) return absl::OkStatus();
  if (entry.kind == "user.created") {
    const std::string username = detail.value("username", "");
    const std::optional<std::string> org =
        core::IdOf(detail.value("organisation", ""), "organisations/");
    if (username.empty() || username.size() > 100 || !org || org->empty()) {
      return absl::OkStatus();
    }
    tx.exec_params0(
        "INSERT INTO known_users (username, account, organisation) VALUES (lower($1), $2, $3) "
        "ON CONFLICT (username) DO UPDATE SET account = EXCLUDED.account, "
        "organisation = EXCLUDED.organisation, disabled = false",
        username, entry.target, *org);
  } else if (entry.kind == "user.updated" || entry.kind == "user.roles_changed") {
    // The handle is not in the detail: the row is found by the account's
    // name, kept from its creation event.
    const std::optional<std::string> org =
        core::IdOf(After(detail, "organisation"), "organisations/");
    const std::string disabled = After(detail, "disabled");
    tx.exec_params0(
        "UPDATE known_users SET organisation = COALESCE(NULLIF($2, ''), organisation), "
        "disabled = COALESCE(NULLIF($3, '')::boolean, disabled) WHERE account = $1",
        entry.target, org.value_or(""), disabled);
  }
  return absl::OkStatus();
}

}  // namespace atlas::registry
