// The studies and reports library: validation, changes, the service.
#include "registry/domain/library.h"

#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"
#include "registry/domain/etag_check.h"
#include "registry/domain/patch.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

constexpr core::Text kBadDate = {"must be a date written YYYY, YYYY-MM or YYYY-MM-DD",
                                 "doit être une date écrite AAAA, AAAA-MM ou AAAA-MM-JJ",
                                 "يجب أن يكون تاريخا مكتوبا YYYY أو YYYY-MM أو YYYY-MM-DD"};
constexpr char kPaths[] =
    "title, title.fr, title.ar, title.en, abstract, abstract.fr, abstract.ar, abstract.en, "
    "authors, commissioned_by, date, kind, "
    "language, access, projects, region_codes, themes, datasets, programmes, evaluations, demo";
constexpr size_t kMaxLinks = 50;

const auto IsProjectName = NamesOf("projects/", core::IsCanonicalUuid);

bool IsEvaluationName(const std::string& name) {
  static const std::regex kName("projects/[0-9a-f-]{36}/evaluations/[0-9a-f-]{36}");
  if (!std::regex_match(name, kName)) return false;
  return core::IsCanonicalUuid(name.substr(9, 36)) && core::IsCanonicalUuid(name.substr(58));
}

}  // namespace

absl::Status ValidateDocument(const v1::LibraryDocument& d) {
  std::vector<core::FieldViolation> out;
  CheckLocalized(d.title(), "document.title", 300, {.fr = true}, out);
  CheckLocalized(d.abstract(), "document.abstract", 3000, {}, out, /*allow_newlines=*/true);
  if (d.authors_size() > 20) {
    out.push_back(core::Violation("document.authors", core::texts::kBetween, {"0", "20"}));
  }
  for (int i = 0; i < d.authors_size() && i < 20; ++i) {
    core::CheckPlainText(d.authors(i), absl::StrCat("document.authors[", i, "]"), 200, true, out);
  }
  core::CheckPlainText(d.commissioned_by(), "document.commissioned_by", 200, false, out);
  static const std::regex kDate(
      "(19[9][0-9]|20[0-9][0-9])(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?");
  if (!d.date().empty() && !std::regex_match(d.date(), kDate)) {
    out.push_back(core::Violation("document.date", kBadDate));
  }
  if (d.kind() == v1::DOCUMENT_KIND_UNSPECIFIED || !v1::DocumentKind_IsValid(d.kind())) {
    out.push_back(core::Violation("document.kind", core::texts::kOneOf,
                                  {"STUDY, DIAGNOSTIC, EVALUATION_REPORT, MINUTES"}));
  }
  if (d.language() != "fr" && d.language() != "ar" && d.language() != "en") {
    out.push_back(core::Violation("document.language", core::texts::kOneOf, {"fr, ar, en"}));
  }
  if (d.access() == v1::DOCUMENT_ACCESS_UNSPECIFIED || !v1::DocumentAccess_IsValid(d.access())) {
    out.push_back(core::Violation("document.access", core::texts::kOneOf,
                                  {"PUBLIC_DOCUMENT, RESTRICTED_DOCUMENT"}));
  }
  CheckLinks(d.projects(), "document.projects", kMaxLinks, IsProjectName, kBadName,
             {"projects/0b6e4f2a-…"}, out);
  CheckLinks(
      d.region_codes(), "document.region_codes", kMaxLinks,
      [](const std::string& c) { return IsTerm(Regions(), c); }, core::texts::kOneOf,
      {Codes(Regions())}, out);
  const auto themes = Themes();
  CheckLinks(
      d.themes(), "document.themes", kMaxLinks,
      [&](const std::string& c) { return IsTerm(*themes, c); }, core::texts::kOneOf,
      {Codes(*themes)}, out);
  CheckLinks(d.datasets(), "document.datasets", kMaxLinks, NamesOf("datasets/", core::IsSlugId),
             kBadName, {"datasets/undesa-2024"}, out);
  CheckLinks(d.programmes(), "document.programmes", kMaxLinks,
             NamesOf("programmes/", core::IsSlugId), kBadName, {"programmes/demo-101"}, out);
  CheckLinks(d.evaluations(), "document.evaluations", kMaxLinks, IsEvaluationName, kBadName,
             {"projects/…/evaluations/…"}, out);
  return out.empty() ? absl::OkStatus() : core::InvalidFields(out);
}

absl::StatusOr<v1::LibraryDocument> PatchDocument(v1::LibraryDocument current,
                                                  const v1::LibraryDocument& patch,
                                                  const std::vector<std::string>& paths) {
  std::vector<core::FieldViolation> out;
  if (paths.empty()) out.push_back(core::Violation("update_mask", core::texts::kRequired));
  for (const std::string& path : paths) {
    if (PatchLocalized(path, "title", current.mutable_title(), patch.title()) ||
        PatchLocalized(path, "abstract", current.mutable_abstract(), patch.abstract())) {
    } else if (path == "authors") {
      *current.mutable_authors() = patch.authors();
    } else if (path == "commissioned_by") {
      current.set_commissioned_by(patch.commissioned_by());
    } else if (path == "date") {
      current.set_date(patch.date());
    } else if (path == "kind") {
      current.set_kind(patch.kind());
    } else if (path == "language") {
      current.set_language(patch.language());
    } else if (path == "access") {
      current.set_access(patch.access());
    } else if (path == "projects") {
      *current.mutable_projects() = patch.projects();
    } else if (path == "region_codes") {
      *current.mutable_region_codes() = patch.region_codes();
    } else if (path == "themes") {
      *current.mutable_themes() = patch.themes();
    } else if (path == "datasets") {
      *current.mutable_datasets() = patch.datasets();
    } else if (path == "programmes") {
      *current.mutable_programmes() = patch.programmes();
    } else if (path == "evaluations") {
      *current.mutable_evaluations() = patch.evaluations();
    } else if (path == "demo") {
      current.set_demo(patch.demo());
    } else {
      out.push_back(
          core::Violation("update_mask", core::texts::kCannotChange, {path.substr(0, 60), kPaths}));
    }
  }
  if (!out.empty()) return core::InvalidFields(out);
  if (absl::Status s = ValidateDocument(current); !s.ok()) return s;
  return current;
}

bool LooksLikePdf(std::string_view bytes) {
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

std::optional<std::string> DocumentId(const std::string& name) {
  auto id = core::IdOf(name, "documents/");
  if (!id || !core::IsCanonicalUuid(*id)) return std::nullopt;
  return *id;
}

std::string SafeFileName(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    out += ok ? c : '_';
    if (out.size() >= 96) break;
  }
  while (!out.empty() && (out.front() == '.' || out.front() == '_')) out.erase(out.begin());
  if (out.empty()) out = "document";
  if (out.size() < 4 || out.substr(out.size() - 4) != ".pdf") out += ".pdf";
  return out;
}

namespace {

absl::StatusOr<std::string> IdOfName(const std::string& name) {
  auto id = DocumentId(name);
  if (!id) {
    return core::Error(absl::StatusCode::kNotFound, kDocumentNotFound, {name.substr(0, 80)});
  }
  return *id;
}

absl::Status Worded(const absl::Status& s, const std::string& id) {
  if (s.code() != absl::StatusCode::kNotFound) return s;
  return core::Error(absl::StatusCode::kNotFound, kDocumentNotFound, {"documents/" + id});
}

}  // namespace

absl::StatusOr<LibraryPage> Library::List(LibraryQuery q) {
  std::vector<core::FieldViolation> bad;
  core::CheckPlainText(q.q, "q", 200, false, bad);
  if (!q.region_code.empty() && !IsTerm(Regions(), q.region_code)) {
    bad.push_back(core::Violation("region_code", core::texts::kOneOf, {Codes(Regions())}));
  }
  if (!q.project.empty() && !IsProjectName(q.project)) {
    bad.push_back(core::Violation("project", kBadName, {"projects/…"}));
  }
  if (q.kind < 0 || !v1::DocumentKind_IsValid(q.kind)) {
    bad.push_back(core::Violation("kind", core::texts::kOneOf,
                                  {"STUDY, DIAGNOSTIC, EVALUATION_REPORT, MINUTES"}));
  }
  for (auto [value, field] : {std::pair{&q.theme, "theme"}, std::pair{&q.programme, "programme"},
                              std::pair{&q.dataset, "dataset"}}) {
    core::CheckPlainText(*value, field, 80, false, bad);
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  return store_.List(q);
}

absl::StatusOr<v1::LibraryDocument> Library::Get(const std::string& name, const LibraryReader& r) {
  auto id = IdOfName(name);
  if (!id.ok()) return id.status();
  auto d = store_.Get(*id, r.signed_in);
  if (!d.ok()) return Worded(d.status(), *id);
  return d;
}

absl::StatusOr<std::pair<std::string, std::string>> Library::File(const std::string& name,
                                                                  const LibraryReader& r) {
  auto d = Get(name, r);
  if (!d.ok()) return d.status();
  auto bytes = store_.File(d->name().substr(10), r.signed_in);
  if (!bytes.ok()) return Worded(bytes.status(), d->name().substr(10));
  return std::make_pair(*std::move(bytes), SafeFileName(d->file().file_name()));
}

absl::StatusOr<v1::LibraryDocument> Library::Create(const v1::LibraryDocument& d, std::string bytes,
                                                    const std::string& file_name,
                                                    const std::string& request_id,
                                                    const std::string& actor) {
  std::vector<core::FieldViolation> bad;
  if (absl::Status s = ValidateDocument(d); !s.ok()) bad = core::FieldViolations(s);
  core::CheckPlainText(file_name, "file_name", 200, false, bad);
  core::CheckText(request_id, "request_id", 100, false, false, bad);
  if (bytes.empty()) {
    bad.push_back(core::Violation("file", core::texts::kRequired));
  } else if (static_cast<int64_t>(bytes.size()) > max_file_bytes_) {
    bad.push_back(core::Violation("file", kFileTooLarge,
                                  {std::to_string(max_file_bytes_), std::to_string(bytes.size())}));
  } else if (!LooksLikePdf(bytes)) {
    bad.push_back(core::Violation("file", kNotPdf));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  if (absl::Status scan = inspector_.Scan(bytes); !scan.ok()) {
    if (scan.code() == absl::StatusCode::kFailedPrecondition) {
      return core::InvalidFields({core::Violation("file", kInfected)});
    }
    return scan;
  }
  auto text = inspector_.PdfText(bytes);
  if (!text.ok()) {
    if (text.status().code() == absl::StatusCode::kInvalidArgument) {
      return core::InvalidFields({core::Violation("file", kPdfUnreadable)});
    }
    return text.status();
  }
  LibraryFile file{.bytes = std::move(bytes),
                   .file_name = file_name.empty() ? "document.pdf" : file_name,
                   .sha256 = "",
                   .pages = text->second,
                   .text = std::move(text->first)};
  return store_.Insert(d, file, request_id, actor);
}

absl::StatusOr<v1::LibraryDocument> Library::Update(const v1::LibraryDocument& patch,
                                                    const std::vector<std::string>& paths,
                                                    const std::string& etag,
                                                    const std::string& actor) {
  auto id = IdOfName(patch.name());
  if (!id.ok()) return id.status();
  auto updated = store_.Modify(
      *id, actor, [&](const v1::LibraryDocument& current) -> absl::StatusOr<v1::LibraryDocument> {
        if (absl::Status e = CheckEtag(current.etag(), etag, "document.etag", current.name(), true);
            !e.ok()) {
          return e;
        }
        return PatchDocument(current, patch, paths);
      });
  if (!updated.ok()) return Worded(updated.status(), *id);
  return updated;
}

absl::Status Library::Delete(const std::string& name, const std::string& etag,
                             const std::string& actor) {
  auto id = IdOfName(name);
  if (!id.ok()) return id.status();
  return Worded(store_.Remove(*id, actor,
                              [&](const v1::LibraryDocument& current) {
                                return CheckEtag(current.etag(), etag, "document.etag",
                                                 current.name(), true);
                              }),
                *id);
}

}  // namespace atlas::registry
