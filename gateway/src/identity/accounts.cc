// Identity administration: SQL, validation, audit.
#include "gateway/identity/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "atlas/auth/keys.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/core/json.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"
#include "atlas/rpc/status.h"
#include "gateway/identity/password.h"
#include "gateway/identity/secrets.h"

namespace atlas::gateway::identity {
namespace {

using core::Text;
using core::Violation;

constexpr Text kBadOrganisationId = {
    "must be 2 to 63 lower-case letters, digits or '-', starting with a letter or digit",
    "doit compter 2 à 63 minuscules, chiffres ou « - », en commençant par une lettre ou un chiffre",
    "يجب أن يتكون من 2 إلى 63 حرفًا صغيرًا أو رقمًا أو «-»، ويبدأ بحرف أو رقم"};
constexpr Text kMentionPrefix = {
    "a prefix of lower-case letters, digits, '.', '_' or '-', at most 64",
    "un début de nom en minuscules, chiffres, « . », « _ » ou « - », 64 au plus",
    "بداية اسم من حروف صغيرة أو أرقام أو «.» أو «_» أو «-»، 64 على الأكثر"};
constexpr Text kMentionPageSize = {"must be 0 to 50", "doit être compris entre 0 et 50",
                                   "يجب أن يكون بين 0 و50"};
constexpr Text kBadUsername = {
    "must be 3 to 64 lower-case letters, digits, '.', '_', '@' or '-'",
    "doit compter 3 à 64 minuscules, chiffres, « . », « _ », « @ » ou « - »",
    "يجب أن يتكون من 3 إلى 64 حرفًا صغيرًا أو رقمًا أو «.» أو «_» أو «@» أو «-»"};
constexpr Text kUnknownRole = {"unknown role \"{0}\"; expected one of: {1}",
                               "rôle inconnu « {0} » ; valeurs possibles : {1}",
                               "دور غير معروف «{0}»؛ القيم الممكنة: {1}"};
constexpr Text kUnknownOrganisation = {"no organisation \"{0}\"", "aucune organisation « {0} »",
                                       "لا توجد منظمة «{0}»"};
constexpr Text kPasswordLength = {"must be 12 to 256 characters",
                                  "doit compter de 12 à 256 caractères",
                                  "يجب أن تتكون من 12 إلى 256 حرفًا"};
constexpr Text kCountry = {"must be an ISO 3166-1 alpha-3 code such as MAR or FRA",
                           "doit être un code ISO 3166-1 alpha-3 comme MAR ou FRA",
                           "يجب أن يكون رمزًا وفق ISO 3166-1 alpha-3 مثل MAR أو FRA"};
constexpr Text kKindRequired = {"must be one of the organisation kinds",
                                "doit être l'un des types d'organisation",
                                "يجب أن يكون أحد أنواع المنظمات"};
constexpr Text kAlreadyExists = {"{0} already exists", "{0} existe déjà", "{0} موجود بالفعل"};
constexpr Text kNotFound = {"{0} was not found", "{0} est introuvable", "{0} غير موجود"};
constexpr Text kBadName = {"must be a name like {0}", "doit être un nom comme {0}",
                           "يجب أن يكون اسمًا مثل {0}"};
constexpr Text kEtagRequired = {"is required to change a user (read it first)",
                                "est obligatoire pour modifier un utilisateur (lisez-le d'abord)",
                                "مطلوب لتعديل مستخدم (اقرأه أولًا)"};
constexpr Text kBadEtag = {"must be the etag read with the user, like r3",
                           "doit être l'etag lu avec l'utilisateur, comme r3",
                           "يجب أن يكون وسم الإصدار المقروء مع المستخدم، مثل r3"};
constexpr Text kBadMask = {"may only name: {0}", "ne peut citer que : {0}",
                           "لا يمكن أن يتضمن سوى: {0}"};
constexpr Text kLastAdmin = {"this would leave no active administrator",
                             "il ne resterait aucun administrateur actif",
                             "سيؤدي هذا إلى عدم بقاء أي مسؤول نشط"};

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 1000;

const char* const kKinds[] = {"",       "ministry", "ngo",  "diaspora_association",
                              "region", "agency",   "donor"};

v1::OrganisationKind KindOf(const std::string& kind) {
  for (int i = 1; i < 7; ++i) {
    if (kind == kKinds[i]) return static_cast<v1::OrganisationKind>(i);
  }
  return v1::ORGANISATION_KIND_UNSPECIFIED;
}

int64_t Micros(const pqxx::field& f) { return static_cast<int64_t>(f.as<double>() * 1e6); }

bool ValidUsername(const std::string& u) {
  static const std::regex re("^[a-z0-9._@-]{3,64}$");
  return std::regex_match(u, re);
}

absl::Status NotFound(const std::string& name) {
  return core::Error(absl::StatusCode::kNotFound, kNotFound, {name});
}

constexpr char kOrgColumns[] =
    "id, name_fr, name_ar, name_en, kind, country, iati_identifier, demo, "
    "extract(epoch FROM create_time), seq";

v1::Organisation OrgFromRow(const pqxx::row& r) {
  v1::Organisation o;
  o.set_name("organisations/" + r[0].as<std::string>());
  o.set_display_name_fr(r[1].as<std::string>());
  o.set_display_name_ar(r[2].as<std::string>());
  o.set_display_name_en(r[3].as<std::string>());
  o.set_kind(KindOf(r[4].as<std::string>()));
  o.set_country(r[5].as<std::string>());
  o.set_iati_identifier(r[6].as<std::string>());
  o.set_demo(r[7].as<bool>());
  rpc::SetTimestamp(Micros(r[8]), o.mutable_create_time());
  return o;
}

constexpr char kUserColumns[] =
    "id::text, username, organisation_id, array_to_string(roles, ','), disabled, revision, "
    "extract(epoch FROM create_time), extract(epoch FROM update_time), seq";

v1::User UserFromRow(const pqxx::row& r) {
  v1::User u;
  u.set_name("users/" + r[0].as<std::string>());
  u.set_username(r[1].as<std::string>());
  u.set_organisation("organisations/" + r[2].as<std::string>());
  for (absl::string_view role : absl::StrSplit(r[3].as<std::string>(), ',', absl::SkipEmpty())) {
    u.add_roles(std::string(role));
  }
  u.set_disabled(r[4].as<bool>());
  u.set_etag(core::RevisionEtag(r[5].as<int64_t>()));
  rpc::SetTimestamp(Micros(r[6]), u.mutable_create_time());
  rpc::SetTimestamp(Micros(r[7]), u.mutable_update_time());
  return u;
}

constexpr char kAccountColumns[] =
    "id::text, display_name, organisation_id, disabled, extract(epoch FROM create_time), seq";

v1::ServiceAccount AccountFromRow(const pqxx::row& r) {
  v1::ServiceAccount a;
  a.set_name("serviceAccounts/" + r[0].as<std::string>());
  a.set_display_name(r[1].as<std::string>());
  a.set_organisation("organisations/" + r[2].as<std::string>());
  a.set_disabled(r[3].as<bool>());
  rpc::SetTimestamp(Micros(r[4]), a.mutable_create_time());
  return a;
}

// Checks a user's organisation and roles; appends violations under `prefix`.
void CheckOrganisationAndRoles(pqxx::transaction_base& tx, const v1::User& u,
                               const std::string& prefix, bool check_org, bool check_roles,
                               std::vector<core::FieldViolation>* out) {
  if (check_org) {
    auto org = core::IdOf(u.organisation(), "organisations/");
    if (u.organisation().empty()) {
      out->push_back(Violation(prefix + "organisation", core::texts::kRequired));
    } else if (!org || !core::IsOrganisationId(*org) ||
               tx.exec_params("SELECT 1 FROM organisations WHERE id = $1", *org).empty()) {
      out->push_back(Violation(prefix + "organisation", kUnknownOrganisation,
                               {u.organisation().substr(0, 80)}));
    }
  }
  if (check_roles) {
    if (u.roles().empty()) out->push_back(Violation(prefix + "roles", core::texts::kRequired));
    std::set<std::string> seen;
    for (int i = 0; i < u.roles_size(); ++i) {
      const std::string& role = u.roles(i);
      const std::string field = prefix + "roles[" + std::to_string(i) + "]";
      const auto& known = UserRoles();
      if (std::find(known.begin(), known.end(), role) == known.end()) {
        out->push_back(
            Violation(field, kUnknownRole, {role.substr(0, 40), absl::StrJoin(known, ", ")}));
      } else if (!seen.insert(role).second) {
        out->push_back(Violation(field, core::texts::kDuplicate, {role}));
      }
    }
  }
}

std::string PgArray(const google::protobuf::RepeatedPtrField<std::string>& roles) {
  // Roles are validated against a fixed list of plain words before this.
  return "{" + absl::StrJoin(roles, ",") + "}";
}

// Active administrators other than `except_user_id`.
int64_t OtherActiveAdmins(pqxx::transaction_base& tx, const std::string& except_user_id) {
  return tx
      .exec_params(
          "SELECT count(*) FROM users WHERE 'admin' = ANY (roles) AND NOT disabled "
          "AND id <> $1::uuid",
          except_user_id)[0][0]
      .as<int64_t>();
}

}  // namespace

const std::vector<std::string>& UserRoles() {
  static const std::vector<std::string> roles = {"editor", "validator", "analyst", "admin"};
  return roles;
}

void AppendAudit(pqxx::work& tx, const audit::Entry& entry) {
  bus::Event e = audit::ToEvent("gateway", entry);
  tx.exec_params0(
      "INSERT INTO audit_log (event_id, kind, actor, target, peer, detail, source) "
      "VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, 'gateway')",
      e.id, entry.kind, entry.actor, entry.target, entry.peer,
      entry.detail.empty() ? "{}" : entry.detail);
  // An audit entry is a few hundred bytes; should one ever not fit, the
  // change it records must not commit unaudited.
  if (absl::Status s = bus::AppendToOutbox(tx, e); !s.ok()) {
    throw std::length_error(std::string(s.message()));
  }
}

absl::StatusOr<int64_t> ExpireAuditEntries(db::Pool& pool, int rejected_days, int all_days) {
  int64_t removed = 0;
  // In slices: no transaction holds many rows or runs long.
  for (int slice = 0; slice < 1000; ++slice) {
    int64_t n = 0;
    absl::Status s = pool.Transact([&](pqxx::work& tx) {
      tx.exec0("SET LOCAL atlas.audit_expiry = 'on'");
      n = tx.exec_params(R"sql(
DELETE FROM audit_log WHERE seq = ANY(ARRAY(
  SELECT seq FROM audit_log
  WHERE (kind = 'token.rejected' AND create_time < now() - make_interval(days => $1))
     OR ($2 > 0 AND create_time < now() - make_interval(days => $2))
  LIMIT 5000)))sql",
                         rejected_days, all_days)
              .affected_rows();
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    removed += n;
    if (n < 5000) break;
  }
  return removed;
}

absl::Status StoreAuditEvent(pqxx::work& tx, const bus::Event& event) {
  audit::Entry entry;
  std::string source;
  if (!audit::FromEvent(event, &entry, &source)) {
    return absl::InvalidArgumentError("not an AuditRecorded payload");
  }
  // A detail that is not a JSON object (another process's bug) is kept as text.
  nlohmann::json detail = nlohmann::json::parse(entry.detail, nullptr, false);
  if (!detail.is_object()) detail = {{"text", entry.detail.substr(0, 4000)}};
  tx.exec_params0(
      "INSERT INTO audit_log (event_id, kind, actor, target, peer, detail, source, create_time) "
      "VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7, $8::timestamptz) "
      "ON CONFLICT (event_id) DO NOTHING",
      event.id, entry.kind.substr(0, 100), entry.actor.substr(0, 200), entry.target.substr(0, 200),
      entry.peer.substr(0, 100), core::DumpJson(detail), source.substr(0, 40), event.time);
  return absl::OkStatus();
}

absl::StatusOr<v1::ListOrganisationsResponse> Accounts::ListOrganisations(
    int page_size, const std::string& page_token) {
  auto page = core::ParsePageRequest(page_size, page_token, kDefaultPage, kMaxPage);
  if (!page.ok()) return page.status();
  v1::ListOrganisationsResponse resp;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(std::string("SELECT ") + kOrgColumns +
                                        " FROM organisations WHERE seq > $1 ORDER BY seq LIMIT $2",
                                    page->position, page->limit + 1);
    auto items =
        db::TakePage<v1::Organisation>(r, page->limit, [](const pqxx::row& row, int64_t* pos) {
          *pos = row[9].as<int64_t>();
          return OrgFromRow(row);
        });
    for (auto& o : items.items) *resp.add_organisations() = std::move(o);
    resp.set_next_page_token(core::NextPageToken(items));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return resp;
}

absl::StatusOr<v1::Organisation> Accounts::GetOrganisation(const std::string& name) {
  auto id = core::IdOf(name, "organisations/");
  if (!id || !core::IsOrganisationId(*id)) {
    return core::InvalidFields({Violation("name", kBadName, {"organisations/ministry"})});
  }
  std::optional<v1::Organisation> org;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(
        std::string("SELECT ") + kOrgColumns + " FROM organisations WHERE id = $1", *id);
    if (!r.empty()) org = OrgFromRow(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!org) return NotFound(name);
  return *org;
}

absl::StatusOr<v1::Organisation> Accounts::CreateOrganisation(
    const v1::CreateOrganisationRequest& req, const std::string& actor) {
  const v1::Organisation& o = req.organisation();
  std::vector<core::FieldViolation> v;
  if (!core::IsOrganisationId(req.organisation_id())) {
    v.push_back(Violation("organisation_id", kBadOrganisationId));
  }
  if (o.display_name_fr().empty()) {
    v.push_back(Violation("organisation.display_name_fr", core::texts::kRequired));
  }
  for (const auto& [field, value] :
       {std::pair<const char*, const std::string*>{"display_name_fr", &o.display_name_fr()},
        {"display_name_ar", &o.display_name_ar()},
        {"display_name_en", &o.display_name_en()},
        {"iati_identifier", &o.iati_identifier()}}) {
    if (value->size() > 300) {
      v.push_back(Violation(std::string("organisation.") + field, core::texts::kTooLong,
                            {"300", std::to_string(value->size())}));
    }
  }
  if (o.kind() <= v1::ORGANISATION_KIND_UNSPECIFIED || o.kind() > v1::DONOR) {
    v.push_back(Violation("organisation.kind", kKindRequired));
  }
  static const std::regex country("^([A-Z]{3})?$");
  if (!std::regex_match(o.country(), country)) {
    v.push_back(Violation("organisation.country", kCountry));
  }
  if (!v.empty()) return core::InvalidFields(v);
  std::optional<v1::Organisation> created;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        std::string("INSERT INTO organisations (id, name_fr, name_ar, name_en, kind, country, "
                    "iati_identifier, demo) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                    "ON CONFLICT (id) DO NOTHING RETURNING ") +
            kOrgColumns,
        req.organisation_id(), o.display_name_fr(), o.display_name_ar(), o.display_name_en(),
        kKinds[o.kind()], o.country(), o.iati_identifier(), o.demo());
    if (r.empty()) return absl::OkStatus();
    created = OrgFromRow(r[0]);
    AppendAudit(tx, {.kind = "organisation.created",
                     .actor = actor,
                     .target = created->name(),
                     .detail = audit::Detail({{"kind", kKinds[o.kind()]}})});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!created) {
    return core::Error(absl::StatusCode::kAlreadyExists, kAlreadyExists,
                       {"organisations/" + req.organisation_id()});
  }
  return *created;
}

absl::StatusOr<v1::CreateUserResponse> Accounts::CreateUser(const v1::CreateUserRequest& req,
                                                            const std::string& actor) {
  v1::User u = req.user();
  u.set_username(absl::AsciiStrToLower(u.username()));
  std::vector<core::FieldViolation> v;
  if (!ValidUsername(u.username())) v.push_back(Violation("user.username", kBadUsername));
  if (!req.password().empty() && (req.password().size() < 12 || req.password().size() > 256)) {
    v.push_back(Violation("password", kPasswordLength));
  }
  v1::CreateUserResponse resp;
  bool exists = false;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    CheckOrganisationAndRoles(tx, u, "user.", true, true, &v);
    exists = !tx.exec_params("SELECT 1 FROM users WHERE username = $1", u.username()).empty();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!v.empty()) return core::InvalidFields(v);
  if (exists) {
    return core::Error(absl::StatusCode::kAlreadyExists, kAlreadyExists, {u.username()});
  }
  const std::string password = req.password().empty() ? GeneratePassword() : req.password();
  absl::StatusOr<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        std::string("INSERT INTO users (username, organisation_id, roles, password_hash) "
                    "VALUES ($1, $2, $3::text[], $4) RETURNING ") +
            kUserColumns,
        u.username(), *core::IdOf(u.organisation(), "organisations/"), PgArray(u.roles()), *hash);
    *resp.mutable_user() = UserFromRow(r[0]);
    AppendAudit(tx, {.kind = "user.created",
                     .actor = actor,
                     .target = resp.user().name(),
                     .detail = audit::Detail({{"username", u.username()},
                                              {"organisation", u.organisation()},
                                              {"roles", absl::StrJoin(u.roles(), ",")}})});
    return absl::OkStatus();
  });
  if (s.code() == absl::StatusCode::kAlreadyExists) {
    return core::Error(absl::StatusCode::kAlreadyExists, kAlreadyExists, {u.username()});
  }
  if (!s.ok()) return s;
  if (req.password().empty()) resp.set_initial_password(password);
  return resp;
}

absl::StatusOr<v1::ListUsersResponse> Accounts::ListUsers(const v1::ListUsersRequest& req) {
  auto page = core::ParsePageRequest(req.page_size(), req.page_token(), kDefaultPage, kMaxPage);
  if (!page.ok()) return page.status();
  std::string org;
  if (!req.organisation().empty()) {
    auto id = core::IdOf(req.organisation(), "organisations/");
    if (!id || !core::IsOrganisationId(*id)) {
      return core::InvalidFields({Violation("organisation", kBadName, {"organisations/ministry"})});
    }
    org = *id;
  }
  v1::ListUsersResponse resp;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(std::string("SELECT ") + kUserColumns +
                                        " FROM users WHERE seq > $1 AND ($3 = '' OR "
                                        "organisation_id = $3) ORDER BY seq LIMIT $2",
                                    page->position, page->limit + 1, org);
    auto items = db::TakePage<v1::User>(r, page->limit, [](const pqxx::row& row, int64_t* pos) {
      *pos = row[8].as<int64_t>();
      return UserFromRow(row);
    });
    for (auto& u : items.items) *resp.add_users() = std::move(u);
    resp.set_next_page_token(core::NextPageToken(items));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return resp;
}

absl::StatusOr<v1::SearchMentionablesResponse> Accounts::SearchMentionables(
    const v1::SearchMentionablesRequest& req, const rpc::Caller& caller) {
  static const std::regex kPrefix("[a-z0-9._-]{0,64}");
  const std::string prefix = absl::AsciiStrToLower(req.prefix());
  if (!std::regex_match(prefix, kPrefix)) {
    return core::InvalidFields({Violation("prefix", kMentionPrefix)});
  }
  if (req.page_size() < 0 || req.page_size() > 50) {
    return core::InvalidFields({Violation("page_size", kMentionPageSize)});
  }
  const int limit = req.page_size() == 0 ? 10 : req.page_size();
  // The dialogue's organisation: an editor's own, whatever is asked.
  std::string org = caller.SeesAllOrganisations()
                        ? core::IdOf(req.organisation(), "organisations/").value_or("")
                        : caller.OrganisationId();
  if (!req.organisation().empty() && caller.SeesAllOrganisations() &&
      !core::IsOrganisationId(org)) {
    return core::InvalidFields({Violation("organisation", kBadName, {"organisations/{id}"})});
  }
  v1::SearchMentionablesResponse resp;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    // Users first, then organisations: the dialogue's organisation's people
    // and the ministry's staff (who take part in every dialogue).
    pqxx::result r = tx.exec_params(R"sql(
(SELECT u.username, o.id, o.name_fr, o.name_ar, o.name_en, 0 AS kind
 FROM users u JOIN organisations o ON o.id = u.organisation_id
 WHERE NOT u.disabled AND left(u.username, length($1)) = $1
   AND (u.organisation_id = $3 OR u.roles && ARRAY['validator', 'analyst', 'admin'])
 ORDER BY u.username LIMIT $2)
UNION ALL
(SELECT 'organisations/' || o.id, o.id, o.name_fr, o.name_ar, o.name_en, 1
 FROM organisations o WHERE left(o.id, length($1)) = $1 AND o.id IN ($3, 'ministry')
 ORDER BY o.id LIMIT $2)
ORDER BY kind, 1 LIMIT $2)sql",
                                    prefix, limit, org);
    for (const auto& row : r) {
      auto* m = resp.add_mentionables();
      m->set_handle(row[0].as<std::string>());
      m->set_organisation("organisations/" + row[1].as<std::string>());
      m->set_organisation_name_fr(row[2].as<std::string>());
      m->set_organisation_name_ar(row[3].as<std::string>());
      m->set_organisation_name_en(row[4].as<std::string>());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return resp;
}

absl::StatusOr<v1::User> Accounts::GetUser(const std::string& name) {
  auto id = core::IdOf(name, "users/");
  if (!id || !core::IsCanonicalUuid(*id)) {
    return core::InvalidFields({Violation("name", kBadName, {"users/{uuid}"})});
  }
  std::optional<v1::User> user;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(
        std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1::uuid", *id);
    if (!r.empty()) user = UserFromRow(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!user) return NotFound(name);
  return *user;
}

absl::StatusOr<v1::User> Accounts::UpdateUser(const v1::UpdateUserRequest& req,
                                              const std::string& actor) {
  const v1::User& u = req.user();
  auto id = core::IdOf(u.name(), "users/");
  std::vector<core::FieldViolation> v;
  if (!id || !core::IsCanonicalUuid(*id)) {
    v.push_back(Violation("user.name", kBadName, {"users/{uuid}"}));
  }
  if (u.etag().empty()) {
    v.push_back(Violation("user.etag", kEtagRequired));
  } else if (!core::RevisionOfEtag(u.etag())) {
    v.push_back(Violation("user.etag", kBadEtag));
  }
  static const std::set<std::string> kMutable = {"roles", "organisation", "disabled"};
  bool roles = false, org = false, disabled = false;
  if (req.update_mask().paths().empty()) {
    v.push_back(Violation("update_mask", core::texts::kRequired));
  }
  for (const std::string& path : req.update_mask().paths()) {
    if (!kMutable.contains(path)) {
      v.push_back(Violation("update_mask", kBadMask, {"roles, organisation, disabled"}));
      break;
    }
    roles |= path == "roles";
    org |= path == "organisation";
    disabled |= path == "disabled";
  }
  if (!v.empty()) return core::InvalidFields(v);
  std::optional<v1::User> updated;
  bool found = false, stale = false, last_admin = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result cur = tx.exec_params(
        std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1::uuid FOR UPDATE", *id);
    if (cur.empty()) return absl::OkStatus();
    found = true;
    v1::User before = UserFromRow(cur[0]);
    if (core::RevisionOfEtag(before.etag()) != core::RevisionOfEtag(u.etag())) {
      stale = true;
      return absl::OkStatus();
    }
    CheckOrganisationAndRoles(tx, u, "user.", org, roles, &v);
    if (!v.empty()) return core::InvalidFields(v);
    v1::User after = before;
    if (roles) *after.mutable_roles() = u.roles();
    if (org) after.set_organisation(u.organisation());
    if (disabled) after.set_disabled(u.disabled());
    const auto is_admin = [](const v1::User& x) {
      return !x.disabled() &&
             std::find(x.roles().begin(), x.roles().end(), "admin") != x.roles().end();
    };
    if (is_admin(before) && !is_admin(after) && OtherActiveAdmins(tx, *id) == 0) {
      last_admin = true;
      return absl::OkStatus();
    }
    pqxx::result r = tx.exec_params(
        std::string("UPDATE users SET roles = $2::text[], organisation_id = $3, disabled = $4, "
                    "revision = revision + 1, update_time = now() WHERE id = $1::uuid RETURNING ") +
            kUserColumns,
        *id, PgArray(after.roles()), *core::IdOf(after.organisation(), "organisations/"),
        after.disabled());
    updated = UserFromRow(r[0]);
    if (after.disabled() && !before.disabled()) {
      tx.exec_params0(
          "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1::uuid "
          "AND revoked_at IS NULL",
          *id);
    }
    const std::string old_roles = absl::StrJoin(before.roles(), ",");
    const std::string new_roles = absl::StrJoin(after.roles(), ",");
    AppendAudit(
        tx,
        {.kind = old_roles != new_roles ? "user.roles_changed" : "user.updated",
         .actor = actor,
         .target = u.name(),
         .detail = audit::Detail({{"roles", {old_roles, new_roles}},
                                  {"organisation", {before.organisation(), after.organisation()}},
                                  {"disabled", {before.disabled(), after.disabled()}}})});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) return NotFound(u.name());
  if (stale)
    return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead, {u.name()});
  if (last_admin) return core::Error(absl::StatusCode::kFailedPrecondition, kLastAdmin);
  return *updated;
}

absl::StatusOr<v1::ResetPasswordResponse> Accounts::ResetPassword(const std::string& name,
                                                                  const std::string& actor) {
  auto id = core::IdOf(name, "users/");
  if (!id || !core::IsCanonicalUuid(*id)) {
    return core::InvalidFields({Violation("name", kBadName, {"users/{uuid}"})});
  }
  v1::ResetPasswordResponse resp;
  resp.set_password(GeneratePassword());
  absl::StatusOr<std::string> hash = HashPassword(resp.password());
  if (!hash.ok()) return hash.status();
  bool found = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    found = tx.exec_params(
                  "UPDATE users SET password_hash = $2, revision = revision + 1, "
                  "update_time = now() WHERE id = $1::uuid",
                  *id, *hash)
                .affected_rows() > 0;
    if (!found) return absl::OkStatus();
    tx.exec_params0(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1::uuid "
        "AND revoked_at IS NULL",
        *id);
    AppendAudit(tx, {.kind = "user.password_reset", .actor = actor, .target = name});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) return NotFound(name);
  return resp;
}

absl::StatusOr<v1::CreateServiceAccountResponse> Accounts::CreateServiceAccount(
    const v1::ServiceAccount& account, const std::string& actor) {
  std::vector<core::FieldViolation> v;
  if (account.display_name().empty()) {
    v.push_back(Violation("service_account.display_name", core::texts::kRequired));
  } else if (account.display_name().size() > 200) {
    v.push_back(Violation("service_account.display_name", core::texts::kTooLong,
                          {"200", std::to_string(account.display_name().size())}));
  }
  v1::CreateServiceAccountResponse resp;
  const std::string id = NewClientId();
  const std::string secret = NewSecret();
  const std::string hash = Sha256(secret);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    v1::User as_user;
    as_user.set_organisation(account.organisation());
    CheckOrganisationAndRoles(tx, as_user, "service_account.", true, false, &v);
    if (!v.empty()) return core::InvalidFields(v);
    pqxx::result r = tx.exec_params(
        std::string("INSERT INTO service_accounts (id, display_name, organisation_id, "
                    "secret_hash) VALUES ($1::uuid, $2, $3, $4) RETURNING ") +
            kAccountColumns,
        id, account.display_name(), *core::IdOf(account.organisation(), "organisations/"),
        pqxx::binarystring(hash.data(), hash.size()));
    *resp.mutable_service_account() = AccountFromRow(r[0]);
    AppendAudit(tx, {.kind = "service_account.created",
                     .actor = actor,
                     .target = resp.service_account().name(),
                     .detail = audit::Detail({{"organisation", account.organisation()}})});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  resp.set_client_id(id);
  resp.set_client_secret(secret);
  return resp;
}

absl::StatusOr<v1::ListServiceAccountsResponse> Accounts::ListServiceAccounts(
    int page_size, const std::string& page_token) {
  auto page = core::ParsePageRequest(page_size, page_token, kDefaultPage, kMaxPage);
  if (!page.ok()) return page.status();
  v1::ListServiceAccountsResponse resp;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r =
        tx.exec_params(std::string("SELECT ") + kAccountColumns +
                           " FROM service_accounts WHERE seq > $1 ORDER BY seq LIMIT $2",
                       page->position, page->limit + 1);
    auto items =
        db::TakePage<v1::ServiceAccount>(r, page->limit, [](const pqxx::row& row, int64_t* pos) {
          *pos = row[5].as<int64_t>();
          return AccountFromRow(row);
        });
    for (auto& a : items.items) *resp.add_service_accounts() = std::move(a);
    resp.set_next_page_token(core::NextPageToken(items));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return resp;
}

absl::StatusOr<v1::ServiceAccount> Accounts::DisableServiceAccount(const std::string& name,
                                                                   const std::string& actor) {
  auto id = core::IdOf(name, "serviceAccounts/");
  if (!id || !core::IsCanonicalUuid(*id)) {
    return core::InvalidFields({Violation("name", kBadName, {"serviceAccounts/{uuid}"})});
  }
  std::optional<v1::ServiceAccount> account;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        std::string("UPDATE service_accounts SET disabled = true WHERE id = $1::uuid RETURNING ") +
            kAccountColumns,
        *id);
    if (r.empty()) return absl::OkStatus();
    account = AccountFromRow(r[0]);
    AppendAudit(tx, {.kind = "service_account.disabled", .actor = actor, .target = name});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!account) return NotFound(name);
  return *account;
}

absl::StatusOr<v1::ListAuditEntriesResponse> Accounts::ListAuditEntries(
    const v1::ListAuditEntriesRequest& req) {
  auto page = core::ParsePageRequest(req.page_size(), req.page_token(), kDefaultPage, kMaxPage);
  if (!page.ok()) return page.status();
  v1::ListAuditEntriesResponse resp;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    // Newest first: the keyset position counts down from the end.
    pqxx::result r = tx.exec_params(
        "SELECT kind, actor, target, peer, detail::text, extract(epoch FROM create_time), seq "
        "FROM audit_log WHERE ($1 = 0 OR seq < $1) AND ($3 = '' OR kind = $3) "
        "ORDER BY seq DESC LIMIT $2",
        page->position, page->limit + 1, req.kind().substr(0, 100));
    auto items =
        db::TakePage<v1::AuditEntry>(r, page->limit, [](const pqxx::row& row, int64_t* pos) {
          *pos = row[6].as<int64_t>();
          v1::AuditEntry e;
          e.set_kind(row[0].as<std::string>());
          e.set_actor(row[1].as<std::string>());
          e.set_target(row[2].as<std::string>());
          e.set_peer(row[3].as<std::string>());
          e.set_detail(row[4].as<std::string>());
          rpc::SetTimestamp(Micros(row[5]), e.mutable_create_time());
          return e;
        });
    for (auto& e : items.items) *resp.add_entries() = std::move(e);
    resp.set_next_page_token(core::NextPageToken(items));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return resp;
}

}  // namespace atlas::gateway::identity
