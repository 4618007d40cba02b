// The catalogue of data sources: validation, paging, revisions.
#include "stats/domain/data_source.h"

#include <algorithm>

#include "absl/strings/str_join.h"
#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"

namespace atlas::stats {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
constexpr size_t kMaxName = 300;
constexpr size_t kMaxText = 2000;

constexpr core::Text kNoSource = {"there is no data source {0}", "il n'y a pas de source {0}",
                                  "لا يوجد مصدر بيانات {0}"};
constexpr core::Text kSourceExists = {"the data source {0} already exists",
                                      "la source {0} existe déjà", "مصدر البيانات {0} موجود مسبقا"};
constexpr core::Text kBadSourceId = {
    "must be 1 to 63 lower-case letters, digits or '-', starting with a letter or digit",
    "doit compter de 1 à 63 minuscules, chiffres ou « - », en commençant par une lettre ou un "
    "chiffre",
    "يجب أن يتكون من 1 إلى 63 حرفا صغيرا أو رقما أو «-»، يبدأ بحرف أو رقم"};
constexpr core::Text kBadUrl = {"must be an http:// or https:// address without spaces",
                                "doit être une adresse http:// ou https:// sans espace",
                                "يجب أن يكون عنوان http:// أو https:// بدون فراغات"};
constexpr const char* kPaths =
    "holder, title, population, coverage, period, variables, frequency, access, url";

bool IsSourceId(std::string_view id) { return core::IsSlugId(id); }

void CheckTexts(const core::Localized& t, const std::string& field, size_t max, bool required,
                std::vector<core::FieldViolation>& out) {
  core::CheckText(t.fr, field + ".fr", max, required, true, out);
  core::CheckText(t.ar, field + ".ar", max, false, true, out);
  core::CheckText(t.en, field + ".en", max, false, true, out);
}

absl::Status Worded(const absl::Status& s, std::string_view id) {
  if (s.code() != absl::StatusCode::kNotFound) return s;
  return core::Error(absl::StatusCode::kNotFound, kNoSource, {"dataSources/" + std::string(id)});
}

}  // namespace

absl::Status ValidateDataSource(const DataSource& s) {
  std::vector<core::FieldViolation> out;
  if (!IsSourceId(s.id)) out.push_back(core::Violation("name", kBadSourceId));
  core::CheckText(s.holder, "holder", kMaxName, true, false, out);
  CheckTexts(s.title, "title", kMaxName, true, out);
  CheckTexts(s.population, "population", kMaxText, false, out);
  CheckTexts(s.coverage, "coverage", kMaxText, false, out);
  core::CheckText(s.period, "period", 50, true, false, out);
  CheckTexts(s.variables, "variables", kMaxText, false, out);
  CheckTexts(s.access, "access", kMaxText, false, out);
  if (std::find_if(std::begin(kFrequencies), std::end(kFrequencies),
                   [&](const char* f) { return s.frequency == f; }) == std::end(kFrequencies)) {
    out.push_back(
        core::Violation("frequency", core::texts::kOneOf, {absl::StrJoin(kFrequencies, ", ")}));
  }
  core::CheckText(s.url, "url", 500, false, false, out);
  if (!s.url.empty() && (s.url.find(' ') != std::string::npos ||
                         (s.url.rfind("https://", 0) != 0 && s.url.rfind("http://", 0) != 0))) {
    out.push_back(core::Violation("url", kBadUrl));
  }
  if (!out.empty()) return core::InvalidFields(out);
  return absl::OkStatus();
}

absl::StatusOr<DataSourcePage> DataSourceService::List(int page_size, std::string_view page_token) {
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  return store_.List(page->limit, page->position);
}

absl::StatusOr<DataSource> DataSourceService::Get(std::string_view id) {
  if (!IsSourceId(id)) return Worded(absl::NotFoundError(""), id.substr(0, 63));
  absl::StatusOr<DataSource> s = store_.Find(std::string(id));
  if (!s.ok()) return Worded(s.status(), id);
  return s;
}

absl::StatusOr<DataSource> DataSourceService::Create(const DataSource& s,
                                                     const std::string& actor) {
  if (absl::Status v = ValidateDataSource(s); !v.ok()) return v;
  absl::StatusOr<DataSource> created = store_.Insert(s, actor);
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    return core::Error(absl::StatusCode::kAlreadyExists, kSourceExists, {"dataSources/" + s.id});
  }
  return created;
}

absl::StatusOr<DataSource> DataSourceService::Update(const DataSource& patch,
                                                     const std::vector<std::string>& paths,
                                                     const std::string& etag,
                                                     const std::string& actor) {
  const std::optional<int64_t> revision = core::RevisionOfEtag(etag);
  std::vector<core::FieldViolation> bad;
  if (!revision) bad.push_back(core::Violation("etag", core::texts::kOneOf, {"r<n>"}));
  if (paths.empty()) bad.push_back(core::Violation("update_mask", core::texts::kRequired));
  absl::StatusOr<DataSource> current = Get(patch.id);
  if (!current.ok()) return current.status();
  DataSource next = *current;
  for (const std::string& path : paths) {
    if (path == "holder") {
      next.holder = patch.holder;
    } else if (path == "title") {
      next.title = patch.title;
    } else if (path == "population") {
      next.population = patch.population;
    } else if (path == "coverage") {
      next.coverage = patch.coverage;
    } else if (path == "period") {
      next.period = patch.period;
    } else if (path == "variables") {
      next.variables = patch.variables;
    } else if (path == "frequency") {
      next.frequency = patch.frequency;
    } else if (path == "access") {
      next.access = patch.access;
    } else if (path == "url") {
      next.url = patch.url;
    } else {
      bad.push_back(
          core::Violation("update_mask", core::texts::kCannotChange, {path.substr(0, 60), kPaths}));
    }
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  if (absl::Status v = ValidateDataSource(next); !v.ok()) return v;
  if (*revision != current->revision) {
    return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead,
                       {"dataSources/" + patch.id});
  }
  // The store checks the revision again, atomically: two editors who read
  // the same revision cannot both write.
  absl::StatusOr<DataSource> updated = store_.Update(next, *revision, actor);
  if (updated.status().code() == absl::StatusCode::kAborted) {
    return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead,
                       {"dataSources/" + patch.id});
  }
  if (!updated.ok()) return Worded(updated.status(), patch.id);
  return updated;
}

}  // namespace atlas::stats
