// PostgreSQL project store.
#include "registry/store/pg_project_store.h"

#include <map>
#include <set>

#include <malloc.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/atomics.h"
#include "atlas/core/ids.h"
#include "atlas/core/json.h"
#include "atlas/core/status.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/status.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "registry/domain/project_proto.h"
#include "registry/domain/project_service.h"
#include "registry/domain/search_index.h"
#include "registry/domain/search_text.h"
#include "registry/domain/taxonomy.h"
#include "registry/store/pg_documents.h"
#include "registry/store/pg_text_query.h"

namespace atlas::registry {
namespace {

// Columns in the order RowToProject reads them (prefix "p."). Each version
// is read as its binary copy, or as JSON where it has none (kDocuments).
constexpr char kDocuments[] = R"sql(
  CASE WHEN p.doc_pb IS NULL THEN p.doc::text END, p.doc_pb,
  CASE WHEN p.published_pb IS NULL THEN p.published_doc::text END, p.published_pb)sql";
const std::string& Columns() {
  static const std::string columns = absl::StrCat(R"sql(
  p.id::text, p.seq, p.organisation_id, p.state, p.revision, p.published_revision,
  p.good_practice, p.demo, p.rejection_reason,
  (extract(epoch FROM p.create_time) * 1000000)::bigint,
  (extract(epoch FROM p.update_time) * 1000000)::bigint,)sql",
                                                  kDocuments);
  return columns;
}
constexpr int kColumnCount = 15;
constexpr int kShownDocument = 11;  // ShownColumns(): the shown version (JSON, binary)

// Generations of search_changes kept for the replicas' search mirrors; one
// further behind reloads everything (also past kMirrorDelta changes).
constexpr int64_t kMirrorChanges = 20000;
constexpr int64_t kMirrorDelta = 2000;

// Which version a viewer gets: the working copy where it may see it, else
// the public version (the rule of CanSeeWorking / HasPublicVersion).
// `org_param` is the placeholder holding the viewer's organisation.
std::string Visibility(const Viewer& viewer, const char* org_param) {
  if (viewer.sees_all) return "NOT s.public";
  if (viewer.organisation.empty()) return "s.public";
  return absl::StrCat("s.public <> (s.organisation_id = ", org_param, "::text)");
}

// A version read as (JSON, binary): nullopt when both are NULL.
std::optional<v1::Project> DocumentOf(const pqxx::field& json, const pqxx::field& binary) {
  if (!binary.is_null()) {
    v1::Project doc;
    const pqxx::binarystring bytes(binary);
    if (doc.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return doc;
  }
  if (json.is_null()) return std::nullopt;
  return FromJson(json.as<std::string>());
}

Project RowToProject(const pqxx::row& r, int first = 0) {
  Project p;
  p.id = r[first + 0].as<std::string>();
  p.organisation = r[first + 2].as<std::string>();
  p.state = static_cast<State>(r[first + 3].as<int>());
  p.revision = r[first + 4].as<int64_t>();
  p.published_revision = r[first + 5].as<int64_t>();
  p.good_practice = r[first + 6].as<bool>();
  p.demo = r[first + 7].as<bool>();
  p.rejection_reason = r[first + 8].as<std::string>();
  p.create_time_us = r[first + 9].as<int64_t>();
  p.update_time_us = r[first + 10].as<int64_t>();
  p.content = *DocumentOf(r[first + 11], r[first + 12]);
  p.published = DocumentOf(r[first + 13], r[first + 14]);
  return p;
}

// The binary copy of a version (bytea; empty for none).
pqxx::binarystring Binary(const v1::Project& doc) {
  return pqxx::binarystring(doc.SerializeAsString());
}
pqxx::binarystring Binary(const std::optional<v1::Project>& doc) {
  return doc ? Binary(*doc) : pqxx::binarystring(std::string());
}

// The themes `content` names exist (this replica's copy of the taxonomy may
// be seconds older than the database): they are locked against deletion
// until the write commits. INVALID_ARGUMENT names a theme that is gone.
absl::Status CheckThemesExist(pqxx::work& tx, const v1::Project& content) {
  if (content.themes().empty()) return absl::OkStatus();
  pqxx::result r = tx.exec_params(
      "SELECT code FROM themes WHERE code IN (SELECT jsonb_array_elements_text($1::jsonb)) "
      "FOR SHARE",
      JsonArray(content.themes()));
  std::vector<core::FieldViolation> gone;
  for (int i = 0; i < content.themes_size(); ++i) {
    const std::string& code = content.themes(i);
    if (std::none_of(r.begin(), r.end(),
                     [&](const pqxx::row& row) { return row[0].as<std::string>() == code; })) {
      gone.push_back(
          core::Violation("project.themes[" + std::to_string(i) + "]", kThemeGone, {code}));
    }
  }
  return gone.empty() ? absl::OkStatus() : core::InvalidFields(gone);
}

const std::string& InsertSql() {
  static const std::string sql = std::string(R"sql(
WITH p AS (
  INSERT INTO projects (doc, state, request_id, organisation_id, demo, doc_pb)
  VALUES ($1::jsonb, 1, NULLIF($2, ''), $3, $4, $5)
  ON CONFLICT (request_id) DO NOTHING
  RETURNING *)
SELECT )sql") + Columns() + " FROM p";
  return sql;
}

const std::string& WriteSql() {
  static const std::string sql = std::string(R"sql(
WITH p AS (
  UPDATE projects SET state = $2, doc = $3::jsonb, published_doc = NULLIF($4, '')::jsonb,
         doc_pb = $9, published_pb = CASE WHEN $4 = '' THEN NULL ELSE $10::bytea END,
         published_revision = CASE WHEN $5 THEN revision + 1 ELSE published_revision END,
         good_practice = $6, rejection_reason = $7, revision = revision + 1, update_time = now()
  WHERE id = $1::uuid AND revision = $8
  RETURNING *)
SELECT )sql") + Columns() + " FROM p";
  return sql;
}

const std::string& ByIdSql() {
  static const std::string sql =
      std::string("SELECT ") + Columns() + " FROM projects p WHERE p.id = $1::uuid";
  return sql;
}

const std::string& ByRequestSql() {
  static const std::string sql =
      std::string("SELECT ") + Columns() + " FROM projects p WHERE p.request_id = $1";
  return sql;
}

constexpr char kRevisionColumns[] = R"sql(
  revision, action, actor, actor_organisation,
  (extract(epoch FROM create_time) * 1000000)::bigint, array_to_json(changed_fields)::text,
  state, reason, doc::text, actor_name)sql";

Revision RowToRevision(const pqxx::row& r) {
  Revision out;
  out.revision = r[0].as<int64_t>();
  out.action = r[1].as<std::string>();
  out.actor = r[2].as<std::string>();
  out.actor_organisation = r[3].as<std::string>();
  out.time_us = r[4].as<int64_t>();
  out.changed_fields =
      nlohmann::json::parse(r[5].as<std::string>()).get<std::vector<std::string>>();
  out.state = static_cast<State>(r[6].as<int>());
  out.reason = r[7].as<std::string>();
  out.content = FromJson(r[8].as<std::string>());
  out.actor_name = r[9].as<std::string>();
  return out;
}

// The terms of project `id`'s search rows (each from the version it shows)
// and the vocabulary, in `tx`; after project_search_refresh.
void WriteSearchTerms(pqxx::transaction_base& tx, const std::string& id) {
  std::set<std::string> vocabulary;
  tx.exec_params0("DELETE FROM project_search_terms WHERE project_id = $1::uuid", id);
  for (const auto& r : tx.exec_params(
           "SELECT s.public, (CASE WHEN s.public THEN p.published_doc ELSE p.doc END)::text "
           "FROM project_search s JOIN projects p ON p.id = s.project_id "
           "WHERE s.project_id = $1::uuid",
           id)) {
    const SearchText t = SearchTextOf(FromJson<v1::Project>(r[1].as<std::string>()));
    tx.exec_params0(
        "INSERT INTO project_search_terms VALUES ($1::uuid, $2, "
        "setweight(to_tsvector('simple', $3), 'A') || setweight(to_tsvector('simple', $4), 'B') "
        "|| setweight(to_tsvector('simple', $5), 'C'))",
        id, r[0].as<bool>(), t.title, t.body, t.partners);
    vocabulary.insert(t.terms.begin(), t.terms.end());
  }
  AddVocabulary(tx, kProjectVocabulary,
                std::vector<std::string>(vocabulary.begin(), vocabulary.end()));
}

// Records revision `p.revision`, refreshes the search rows and appends the
// event, in `tx`; an event that could not be published fails the write.
// `generation`: the change log's generation the write takes.
absl::Status AfterWrite(pqxx::work& tx, const Project& p, const Change& change,
                        int64_t& generation) {
  tx.exec_params0(R"sql(
INSERT INTO project_revisions (project_id, revision, action, actor, actor_organisation, state,
                               changed_fields, reason, doc, create_time, actor_name)
SELECT id, revision, $2, $3, $4, state, json_texts($5::jsonb), $6, doc, update_time, $7
FROM projects WHERE id = $1::uuid)sql",
                  p.id, ActionName(change.action), change.actor, change.actor_organisation,
                  JsonArray(change.changed_fields), change.reason, change.actor_name);
  tx.exec_params("SELECT project_search_refresh($1::uuid)", p.id);
  WriteSearchTerms(tx, p.id);
  // The change, for every replica's search mirror (migration 0014); every
  // 1 000th write prunes what no replica within 20 000 generations needs.
  generation = tx.exec_params1(
                     "WITH g AS (UPDATE search_generation SET n = n + 1 RETURNING n) "
                     "INSERT INTO search_changes SELECT n, $1::uuid FROM g RETURNING generation",
                     p.id)[0]
                   .as<int64_t>();
  if (generation % 1000 == 0) {
    tx.exec_params0("DELETE FROM search_changes WHERE generation < $1",
                    generation - kMirrorChanges);
  }
  std::map<std::string, double> per_eur;
  for (const auto& r : tx.exec("SELECT code, per_eur FROM currency_rates")) {
    per_eur[r[0].as<std::string>()] = r[1].as<double>();
  }
  EncodedEvent e = EncodeEvent(p, change, per_eur, generation);
  return bus::AppendToOutbox(
      tx,
      bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project." + e.verb + ".v1",
                    "projects/" + p.id, "atlas.registry.project." + e.verb, std::move(e.payload)));
}

// ---- search ----

// Columns() with only the version a search row `s` shows read and parsed (the
// working copy or the public one); then ShownProject.
std::string ShownColumns() {
  std::string columns = Columns();
  columns.replace(columns.find(kDocuments), std::string_view(kDocuments).size(), R"sql(
  CASE WHEN s.public THEN CASE WHEN p.published_pb IS NULL THEN p.published_doc::text END
       ELSE CASE WHEN p.doc_pb IS NULL THEN p.doc::text END END,
  CASE WHEN s.public THEN p.published_pb ELSE p.doc_pb END, NULL::text, NULL::bytea)sql");
  return columns;
}

// A search row's project as the viewer is shown it: the columns of Columns()
// with the version shown in place of the working copy's, then its public flag.
Project ShownProject(const pqxx::row& row, int first = 0) {
  Project p = RowToProject(row, first);
  if (row[first + kColumnCount].as<bool>()) {
    p.published = std::move(p.content);
    p = PublicView(std::move(p));
  }
  return p;
}

// Parameters of a search, in the order of the $n placeholders.
struct SearchParams {
  std::string org;                                                 // $1
  std::string themes, regions, provinces, statuses, states, orgs;  // $2..$7
  std::string role;                                                // $8
  std::string countries, groups;                                   // $9, $10
  int year_from = 0, year_to = 0;                                  // $11, $12
  double budget_min = 0, budget_max = 0;                           // $13, $14
  std::string good_practice;                                       // $15
  std::string mechanism;                                           // $16
  std::string q;                                                   // $17
  std::string currency;                                            // $18
  int words = 0;  // words of the text query in $17 (TextQueryJson)
};

// A faceted filter dimension: its flag (row matches the filter) and its
// values for counting.
struct Dimension {
  const char* field;
  const char* flag;
  const char* values;  // an expression; "unnest(x)" for arrays
  bool array;
};

const std::vector<Dimension>& Dimensions() {
  static const auto* d = new std::vector<Dimension>{
      {"themes", "(jsonb_array_length($2::jsonb) = 0 OR s.themes && json_texts($2::jsonb))",
       "s.themes", true},
      {"region_codes",
       "(jsonb_array_length($3::jsonb) = 0 OR s.region_codes && json_texts($3::jsonb))",
       "s.region_codes", true},
      {"province_codes",
       "(jsonb_array_length($4::jsonb) = 0 OR s.province_codes && json_texts($4::jsonb))",
       "s.province_codes", true},
      {"statuses", "(jsonb_array_length($5::jsonb) = 0 OR s.status = ANY(json_texts($5::jsonb)))",
       "s.status", false},
      {"states",
       "(jsonb_array_length($6::jsonb) = 0 OR s.state::text = ANY(json_texts($6::jsonb)))",
       "s.state::text", false},
      {"organisations",
       "(jsonb_array_length($7::jsonb) = 0 OR ($8::text = '' AND s.organisations_lc && "
       "json_texts($7::jsonb)) OR ($8::text <> '' AND s.org_roles_lc && ARRAY(SELECT $8::text || "
       "':' || x "
       "FROM unnest(json_texts($7::jsonb)) x)))",
       "s.organisations", true},
      {"diaspora_countries",
       "(jsonb_array_length($9::jsonb) = 0 OR s.diaspora_countries && json_texts($9::jsonb))",
       "s.diaspora_countries", true},
      {"target_groups",
       "(jsonb_array_length($10::jsonb) = 0 OR s.target_groups && json_texts($10::jsonb))",
       "s.target_groups", true},
      {"good_practice", "($15::text = '' OR s.good_practice = ($15::text = 'true'))",
       "s.good_practice::text", false},
      {"mechanism", "($16::text = '' OR s.mechanism = $16::text)", "s.mechanism", false},
  };
  return *d;
}

// One tsquery of the text query in $17 (pg_text_query.h).
std::string TsQuery(const std::string& key, int i = -1) { return registry::TsQuery("$17", key, i); }

// Filters that are not faceted: visibility, years, budget, text (`text`: the
// query has words; FROM SearchFrom(text)).
std::string BaseWhere(const Viewer& viewer, bool text) {
  return absl::StrCat(Visibility(viewer, "$1"), R"sql(
  AND $1::text IS NOT NULL AND $19::int IS NOT NULL AND $20::bigint IS NOT NULL
  AND ($11::int = 0 OR COALESCE(s.year_to, s.year_from) >= $11::int)
  AND ($12::int = 0 OR s.year_from <= $12::int)
  AND ($13::float8 = 0 OR s.budget_eur >= $13::float8 /
       (SELECT per_eur FROM currency_rates WHERE code = $18::text))
  AND ($14::float8 = 0 OR s.budget_eur <= $14::float8 /
       (SELECT per_eur FROM currency_rates WHERE code = $18::text))
  AND )sql",
                      text ? absl::StrCat("st.terms @@ ", TsQuery("any")) : "$17::text = ''");
}

// The search rows, with their terms when the query has words.
std::string SearchFrom(bool text) {
  return text ? "project_search s JOIN project_search_terms st ON st.project_id = s.project_id "
                "AND st.public = s.public"
              : "project_search s";
}

// Relevance of the search row's terms to the text query in $17.
std::string Relevance(int words) { return registry::Relevance("$17", "st.terms", words); }

// The title order's key in `lang` (fr, ar, en), compared bytewise (the
// search mirror compares the same keys).
std::string TitleKey(const std::string& lang) {
  return absl::StrCat("lower(public.unaccent(COALESCE(NULLIF(s.title_", lang,
                      ", ''), NULLIF(s.title_fr, ''), NULLIF(s.title_en, ''), s.title_ar))) "
                      "COLLATE \"C\"");
}

std::string OrderBy(const v1::ListProjectsRequest& q, int words) {
  std::string order = q.order_by();
  if (order.empty()) order = q.q().empty() ? "created" : "relevance";
  const std::string lang = q.language().empty() ? "fr" : q.language();
  if (order == "relevance" && !q.q().empty()) {
    return absl::StrCat("(", Relevance(words), ") DESC, s.seq");
  }
  if (order == "recent") return "s.update_time DESC, s.seq DESC";
  if (order == "title") return TitleKey(lang) + ", s.seq";
  if (order == "budget") return "s.budget_eur, s.seq";
  if (order == "-budget") return "s.budget_eur DESC, s.seq";
  if (order == "start") return "s.start_date NULLS LAST, s.seq";
  if (order == "-start") return "s.start_date DESC NULLS LAST, s.seq";
  return "s.seq";
}

SearchParams ParamsOf(const v1::ListProjectsRequest& q, const Viewer& viewer, size_t words) {
  SearchParams p;
  p.org = viewer.organisation;
  p.themes = JsonArray(q.themes());
  p.regions = JsonArray(q.region_codes());
  p.provinces = JsonArray(q.province_codes());
  std::vector<std::string> statuses, states;
  for (int s : q.statuses()) statuses.push_back(v1::ActivityStatus_Name(s));
  for (int s : q.states()) states.push_back(std::to_string(s));
  p.statuses = JsonArray(statuses);
  p.states = JsonArray(states);
  OrganisationFilter orgs = OrganisationFilterOf(q);
  p.orgs = JsonArray(orgs.names);
  p.role = std::move(orgs.role);
  p.countries = JsonArray(q.diaspora_countries());
  p.groups = JsonArray(q.target_groups());
  p.year_from = q.year_from();
  p.year_to = q.year_to();
  p.budget_min = q.budget_min();
  p.budget_max = q.budget_max();
  p.good_practice = q.has_good_practice() ? (q.good_practice() ? "true" : "false") : "";
  p.mechanism = q.mechanism();
  p.words = static_cast<int>(words);
  p.currency = q.budget_currency().empty() ? "EUR" : q.budget_currency();
  return p;
}

// Shown versions of projects kept by the search mirror's path (at most
// kShownEntries: one out for one in), and their key.
constexpr size_t kShownEntries = 2048;
constexpr char kShownVersions[] = "registry_shown_versions";  // a prepared statement
std::string ShownKey(const std::string& id, bool shown_public) {
  return absl::StrCat(id, shown_public ? "/p" : "/w");
}

// A statement without the faceted filters still types their parameters.
constexpr char kFacetParamsUnused[] =
    " AND num_nulls($2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, "
    "$9::text, $10::text, $15::text, $16::text) >= 0";

// Every statement takes the same 20 parameters ($19, $20: limit and offset).
pqxx::result Exec(pqxx::transaction_base& tx, const std::string& sql, const SearchParams& p,
                  int limit, int64_t offset) {
  return tx.exec_params(sql, p.org, p.themes, p.regions, p.provinces, p.statuses, p.states, p.orgs,
                        p.role, p.countries, p.groups, p.year_from, p.year_to, p.budget_min,
                        p.budget_max, p.good_practice, p.mechanism, p.q, p.currency, limit, offset);
}

// Queries whose facets are kept (a few hundred distinct filter sets cover
// what the public atlas asks; the whole cache is dropped when full).
constexpr size_t kFacetCacheEntries = 512;

// Everything the facet counts depend on: who looks, and every filter.
std::string CacheKey(const Viewer& viewer, const SearchParams& p) {
  const std::string who = viewer.sees_all               ? "*"
                          : viewer.organisation.empty() ? ""
                                                        : "org:" + viewer.organisation;
  return absl::StrJoin(
      {who, p.themes, p.regions, p.provinces, p.statuses, p.states, p.orgs, p.role, p.countries,
       p.groups, std::to_string(p.year_from), std::to_string(p.year_to), absl::StrCat(p.budget_min),
       absl::StrCat(p.budget_max), p.good_practice, p.mechanism, p.q, p.currency},
      "\x1f");
}

}  // namespace

absl::StatusOr<Project> PgProjectStore::Create(const Project& p, const std::string& request_id,
                                               const Change& change) {
  Project created;
  bool inserted = false;
  int64_t generation = 0;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    if (absl::Status t = CheckThemesExist(tx, p.content); !t.ok()) return t;
    pqxx::result r = tx.exec_params(InsertSql(), Json(p.content), request_id, p.organisation,
                                    p.demo, Binary(p.content));
    inserted = !r.empty();
    if (!inserted) {
      // The same request_id was used before: answer with what it created.
      created = RowToProject(tx.exec_params1(ByRequestSql(), request_id));
      return absl::OkStatus();
    }
    created = RowToProject(r[0]);
    return AfterWrite(tx, created, change, generation);
  });
  if (!s.ok()) return s;
  Written(generation);
  if (inserted && after_commit_) after_commit_();
  return created;
}

absl::StatusOr<Project> PgProjectStore::Write(const Project& p, int64_t expected_revision,
                                              const Change& change) {
  Project written;
  bool found = false, stale = false;
  int64_t generation = 0;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    if (absl::Status t = CheckThemesExist(tx, p.content); !t.ok()) return t;
    pqxx::result r =
        tx.exec_params(WriteSql(), p.id, static_cast<int>(p.state), Json(p.content),
                       p.published ? Json(*p.published) : std::string(),
                       change.action == Action::kPublished, p.good_practice, p.rejection_reason,
                       expected_revision, Binary(p.content), Binary(p.published));
    if (r.empty()) {
      found = !tx.exec_params(ByIdSql(), p.id).empty();
      stale = found;
      return absl::OkStatus();
    }
    found = true;
    written = RowToProject(r[0]);
    return AfterWrite(tx, written, change, generation);
  });
  if (!s.ok()) return s;
  Written(generation);
  if (!found)
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + p.id});
  if (stale)
    return absl::AbortedError("the project changed since revision " +
                              std::to_string(expected_revision));
  if (after_commit_) after_commit_();
  return written;
}

absl::StatusOr<Project> PgProjectStore::Get(const std::string& id) {
  Project found;
  bool exists = false;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(ByIdSql(), id);
    exists = !r.empty();
    if (exists) found = RowToProject(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!exists)
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + id});
  return found;
}

absl::StatusOr<std::optional<Project>> PgProjectStore::FindByIatiIdentifier(
    const std::string& iati_identifier) {
  std::optional<Project> found;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    // Served by the unique index projects_iati_identifier_idx.
    pqxx::result r = tx.exec_params(
        std::string("SELECT ") + Columns() + " FROM projects p WHERE p.doc->>'iatiIdentifier' = $1",
        iati_identifier);
    if (!r.empty()) found = RowToProject(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::StatusOr<std::vector<Revision>> PgProjectStore::Revisions(const std::string& id, int limit,
                                                                int64_t before) {
  std::vector<Revision> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row : tx.exec_params(
             std::string("SELECT ") + kRevisionColumns +
                 " FROM project_revisions WHERE project_id = $1::uuid AND ($2 = 0 OR revision < "
                 "$2) ORDER BY revision DESC LIMIT $3",
             id, before, limit)) {
      out.push_back(RowToRevision(row));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<Revision> PgProjectStore::GetRevision(const std::string& id, int64_t revision) {
  std::optional<Revision> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(std::string("SELECT ") + kRevisionColumns +
                                        " FROM project_revisions WHERE project_id = $1::uuid "
                                        "AND revision = $2",
                                    id, revision);
    if (!r.empty()) out = RowToRevision(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!out) return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + id});
  return *out;
}

absl::StatusOr<Revision> PgProjectStore::RevisionAt(const std::string& id, int64_t time_us,
                                                    bool published_only) {
  std::optional<Revision> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(
        std::string("SELECT ") + kRevisionColumns +
            " FROM project_revisions WHERE project_id = $1::uuid AND create_time <= "
            "to_timestamp($2::float8 / 1000000) AND (NOT $3 OR action = 'published') "
            "ORDER BY revision DESC LIMIT 1",
        id, time_us, published_only);
    if (!r.empty()) out = RowToRevision(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!out) return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + id});
  return *out;
}

absl::StatusOr<std::vector<Match>> PgProjectStore::Similar(const std::string& id,
                                                           const v1::Project& content,
                                                           const Viewer& viewer, int limit) {
  // The source's row values come from its content (the version the viewer
  // sees), scored against every visible version sharing a theme or text.
  const std::string vis = Visibility(viewer, "$7");
  const std::string sql = absl::StrCat(R"sql(
WITH src AS (SELECT json_texts($2::jsonb) AS themes, json_texts($3::jsonb) AS groups, $4::text AS mechanism,
                    lower(public.unaccent($5::text)) AS trgm),
scored AS (
  SELECT s.project_id, s.public,
         0.40 * cardinality(ARRAY(SELECT unnest(s.themes) INTERSECT SELECT unnest(src.themes)))::float8
              / GREATEST(1, cardinality(ARRAY(SELECT unnest(s.themes) UNION SELECT unnest(src.themes))))
       + 0.30 * public.similarity(s.trgm, src.trgm)
       + 0.15 * cardinality(ARRAY(SELECT unnest(s.target_groups) INTERSECT SELECT unnest(src.groups)))::float8
              / GREATEST(1, cardinality(ARRAY(SELECT unnest(s.target_groups) UNION SELECT unnest(src.groups))))
       + 0.15 * (s.mechanism <> '' AND s.mechanism = src.mechanism)::int AS score
  FROM project_search s, src
  WHERE )sql",
                                       vis, R"sql( AND s.project_id <> $1::uuid
    AND (s.themes && json_texts($2::jsonb)
         OR s.trgm OPERATOR(public.%) lower(public.unaccent($5::text)))
    AND $7::text IS NOT NULL
  ORDER BY score DESC, s.seq LIMIT $6)
SELECT )sql",
                                       Columns(), R"sql(, s.public, s.score
FROM scored s JOIN projects p ON p.id = s.project_id ORDER BY s.score DESC, p.seq)sql");
  const v1::LocalizedText& t = content.title();
  const std::string text =
      absl::StrCat(t.fr(), " ", t.en(), " ", t.ar(), " ", content.summary().fr());
  std::vector<Match> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row :
         tx.exec_params(sql, id, JsonArray(content.themes()), JsonArray(content.target_groups()),
                        content.mechanism(), text, limit, viewer.organisation)) {
      Project p = RowToProject(row);
      if (row[kColumnCount].as<bool>()) p = PublicView(std::move(p));
      out.push_back({std::move(p), row[kColumnCount + 1].as<double>()});
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<SearchResult> PgProjectStore::SearchSql(const v1::ListProjectsRequest& q,
                                                       const Viewer& viewer, int limit,
                                                       int64_t offset, bool with_facets) {
  const std::vector<text::QueryWord> words = text::QueryWords(q.q());
  SearchParams params = ParamsOf(q, viewer, words.size());
  const bool text = params.words > 0;
  const std::string base = BaseWhere(viewer, text);
  std::vector<std::string> flags;
  for (const Dimension& d : Dimensions()) flags.emplace_back(d.flag);
  const std::string columns = ShownColumns();
  // The page is chosen on the search rows alone; only its rows are joined to
  // the documents (no window count: that would read every matching document).
  const std::string page_sql = absl::StrCat(
      "WITH page AS (SELECT project_id, public, row_number() OVER () AS rn FROM (SELECT "
      "s.project_id, s.public FROM ",
      SearchFrom(text), " WHERE ", base, " AND ", absl::StrJoin(flags, " AND "), " ORDER BY ",
      OrderBy(q, params.words), " LIMIT $19::int OFFSET $20::bigint) ordered) SELECT ", columns,
      ", s.public FROM page s JOIN projects p ON p.id = s.project_id ORDER BY s.rn");
  std::string facet_sql;
  if (with_facets) {
    // One pass over the rows that pass the non-faceted filters; each
    // dimension counts under all the other filters (disjunctive facets).
    std::vector<std::string> cols, parts;
    for (size_t i = 0; i < Dimensions().size(); ++i) {
      const Dimension& d = Dimensions()[i];
      cols.push_back(absl::StrCat(d.values, " AS v", i, ", ", d.flag, " AS f", i));
    }
    for (size_t i = 0; i < Dimensions().size(); ++i) {
      const Dimension& d = Dimensions()[i];
      std::vector<std::string> others;
      for (size_t j = 0; j < Dimensions().size(); ++j) {
        if (j != i) others.push_back(absl::StrCat("b.f", j));
      }
      // A project counts once per value, even if its list repeats it.
      const std::string value =
          d.array ? absl::StrCat("unnest(ARRAY(SELECT DISTINCT unnest(b.v", i, ")))")
                  : absl::StrCat("b.v", i);
      parts.push_back(absl::StrCat("SELECT '", d.field,
                                   "' AS field, x AS value, count(*) AS n FROM ", "(SELECT ", value,
                                   " AS x FROM base b WHERE ", absl::StrJoin(others, " AND "),
                                   ") t WHERE x <> '' GROUP BY x"));
    }
    // The total (field "") under every filter, in the same pass.
    std::vector<std::string> all;
    for (size_t j = 0; j < Dimensions().size(); ++j) all.push_back(absl::StrCat("b.f", j));
    parts.insert(parts.begin(), absl::StrCat("SELECT '' AS field, '' AS value, count(*) AS n "
                                             "FROM base b WHERE ",
                                             absl::StrJoin(all, " AND ")));
    facet_sql = absl::StrCat("WITH base AS MATERIALIZED (SELECT ", absl::StrJoin(cols, ", "),
                             " FROM ", SearchFrom(text), " WHERE ", base, ") SELECT * FROM (",
                             absl::StrJoin(parts, " UNION ALL "),
                             ") u ORDER BY field COLLATE \"C\", n DESC, value COLLATE \"C\"");
  }
  SearchResult out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    params.q = TextQueryOf(tx, words, kProjectVocabulary);
    const std::string cache_key = CacheKey(viewer, params);
    for (const auto& row : Exec(tx, page_sql, params, limit, offset)) {
      out.projects.push_back(std::make_shared<const Project>(ShownProject(row)));
    }
    out.total = static_cast<int>(offset) + static_cast<int>(out.projects.size());
    if (!with_facets) return absl::OkStatus();
    // The generation is read first: a write committing meanwhile moves it,
    // so counts are at worst recounted once too often, never kept stale.
    const int64_t generation = tx.exec1("SELECT n FROM search_generation")[0].as<int64_t>();
    {
      std::lock_guard<std::mutex> lock(cache_mu_);
      auto it = facet_cache_.find(cache_key);
      if (it != facet_cache_.end() && it->second.generation == generation) {
        out.total = it->second.total;
        out.facets = it->second.facets;
        return absl::OkStatus();
      }
    }
    for (const auto& row : Exec(tx, facet_sql, params, limit, offset)) {
      const std::string field = row[0].as<std::string>();
      if (field.empty()) {
        out.total = row[2].as<int>();
        continue;
      }
      if (out.facets.empty() || out.facets.back().first != field) out.facets.push_back({field, {}});
      out.facets.back().second.push_back({row[1].as<std::string>(), row[2].as<int>()});
    }
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (facet_cache_.size() >= kFacetCacheEntries) facet_cache_.clear();
    facet_cache_[cache_key] = {generation, out.total, out.facets};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

// ---- the search mirror ----

namespace {

// project_search's columns in the order RowToSearchRow reads them.
std::string MirrorRowsSql() {
  return absl::StrCat(R"sql(
SELECT s.project_id::text, s.public, s.organisation_id, s.seq, s.state, s.status, s.mechanism,
  array_to_json(s.themes)::text, array_to_json(s.region_codes)::text,
  array_to_json(s.province_codes)::text, array_to_json(s.diaspora_countries)::text,
  array_to_json(s.target_groups)::text, array_to_json(s.organisations)::text,
  array_to_json(s.organisations_lc)::text, array_to_json(s.org_roles_lc)::text,
  s.year_from, s.year_to, s.start_date - date '1970-01-01', s.budget_eur, s.good_practice, )sql",
                      TitleKey("fr"), ", ", TitleKey("ar"), ", ", TitleKey("en"), R"sql(,
  (extract(epoch FROM s.update_time) * 1000000)::bigint, p.revision, st.terms::text
FROM project_search s JOIN projects p ON p.id = s.project_id
LEFT JOIN project_search_terms st ON st.project_id = s.project_id AND st.public = s.public)sql");
}

// A tsvector's text ('lexeme':1A,2 'other':3B …) as terms with the weights
// of their positions; nullopt if it does not read as one.
std::optional<std::vector<std::pair<std::string, uint8_t>>> TermsOf(std::string_view v) {
  std::vector<std::pair<std::string, uint8_t>> out;
  size_t i = 0;
  while (i < v.size()) {
    if (v[i] == ' ') {
      ++i;
      continue;
    }
    if (v[i] != '\'') return std::nullopt;
    std::string term;
    for (++i;; ++i) {
      if (i >= v.size()) return std::nullopt;
      if (v[i] == '\\' && i + 1 < v.size()) {
        term.push_back(v[++i]);
      } else if (v[i] == '\'') {
        if (i + 1 < v.size() && v[i + 1] == '\'') {
          term.push_back(v[++i]);
        } else {
          ++i;
          break;
        }
      } else {
        term.push_back(v[i]);
      }
    }
    uint8_t weights = 0;
    if (i < v.size() && v[i] == ':') {
      for (++i; i < v.size() && v[i] != ' ';) {
        if (v[i] < '0' || v[i] > '9') return std::nullopt;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
        const char w = i < v.size() ? v[i] : ' ';
        weights |= w == 'A' ? kWeightA : w == 'B' ? kWeightB : w == 'C' ? kWeightC : kWeightD;
        if (w == 'A' || w == 'B' || w == 'C' || w == 'D') ++i;
        if (i < v.size() && v[i] == ',') ++i;
      }
    } else {
      weights = kNoPositions;
    }
    out.emplace_back(std::move(term), weights);
  }
  return out;
}

SearchRow RowToSearchRow(const pqxx::row& r) {
  auto texts = [&](int i) {
    return nlohmann::json::parse(r[i].c_str()).get<std::vector<std::string>>();
  };
  auto optional_int = [&](int i) {
    return r[i].is_null() ? std::nullopt : std::optional<int>(r[i].as<int>());
  };
  SearchRow out;
  out.project_id = r[0].as<std::string>();
  out.public_version = r[1].as<bool>();
  out.organisation = r[2].as<std::string>();
  out.seq = r[3].as<int64_t>();
  out.state = r[4].as<int>();
  out.status = r[5].as<std::string>();
  out.mechanism = r[6].as<std::string>();
  out.themes = texts(7);
  out.region_codes = texts(8);
  out.province_codes = texts(9);
  out.diaspora_countries = texts(10);
  out.target_groups = texts(11);
  out.organisations = texts(12);
  out.organisations_lc = texts(13);
  out.org_roles_lc = texts(14);
  out.year_from = optional_int(15);
  out.year_to = optional_int(16);
  out.start_day = optional_int(17);
  out.budget_eur = r[18].as<double>();
  out.good_practice = r[19].as<bool>();
  for (int i = 0; i < 3; ++i) out.title_key[i] = r[20 + i].as<std::string>();
  out.update_time_us = r[23].as<int64_t>();
  out.revision = r[24].as<int64_t>();
  if (!r[25].is_null()) {
    // A text the mirror cannot read is a term without positions: searches
    // with words then ask PostgreSQL (SearchIndex::CanMatch).
    auto terms = TermsOf(r[25].c_str());
    out.terms = terms ? *std::move(terms)
                      : std::vector<std::pair<std::string, uint8_t>>{{"", kNoPositions}};
  }
  return out;
}

// Replaces, in `index`, every project of `ids` by its rows in `rows`.
void ApplyRows(SearchIndex& index, const std::vector<std::string>& ids, const pqxx::result& rows) {
  std::map<std::string, std::vector<SearchRow>> by_project;
  for (const std::string& id : ids) by_project[id];
  for (const auto& r : rows) {
    SearchRow row = RowToSearchRow(r);
    by_project[row.project_id].push_back(std::move(row));
  }
  for (auto& [id, project_rows] : by_project) index.Replace(id, std::move(project_rows));
  index.Settle();
}

}  // namespace

PgProjectStore::PgProjectStore(db::Pool& pool, std::function<void()> after_commit)
    : pool_(pool), after_commit_(std::move(after_commit)) {}

PgProjectStore::~PgProjectStore() = default;

absl::Status PgProjectStore::LoadMirror() {
  return pool_.Read([&](pqxx::transaction_base& tx) {
    std::unique_lock lock(mirror_mu_);
    return ReloadMirror(tx);
  });
}

size_t PgProjectStore::MirrorRows() const {
  std::shared_lock lock(mirror_mu_);
  return index_ ? index_->size() : 0;
}

size_t PgProjectStore::MirrorBytes() const {
  std::shared_lock lock(mirror_mu_);
  return index_ ? index_->MemoryBytes() : 0;
}

namespace {

int64_t SteadyUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// How long a mirror found current is relied on by searches that name the
// generation they must reflect (Freshness::seen): the bound on what a lost
// event can hide, as ATLAS_HTTP_CACHE_MAX_AGE_S is for the gateway's cache.
constexpr int64_t kTrustedUs = 1'000'000;

}  // namespace

absl::Status PgProjectStore::ReloadMirror(pqxx::transaction_base& tx) {
  // The generation first: rows read after it are at least as new.
  const int64_t asked = SteadyUs();
  const int64_t generation = tx.exec1("SELECT n FROM search_generation")[0].as<int64_t>();
  auto index = std::make_unique<SearchIndex>();
  // By ranges of projects (both rows of a project in one), so that no more
  // than a range's rows are ever held as text; what they took is given back.
  constexpr int64_t kRange = 10000;
  const int64_t last =
      tx.exec1("SELECT COALESCE(max(seq), 0) FROM project_search")[0].as<int64_t>();
  for (int64_t from = 0; from < last; from += kRange) {
    ApplyRows(
        *index, {},
        tx.exec_params(MirrorRowsSql() + " WHERE s.seq > $1 AND s.seq <= $2", from, from + kRange));
  }
  index_ = std::move(index);
  malloc_trim(0);
  mirror_generation_ = generation;
  Checked(asked);
  ObserveMirror(true);
  return absl::OkStatus();
}

void PgProjectStore::Written(int64_t generation) { core::RaiseTo(written_generation_, generation); }

void PgProjectStore::Checked(int64_t asked_us) { core::RaiseTo(mirror_checked_us_, asked_us); }

bool PgProjectStore::Trusts(int64_t seen) const {
  if (SteadyUs() - mirror_checked_us_.load() >= kTrustedUs) return false;
  std::shared_lock lock(mirror_mu_);
  return index_ != nullptr && seen <= mirror_generation_;
}

void PgProjectStore::ObserveMirror(bool now) {
  if (!mirror_observer_) return;
  const int64_t t = SteadyUs();
  if (!now && t - mirror_observed_us_ < 10'000'000) return;
  mirror_observed_us_ = t;
  mirror_observer_(index_->size(), index_->MemoryBytes());
}

namespace {

// The change log's counter, and the rate of a budget filter's currency
// (`currency`: none) with it: one prepared round trip.
struct Counter {
  int64_t generation = 0;
  std::optional<double> per_eur;
};
Counter ReadCounter(pqxx::transaction_base& tx, const std::string* currency) {
  constexpr char kGeneration[] = "registry_search_generation";
  constexpr char kGenerationAndRate[] = "registry_search_generation_rate";
  tx.conn().prepare(kGeneration, "SELECT n FROM search_generation");
  tx.conn().prepare(kGenerationAndRate,
                    "SELECT n, (SELECT per_eur FROM currency_rates WHERE code = $1) "
                    "FROM search_generation");
  const pqxx::row row = currency == nullptr ? tx.exec_prepared1(kGeneration)
                                            : tx.exec_prepared1(kGenerationAndRate, *currency);
  Counter out{.generation = row[0].as<int64_t>(), .per_eur = std::nullopt};
  if (currency != nullptr && !row[1].is_null()) out.per_eur = row[1].as<double>();
  return out;
}

}  // namespace

absl::Status PgProjectStore::SyncMirror(pqxx::transaction_base& tx, const std::string* currency,
                                        std::optional<double>* per_eur) {
  const int64_t asked = SteadyUs();
  int64_t from = 0;
  {
    std::shared_lock lock(mirror_mu_);
    from = mirror_generation_;
  }
  // The change log's counter, the budget currency's rate and the projects
  // changed since the mirror's generation, in one round trip (none listed
  // when so far behind that the mirror reloads anyway).
  constexpr char kChanges[] = "registry_search_changes_since";
  static const std::string kChangesSql = absl::StrCat(
      "SELECT g.n, (SELECT per_eur FROM currency_rates WHERE code = $2), c.project_id::text "
      "FROM search_generation g LEFT JOIN LATERAL (SELECT DISTINCT project_id FROM "
      "search_changes WHERE generation > $1 AND generation <= g.n AND g.n - $1 <= ",
      kMirrorChanges / 2, " LIMIT ", kMirrorDelta + 1, ") c ON true");
  tx.conn().prepare(kChanges, kChangesSql);  // a no-op once defined
  int64_t generation = 0;
  std::vector<std::string> ids;
  for (const auto& r :
       tx.exec_prepared(kChanges, from, currency != nullptr ? *currency : std::string())) {
    generation = r[0].as<int64_t>();
    if (currency != nullptr && !r[1].is_null()) *per_eur = r[1].as<double>();
    if (!r[2].is_null()) ids.push_back(r[2].as<std::string>());
  }
  if (generation <= from) {
    Checked(asked);
    return absl::OkStatus();
  }
  std::unique_lock lock(mirror_mu_);
  if (generation <= mirror_generation_) {
    Checked(asked);
    return absl::OkStatus();
  }
  // Another search may have moved the mirror past `from` meanwhile: the ids
  // since `from` include those since its generation (rows applied again are
  // only replaced by the same).
  if (generation - from > kMirrorChanges / 2 || std::cmp_greater(ids.size(), kMirrorDelta)) {
    return ReloadMirror(tx);
  }
  if (!ids.empty()) {
    ApplyRows(
        *index_, ids,
        tx.exec_params(MirrorRowsSql() + " WHERE s.project_id = ANY(json_texts($1::jsonb)::uuid[])",
                       JsonArray(ids)));
    ObserveMirror(false);
  }
  mirror_generation_ = generation;
  Checked(asked);
  return absl::OkStatus();
}

absl::StatusOr<PgProjectStore::ShownPage> PgProjectStore::ReadShown(
    pqxx::transaction_base& tx, const std::vector<PageRow>& rows, bool check,
    const std::string* currency) {
  // The page's documents, each in the version its row shows: from the cache
  // of shown versions when it holds that revision, else from PostgreSQL at
  // that revision (a project a write changed meanwhile is left out rather
  // than shown in another version: its row may not match any more; the next
  // search shows it as it is).
  ShownPage out;
  out.projects.resize(rows.size());
  struct Wanted {
    size_t place;  // in the page
    int64_t revision;
  };
  std::map<std::string, Wanted> missing;                  // by ShownKey
  nlohmann::json missing_rows = nlohmann::json::array();  // [{id, public}]
  {
    std::lock_guard<std::mutex> lock(shown_mu_);
    for (size_t i = 0; i < rows.size(); ++i) {
      const PageRow& r = rows[i];
      std::string key = ShownKey(r.project_id, r.public_version);
      auto it = shown_.find(key);
      if (it != shown_.end() && it->second.revision_of_row == r.revision) {
        out.projects[i] = it->second.project;  // shared, not copied
      } else {
        missing[std::move(key)] = {i, r.revision};
        missing_rows.push_back({{"id", r.project_id}, {"public", r.public_version}});
      }
    }
  }
  if (missing.empty()) {
    if (check) {
      const Counter counter = ReadCounter(tx, currency);
      out.generation = counter.generation;
      out.per_eur = counter.per_eur;
      out.counted = true;
    }
    return out;
  }
  // The projects alone, by primary key (a revision names a project's search
  // rows: the same revision, the same rows), with the change log's counter
  // and the currency's rate in the same snapshot (one row with them even if
  // none of the projects exists any more); prepared on each connection once.
  static const std::string kShownSql = absl::StrCat(
      "SELECT g.n, (SELECT per_eur FROM currency_rates WHERE code = $2), d.* FROM "
      "search_generation g LEFT JOIN (SELECT ",
      ShownColumns(),
      ", s.public, p.revision AS row_revision FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, "
      "public boolean) JOIN projects p ON p.id = s.id) d ON true");
  constexpr int kFirst = 2;                      // the documents' columns start here
  tx.conn().prepare(kShownVersions, kShownSql);  // a no-op once defined
  for (const auto& row : tx.exec_prepared(kShownVersions, missing_rows.dump(),
                                          currency != nullptr ? *currency : std::string())) {
    out.generation = row[0].as<int64_t>();
    out.counted = true;
    if (!row[1].is_null()) out.per_eur = row[1].as<double>();
    if (row[kFirst].is_null()) continue;  // no document asked
    const bool shown_public = row[kFirst + kColumnCount].as<bool>();
    auto wanted = missing.find(ShownKey(row[kFirst].as<std::string>(), shown_public));
    const int64_t revision = row[kFirst + kColumnCount + 1].as<int64_t>();
    if (wanted == missing.end() || wanted->second.revision != revision) continue;
    if (row[kFirst + kShownDocument].is_null() && row[kFirst + kShownDocument + 1].is_null()) {
      continue;
    }
    auto p = std::make_shared<const Project>(ShownProject(row, kFirst));
    std::lock_guard<std::mutex> lock(shown_mu_);
    // Bounded: one entry out for one in (the first by id: ids are random).
    if (shown_.size() >= kShownEntries && shown_.count(wanted->first) == 0) {
      shown_.erase(shown_.begin());
    }
    shown_[wanted->first] = {revision, p};
    out.projects[wanted->second.place] = std::move(p);
  }
  return out;
}

absl::StatusOr<SearchResult> PgProjectStore::Search(const v1::ListProjectsRequest& q,
                                                    const Viewer& viewer, int limit, int64_t offset,
                                                    bool with_facets, const Freshness& fresh) {
  {
    std::shared_lock lock(mirror_mu_);
    if (!index_) return SearchSql(q, viewer, limit, offset, with_facets);
  }
  const std::vector<text::QueryWord> words = text::QueryWords(q.q());
  SearchParams params = ParamsOf(q, viewer, words.size());
  const bool budget = q.budget_min() != 0 || q.budget_max() != 0;
  // A public search that names the generation it must reflect needs no
  // counter while the mirror holds that generation and was found current
  // within kTrustedUs (decision 0040); a budget filter still reads its rate.
  const bool may_trust =
      fresh.seen.has_value() && viewer.organisation.empty() && !viewer.sees_all && !budget;
  SearchResult out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    // First as the mirror stands, the change log's counter (and the budget
    // currency's rate) read with the page's documents in one statement; if
    // a change was committed meanwhile — or the rate moved — again, the
    // mirror brought up to date first (always so for a text, whose rows
    // come from PostgreSQL anyway, and for a currency not seen yet).
    std::optional<double> known_rate;
    if (budget) {
      std::lock_guard<std::mutex> lock(shown_mu_);
      auto it = rates_.find(params.currency);
      if (it != rates_.end()) known_rate = it->second;
    }
    // The words as index terms (the vocabulary is PostgreSQL's), matched
    // in memory when the mirror can match them exactly, else by PostgreSQL.
    const TextQuery plan = words.empty() ? TextQuery() : TextPlanOf(tx, words, kProjectVocabulary);
    for (int attempt = 0;; ++attempt) {
      // Whether PostgreSQL must match the text (checked again with the
      // query: if the mirror changed its mind meanwhile, once more).
      bool sql_text = false;
      if (!words.empty()) {
        std::shared_lock lock(mirror_mu_);
        sql_text = !index_->CanMatch(plan);
      }
      // A generation the mirror does not hold yet (the caller's own write,
      // or one its gateway heard of): brought up first, not queried stale.
      bool behind = false;
      if (fresh.seen) {
        std::shared_lock lock(mirror_mu_);
        behind = *fresh.seen > mirror_generation_;
      }
      const bool synced = attempt > 0 || sql_text || (budget && !known_rate) || behind;
      const bool trusted = !synced && may_trust && Trusts(*fresh.seen);
      const int64_t asked = SteadyUs();
      std::optional<double> per_eur = known_rate;
      if (synced) {
        per_eur.reset();
        if (absl::Status done = SyncMirror(tx, budget ? &params.currency : nullptr, &per_eur);
            !done.ok()) {
          return done;
        }
      }
      // The text's rows and relevance from PostgreSQL (the registry's
      // terms), under the same non-faceted filters.
      std::optional<TextMatches> text;
      if (sql_text) {
        params.q = TextQueryJson(plan);
        text.emplace();
        for (const auto& r : Exec(tx,
                                  absl::StrCat("SELECT s.seq, s.public, ", Relevance(params.words),
                                               " FROM ", SearchFrom(true), " WHERE ",
                                               BaseWhere(viewer, true), kFacetParamsUnused),
                                  params, 0, 0)) {
          text->emplace(std::make_pair(r[0].as<int64_t>(), r[1].as<bool>()), r[2].as<double>());
        }
      }
      IndexPage page;
      int64_t queried_at = 0;  // the mirror's generation
      {
        std::shared_lock lock(mirror_mu_);
        const bool memory_text = !words.empty() && !text;
        if (memory_text && !index_->CanMatch(plan)) continue;  // changed meanwhile: again
        page = index_->Query(q, viewer, text ? &*text : nullptr, per_eur, limit, offset,
                             with_facets, memory_text ? &plan : nullptr);
        queried_at = mirror_generation_;
      }
      // Checked: the counter and the rate read with the documents.
      absl::StatusOr<ShownPage> shown =
          ReadShown(tx, page.rows, !synced && !trusted, budget ? &params.currency : nullptr);
      if (!shown.ok()) return shown.status();
      out.total = page.total;
      out.facets = std::move(page.facets);
      out.projects.clear();
      for (auto& p : shown->projects) {
        if (p) out.projects.push_back(std::move(p));
      }
      if (synced && budget) {
        std::lock_guard<std::mutex> lock(shown_mu_);
        // Kept for currencies that have a rate only (a code is the caller's).
        if (per_eur) {
          rates_[params.currency] = *per_eur;
        } else {
          rates_.erase(params.currency);
        }
      }
      if (synced) return absl::OkStatus();
      if (!shown->counted) return absl::OkStatus();  // trusted, every document in memory
      if (shown->generation <= queried_at && (!budget || shown->per_eur == per_eur)) {
        Checked(asked);
        return absl::OkStatus();
      }
    }
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<int> PgProjectStore::BackfillSearchTerms() {
  int total = 0;
  for (;;) {
    int done = 0;
    absl::Status s = pool_.Transact([&](pqxx::work& tx) {
      for (const auto& r :
           tx.exec("SELECT DISTINCT s.project_id::text FROM project_search s WHERE NOT EXISTS "
                   "(SELECT 1 FROM project_search_terms t WHERE t.project_id = s.project_id AND "
                   "t.public = s.public) LIMIT 200")) {
        WriteSearchTerms(tx, r[0].as<std::string>());
        ++done;
      }
      if (done > 0) tx.exec0("UPDATE search_generation SET n = n + 1");
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    if (done == 0) return total;
    total += done;
  }
}

absl::StatusOr<int64_t> PgProjectStore::BackfillBinaryDocuments(int64_t after, int limit) {
  int64_t last = 0;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    last = 0;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    // A version that does not parse keeps no copy (read from its JSON).
    auto parse = [&](const pqxx::field& f) -> std::optional<v1::Project> {
      v1::Project doc;
      if (f.is_null()) return std::nullopt;
      if (!google::protobuf::util::JsonStringToMessage(f.as<std::string>(), &doc, options).ok()) {
        return std::nullopt;
      }
      return doc;
    };
    for (const auto& r : tx.exec_params(R"sql(
SELECT id::text, seq, doc::text, published_doc::text FROM projects
WHERE (doc_pb IS NULL OR (published_doc IS NOT NULL AND published_pb IS NULL)) AND seq > $1
ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)sql",
                                        after, limit)) {
      last = r[1].as<int64_t>();
      const std::optional<v1::Project> doc = parse(r[2]);
      const std::optional<v1::Project> published = parse(r[3]);
      if (!doc || (!r[3].is_null() && !published)) continue;
      tx.exec_params0(
          "UPDATE projects SET doc_pb = $2, published_pb = CASE WHEN published_doc IS NULL THEN "
          "NULL ELSE $3::bytea END WHERE id = $1::uuid",
          r[0].as<std::string>(), Binary(doc), Binary(published));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return last;
}

}  // namespace atlas::registry
