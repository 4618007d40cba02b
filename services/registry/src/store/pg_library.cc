// The studies and reports library in PostgreSQL.
#include "registry/store/pg_library.h"

#include <sodium.h>

#include <pqxx/pqxx>

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/etag.h"
#include "atlas/core/status.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/status.h"
#include "registry/domain/search_text.h"
#include "registry/store/pg_documents.h"
#include "registry/store/pg_links.h"
#include "registry/store/pg_text_query.h"

namespace atlas::registry {
namespace {

constexpr char kColumns[] = R"sql(
  d.id::text, d.doc::text, d.revision, d.created_by,
  (extract(epoch FROM d.create_time) * 1000000)::bigint,
  (extract(epoch FROM d.update_time) * 1000000)::bigint,
  d.file_name, d.content_type, d.size_bytes, d.sha256, d.pages, length(d.body))sql";

v1::LibraryDocument FromRow(const pqxx::row& r) {
  v1::LibraryDocument d = FromJson<v1::LibraryDocument>(r[1].as<std::string>());
  d.set_name("documents/" + r[0].as<std::string>());
  d.set_etag(core::RevisionEtag(r[2].as<int64_t>()));
  d.set_created_by(r[3].as<std::string>());
  rpc::SetTimestamp(r[4].as<int64_t>(), d.mutable_create_time());
  rpc::SetTimestamp(r[5].as<int64_t>(), d.mutable_update_time());
  v1::DocumentFile* f = d.mutable_file();
  f->set_file_name(r[6].as<std::string>());
  f->set_content_type(r[7].as<std::string>());
  f->set_size_bytes(r[8].as<int64_t>());
  f->set_sha256(r[9].as<std::string>());
  f->set_pages(r[10].as<int>());
  f->set_text_chars(r[11].as<int>());
  return d;
}

// The record kept as JSON: without what columns hold.
std::string Document(v1::LibraryDocument d) {
  for (auto clear : {&v1::LibraryDocument::clear_name, &v1::LibraryDocument::clear_etag,
                     &v1::LibraryDocument::clear_created_by, &v1::LibraryDocument::clear_snippet}) {
    (d.*clear)();
  }
  d.clear_create_time();
  d.clear_update_time();
  d.clear_file();
  return Json(d);
}

template <typename Repeated>
std::string Array(const Repeated& values) {
  return JsonArray(values);
}

// Writes document `id`'s search terms (its record and PDF text analysed as
// the project search does) and adds them to the library's vocabulary.
void WriteTerms(pqxx::transaction_base& tx, const std::string& id, const v1::LibraryDocument& d,
                std::string_view pdf_text) {
  const SearchText t = LibrarySearchTextOf(d, pdf_text);
  tx.exec_params0(
      "UPDATE library_documents SET terms = setweight(to_tsvector('simple', $2), 'A') || "
      "setweight(to_tsvector('simple', $3), 'B') || setweight(to_tsvector('simple', $4), 'C') || "
      "setweight(to_tsvector('simple', $5), 'D') WHERE id = $1::uuid",
      id, t.title, t.body, t.partners, t.text);
  AddVocabulary(tx, kLibraryVocabulary, t.terms);
}

absl::StatusOr<v1::LibraryDocument> Find(pqxx::transaction_base& tx, const std::string& id,
                                         bool signed_in, bool lock) {
  pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", kColumns,
                   " FROM library_documents d WHERE d.id = $1::uuid AND (NOT d.restricted OR $2)",
                   lock ? " FOR UPDATE" : ""),
      id, signed_in);
  if (r.empty()) return absl::NotFoundError("documents/" + id);
  return FromRow(r[0]);
}

// Violations on `field`[i] for each of `names` that `sql` does not name back.
template <typename Names>
void CheckExist(pqxx::transaction_base& tx, const char* sql, const Names& names,
                const std::string& field, std::vector<core::FieldViolation>& bad) {
  MissingLinks(names, ExistingNames(tx, sql, names), field, bad);
}

// The projects and evaluation records `d` links to exist (in `tx`).
absl::Status CheckLinksExist(pqxx::transaction_base& tx, const v1::LibraryDocument& d) {
  std::vector<core::FieldViolation> bad;
  CheckExist(tx,
             "SELECT 'projects/' || id::text FROM projects "
             "WHERE id = ANY(json_texts($1::jsonb)::uuid[])",
             d.projects(), "document.projects", bad);
  CheckExist(tx,
             "SELECT 'projects/' || project_id::text || '/evaluations/' || id::text "
             "FROM evaluations WHERE id = ANY(json_texts($1::jsonb)::uuid[])",
             d.evaluations(), "document.evaluations", bad);
  return bad.empty() ? absl::OkStatus() : core::InvalidFields(bad);
}

// Records atlas.registry.document.<verb> in `tx`.
absl::Status Changed(pqxx::work& tx, const v1::LibraryDocument& d, const std::string& verb,
                     const std::string& actor) {
  events::v1::DocumentChanged e;
  e.set_name(d.name());
  e.set_title(!d.title().fr().empty() ? d.title().fr() : d.title().ar());
  for (const auto& r : d.region_codes()) e.add_region_codes(r);
  for (const auto& t : d.themes()) e.add_themes(t);
  for (const auto& p : d.projects()) e.add_projects(p);
  e.set_restricted(d.access() == v1::RESTRICTED_DOCUMENT);
  e.set_kind(v1::DocumentKind_Name(d.kind()));
  e.set_actor(actor);
  e.set_demo(d.demo());
  return bus::AppendToOutbox(
      tx, bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.document." + verb + ".v1", d.name(),
                        "atlas.registry.document." + verb, e.SerializeAsString()));
}

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace

absl::StatusOr<LibraryPage> PgLibrary::List(const LibraryQuery& q) {
  LibraryPage out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    // The words as the project search reads them: forms, then the library's
    // vocabulary near them (typos, shorter stems); "" when none is left.
    const std::vector<text::QueryWord> words = text::QueryWords(q.q);
    const std::string query = TextQueryOf(tx, words, kLibraryVocabulary);
    const bool text = !query.empty();
    const std::string sql = absl::StrCat(
        "SELECT ", kColumns, R"sql(,
  CASE WHEN $1 = '' THEN '' ELSE ts_headline('simple', left(d.body, 100000), library_query($1),
    'MaxFragments=1, MaxWords=30, MinWords=12, StartSel=«, StopSel=»') END,
  count(*) OVER ()
FROM library_documents d
WHERE (NOT d.restricted OR $2)
  AND )sql",
        text ? absl::StrCat("d.terms @@ ", TsQuery("$11", "any")) : "$11::text IS NOT NULL",
        R"sql(
  AND ($3 = 0 OR d.kind = $3)
  AND ($4 = '' OR $4 = ANY(d.region_codes))
  AND ($5 = '' OR $5 = ANY(d.themes))
  AND ($6 = '' OR $6 = ANY(d.projects))
  AND ($7 = '' OR $7 = ANY(d.programmes))
  AND ($8 = '' OR $8 = ANY(d.datasets))
ORDER BY )sql",
        text ? absl::StrCat("(", Relevance("$11", "d.terms", static_cast<int>(words.size())),
                            ") DESC, ts_rank(d.terms, ", TsQuery("$11", "any"), ") DESC, ")
             : "",
        R"sql(d.create_time DESC, d.id
LIMIT $9 OFFSET $10)sql");
    // A query of stop words alone ("les", "في") filters nothing, as no query.
    const std::string headline = text ? q.q : "";
    for (const auto& r :
         tx.exec_params(sql, headline, q.signed_in, q.kind, q.region_code, q.theme, q.project,
                        q.programme, q.dataset, q.limit, q.offset, query)) {
      v1::LibraryDocument d = FromRow(r);
      d.set_snippet(r[12].as<std::string>());
      out.total = r[13].as<int>();
      out.documents.push_back(std::move(d));
    }
    if (out.documents.empty() && q.offset > 0) {
      out.total =
          tx.exec_params1("SELECT count(*) FROM library_documents d WHERE (NOT d.restricted OR $1)",
                          q.signed_in)[0]
              .as<int>();
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<int> PgLibrary::BackfillTerms() {
  int written = 0;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    for (const auto& r : tx.exec("SELECT id::text, doc::text, body FROM library_documents "
                                 "WHERE terms IS NULL ORDER BY id FOR UPDATE")) {
      WriteTerms(tx, r[0].as<std::string>(), FromJson<v1::LibraryDocument>(r[1].as<std::string>()),
                 r[2].as<std::string>());
      ++written;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return written;
}

absl::StatusOr<v1::LibraryDocument> PgLibrary::Get(const std::string& id, bool signed_in) {
  absl::StatusOr<v1::LibraryDocument> out = absl::NotFoundError("documents/" + id);
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    out = Find(tx, id, signed_in, false);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::string> PgLibrary::File(const std::string& id, bool signed_in) {
  absl::StatusOr<std::string> out = absl::NotFoundError("documents/" + id);
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(
        "SELECT f.bytes FROM library_files f JOIN library_documents d ON d.id = f.document_id "
        "WHERE d.id = $1::uuid AND (NOT d.restricted OR $2)",
        id, signed_in);
    if (!r.empty()) out = pqxx::binarystring(r[0][0]).str();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::LibraryDocument> PgLibrary::Insert(const v1::LibraryDocument& d,
                                                      const LibraryFile& file,
                                                      const std::string& request_id,
                                                      const std::string& actor) {
  v1::LibraryDocument created;
  bool inserted = false;
  const std::string key = request_id.empty() ? "" : absl::StrCat(actor, "\x1f", request_id);
  const std::string sha = Sha256Hex(file.bytes);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    if (!key.empty()) {
      pqxx::result again =
          tx.exec_params("SELECT id::text FROM library_documents WHERE request_id = $1", key);
      if (!again.empty()) {
        auto found = Find(tx, again[0][0].as<std::string>(), true, false);
        if (!found.ok()) return found.status();
        created = *std::move(found);
        return absl::OkStatus();
      }
    }
    if (absl::Status links = CheckLinksExist(tx, d); !links.ok()) return links;
    pqxx::result r = tx.exec_params(
        R"sql(
INSERT INTO library_documents (request_id, doc, restricted, kind, region_codes, themes, projects,
  programmes, datasets, file_name, content_type, size_bytes, sha256, pages, body, created_by)
VALUES (NULLIF($1, ''), $2::jsonb, $3, $4, json_texts($5::jsonb), json_texts($6::jsonb),
  json_texts($7::jsonb), json_texts($8::jsonb), json_texts($9::jsonb), $10, 'application/pdf',
  $11, $12, $13, $14, $15)
ON CONFLICT (request_id) DO NOTHING
RETURNING id::text)sql",
        key, Document(d), d.access() == v1::RESTRICTED_DOCUMENT, static_cast<int>(d.kind()),
        Array(d.region_codes()), Array(d.themes()), Array(d.projects()), Array(d.programmes()),
        Array(d.datasets()), file.file_name, static_cast<int64_t>(file.bytes.size()), sha,
        file.pages, file.text, actor);
    if (r.empty()) return absl::AbortedError("a concurrent request with the same id; retry");
    const std::string id = r[0][0].as<std::string>();
    WriteTerms(tx, id, d, file.text);
    tx.exec_params0("INSERT INTO library_files VALUES ($1::uuid, $2)", id,
                    pqxx::binarystring(file.bytes));
    auto found = Find(tx, id, true, false);
    if (!found.ok()) return found.status();
    created = *std::move(found);
    inserted = true;
    return Changed(tx, created, "created", actor);
  });
  if (!s.ok()) return s;
  if (inserted && after_commit_) after_commit_();
  return created;
}

absl::StatusOr<v1::LibraryDocument> PgLibrary::Modify(
    const std::string& id, const std::string& actor,
    const std::function<absl::StatusOr<v1::LibraryDocument>(const v1::LibraryDocument&)>& change) {
  v1::LibraryDocument updated;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, id, true, true);
    if (!current.ok()) return current.status();
    auto next = change(*current);
    if (!next.ok()) return next.status();
    if (absl::Status links = CheckLinksExist(tx, *next); !links.ok()) return links;
    const pqxx::row row = tx.exec_params1(
        R"sql(
UPDATE library_documents SET doc = $2::jsonb, restricted = $3, kind = $4,
  region_codes = json_texts($5::jsonb), themes = json_texts($6::jsonb),
  projects = json_texts($7::jsonb), programmes = json_texts($8::jsonb),
  datasets = json_texts($9::jsonb), revision = revision + 1, update_time = now()
WHERE id = $1::uuid
RETURNING body)sql",
        id, Document(*next), next->access() == v1::RESTRICTED_DOCUMENT,
        static_cast<int>(next->kind()), Array(next->region_codes()), Array(next->themes()),
        Array(next->projects()), Array(next->programmes()), Array(next->datasets()));
    WriteTerms(tx, id, *next, row[0].as<std::string>());
    auto found = Find(tx, id, true, false);
    if (!found.ok()) return found.status();
    updated = *std::move(found);
    return Changed(tx, updated, "updated", actor);
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return updated;
}

absl::Status PgLibrary::Remove(
    const std::string& id, const std::string& actor,
    const std::function<absl::Status(const v1::LibraryDocument&)>& check) {
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    auto current = Find(tx, id, true, true);
    if (!current.ok()) return current.status();
    if (absl::Status c = check(*current); !c.ok()) return c;
    tx.exec_params0("DELETE FROM library_documents WHERE id = $1::uuid", id);
    return Changed(tx, *current, "deleted", actor);
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return absl::OkStatus();
}

absl::Status PopplerInspector::Scan(const std::string& bytes) {
  if (scan_command_.empty()) return absl::OkStatus();
  ChildResult r = RunChild(scan_command_, bytes, limits_);
  if (!r.over_limit && r.exit_code == 0) return absl::OkStatus();
  if (!r.over_limit && r.exit_code == 1) return absl::FailedPreconditionError("infected");
  return absl::UnavailableError("the virus scan could not run; try again later");
}

absl::StatusOr<std::pair<std::string, int>> PopplerInspector::PdfText(const std::string& bytes) {
  absl::StatusOr<registry::PdfText> t = ExtractPdfText(bytes, limits_);
  if (!t.ok()) return t.status();
  return std::make_pair(std::move(t->text), t->pages);
}

}  // namespace atlas::registry
