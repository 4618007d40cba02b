// The catalogue, code lists and queries over the cubes.
#include "stats/domain/dataset_service.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
#include "atlas/core/utf8.h"
#include "stats/domain/import.h"

namespace atlas::stats {
namespace {

constexpr core::Text kNoDataset = {"there is no dataset {0}",
                                   "il n'existe pas de jeu de données {0}",
                                   "لا توجد مجموعة بيانات {0}"};
constexpr core::Text kNoVersion = {
    "dataset {0} has no version {1} you may read",
    "le jeu de données {0} n'a pas de version {1} que vous puissiez lire",
    "لا تتوفر مجموعة البيانات {0} على نسخة {1} يمكنك قراءتها"};
constexpr core::Text kAlreadyReleased = {"version {1} of {0} is already released",
                                         "la version {1} de {0} est déjà publiée",
                                         "النسخة {1} من {0} منشورة سلفًا"};
constexpr core::Text kUnknownDimension = {
    "{0} is not a dimension of this dataset (its dimensions: {1})",
    "{0} n'est pas une dimension de ce jeu de données (ses dimensions : {1})",
    "{0} ليس بعدًا من أبعاد مجموعة البيانات هذه (أبعادها: {1})"};
constexpr core::Text kTwice = {"names {0} twice", "nomme {0} deux fois", "يذكر {0} مرتين"};
constexpr core::Text kBadFilter = {"must read DIMENSION=code or DIMENSION=code+code",
                                   "doit s'écrire DIMENSION=code ou DIMENSION=code+code",
                                   "يجب أن يُكتب على شكل DIMENSION=code أو DIMENSION=code+code"};
constexpr core::Text kUnknownCode = {"{0} is not a code of {1} ({2})",
                                     "{0} n'est pas un code de {1} ({2})",
                                     "{0} ليس رمزًا من رموز {1} ({2})"};
constexpr core::Text kBadPeriod = {"must be a year (YYYY) between 1900 and 2100",
                                   "doit être une année (AAAA) entre 1900 et 2100",
                                   "يجب أن يكون سنة (YYYY) بين 1900 و2100"};
constexpr core::Text kPeriodOrder = {"must not be after endPeriod", "ne doit pas suivre endPeriod",
                                     "يجب ألا يأتي بعد endPeriod"};
constexpr core::Text kSumOverTime = {
    "these figures are stocks and do not add up over time: group by TIME_PERIOD or choose one "
    "period",
    "ces chiffres sont des stocks et ne s'additionnent pas dans le temps : regroupez par "
    "TIME_PERIOD ou choisissez une période",
    "هذه الأرقام أرصدة ولا تُجمع عبر الزمن: جمّع حسب TIME_PERIOD أو اختر فترة واحدة"};
constexpr core::Text kTotalWithParts = {
    "{0}=_T is already the total of the other codes: ask for it alone",
    "{0}=_T est déjà le total des autres codes : demandez-le seul",
    "{0}=_T هو أصلًا مجموع الرموز الأخرى: اطلبه وحده"};
constexpr core::Text kTooManyTotals = {
    "subtotals are computed over at most 4 grouped dimensions",
    "les sous-totaux se calculent sur 4 dimensions regroupées au plus",
    "تُحسب المجاميع الفرعية على 4 أبعاد مجمّعة على الأكثر"};
constexpr core::Text kTooManyCells = {
    "would make more than 4 million cells: group by fewer dimensions",
    "donnerait plus de 4 millions de cellules : regroupez par moins de dimensions",
    "سينتج أكثر من 4 ملايين خلية: جمّع حسب أبعاد أقل"};
constexpr core::Text kBadTop = {"must be between 0 and 10000", "doit être entre 0 et 10000",
                                "يجب أن يكون بين 0 و10000"};
constexpr core::Text kKeyParts = {
    "has {0} parts; this dataset's keys have {1} ({2}), e.g. FRA+ESP.F",
    "a {0} parties ; les clés de ce jeu de données en ont {1} ({2}), p. ex. FRA+ESP.F",
    "يتكون من {0} أجزاء؛ مفاتيح مجموعة البيانات هذه تتكون من {1} ({2})، مثل FRA+ESP.F"};

constexpr size_t kMaxCells = size_t{1} << 22;

std::string DimensionList(const Dataset& d) {
  std::vector<std::string> ids;
  for (const auto& dim : d.dimensions) ids.push_back(dim.id);
  return absl::StrJoin(ids, ", ");
}

// What a query keeps of each dimension: a mask over the cube's codes (empty:
// every code) and whether the caller chose it.
struct Selection {
  std::vector<std::vector<bool>> allowed;
  std::vector<bool> chosen;
};

}  // namespace

absl::StatusOr<DatasetPage> DatasetService::List(int page_size, std::string_view page_token,
                                                 const Reader& who) {
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  return store_.List(page->limit, page->position, !who.exact);
}

absl::StatusOr<Dataset> DatasetService::Get(std::string_view id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (auto it = metadata_.find(id); it != metadata_.end() && now < it->second.second) {
      return it->second.first;
    }
  }
  absl::StatusOr<Dataset> d = store_.Find(std::string(id));
  if (absl::IsNotFound(d.status())) {
    // Not remembered: the cache holds only datasets that exist (bounded).
    return core::Error(absl::StatusCode::kNotFound, kNoDataset, {std::string(id)});
  }
  if (d.ok()) {
    std::lock_guard lock(mu_);
    metadata_.insert_or_assign(d->id, std::make_pair(*d, now + metadata_ttl_));
  }
  return d;
}

void DatasetService::Forget(std::string_view id) {
  std::lock_guard lock(mu_);
  metadata_.erase(std::string(id));
}

absl::StatusOr<std::shared_ptr<const DatasetService::Lists>> DatasetService::LoadLists() {
  std::lock_guard lock(mu_);
  if (!lists_) {
    absl::StatusOr<std::vector<Codelist>> lists = store_.Codelists();
    if (!lists.ok()) return lists.status();
    auto loaded = std::make_shared<Lists>();
    loaded->lists = std::move(*lists);
    for (const Codelist& l : loaded->lists) {
      for (const Code& c : l.codes) loaded->names[l.id + '\x1f' + c.id] = c.name;
    }
    lists_ = std::move(loaded);
  }
  return lists_;
}

absl::StatusOr<std::vector<Codelist>> DatasetService::Codelists() {
  absl::StatusOr<std::shared_ptr<const Lists>> l = LoadLists();
  if (!l.ok()) return l.status();
  return (*l)->lists;
}

std::string DatasetService::Label(const std::string& codelist, const std::string& code,
                                  core::Lang lang) {
  absl::StatusOr<std::shared_ptr<const Lists>> l = LoadLists();
  if (!l.ok()) return code;
  auto it = (*l)->names.find(codelist + '\x1f' + code);
  return it == (*l)->names.end() ? code : it->second.In(lang);
}

absl::StatusOr<const RecordKeys*> DatasetService::Keys() {
  std::lock_guard lock(mu_);
  if (!keys_) {
    absl::StatusOr<std::string> secret = store_.DisclosureSecret();
    if (!secret.ok()) return secret.status();
    if (secret->size() < 16) return absl::FailedPreconditionError("disclosure secret too short");
    keys_.emplace(std::move(*secret));
  }
  return &*keys_;
}

absl::StatusOr<DatasetService::Loaded> DatasetService::Load(std::string_view id, int version,
                                                            const Reader& who) {
  absl::StatusOr<Dataset> d = Get(id);
  if (!d.ok()) return d.status();
  Loaded l{.dataset = std::move(*d), .version = version};
  if (l.version == 0) l.version = l.dataset.released_version;
  // Analysts read drafts too; everyone else released versions only.
  bool readable = l.version > 0 &&
                  l.version <= (who.exact ? l.dataset.latest_version : l.dataset.released_version);
  if (readable && !who.exact && l.version != l.dataset.released_version) {
    absl::StatusOr<std::vector<DatasetVersion>> versions = store_.Versions(l.dataset.id);
    if (!versions.ok()) return versions.status();
    readable = std::any_of(versions->begin(), versions->end(), [&](const DatasetVersion& v) {
      return v.version == l.version && v.state == "released";
    });
  }
  if (!readable) {
    return core::Error(absl::StatusCode::kNotFound, kNoVersion,
                       {std::string(id), std::to_string(version)});
  }
  const auto slot = std::make_pair(l.dataset.id, l.version);
  {
    std::lock_guard lock(mu_);
    if (auto it = cubes_.find(slot); it != cubes_.end()) {
      l.cube = it->second;
      return l;
    }
  }
  absl::StatusOr<const RecordKeys*> keys = Keys();
  if (!keys.ok()) return keys.status();
  absl::StatusOr<std::vector<Observation>> obs = store_.Observations(l.dataset.id, l.version);
  if (!obs.ok()) return obs.status();
  const std::string& dataset_id = l.dataset.id;
  const int v = l.version;
  absl::StatusOr<Cube> cube = Cube::Build(l.dataset.dimensions, *obs, [&](const Observation& o) {
    return (*keys)->Of(dataset_id, v, o.key);
  });
  if (!cube.ok()) return cube.status();
  auto built = std::make_shared<const Cube>(std::move(*cube));
  std::lock_guard lock(mu_);
  l.cube = cubes_.try_emplace(slot, std::move(built)).first->second;
  return l;
}

absl::StatusOr<std::vector<std::vector<std::string>>> DatasetService::CodesInUse(
    std::string_view id) {
  absl::StatusOr<Dataset> d = Get(id);
  if (!d.ok()) return d.status();
  std::vector<std::vector<std::string>> codes(d->dimensions.size());
  if (d->released_version == 0) return codes;
  absl::StatusOr<Loaded> l = Load(id, 0, Reader{});
  if (!l.ok()) return l.status();
  for (size_t i = 0; i < codes.size() && i < l->cube->dims().size(); ++i) {
    codes[i] = l->cube->dims()[i].codes;
    std::sort(codes[i].begin(), codes[i].end());
  }
  return codes;
}

absl::StatusOr<ImportResult> DatasetService::Import(std::string_view id, ImportFormat format,
                                                    std::string_view file, bool validate_only,
                                                    const std::string& actor) {
  absl::StatusOr<Dataset> d = Get(id);
  if (!d.ok()) return d.status();
  absl::StatusOr<std::shared_ptr<const Lists>> lists = LoadLists();
  if (!lists.ok()) return lists.status();
  const Lists& names = **lists;
  absl::StatusOr<std::vector<Observation>> obs =
      ParseImport(*d, format, file, [&](const std::string& list, const std::string& code) {
        return names.names.contains(list + '\x1f' + code);
      });
  if (!obs.ok()) return obs.status();
  ImportResult r{.observations = static_cast<int64_t>(obs->size()),
                 .content_sha256 = Sha256Hex(file)};
  if (validate_only) return r;
  absl::StatusOr<std::pair<int, bool>> stored =
      store_.InsertVersion(d->id, r.content_sha256, actor, *obs);
  if (!stored.ok()) return stored.status();
  r.version = stored->first;
  r.created = stored->second;
  Forget(d->id);
  return r;
}

absl::StatusOr<std::vector<DatasetVersion>> DatasetService::Versions(std::string_view id,
                                                                     const Reader& who) {
  absl::StatusOr<Dataset> d = Get(id);
  if (!d.ok()) return d.status();
  absl::StatusOr<std::vector<DatasetVersion>> versions = store_.Versions(d->id);
  if (!versions.ok()) return versions.status();
  if (!who.exact) {
    std::erase_if(*versions, [](const DatasetVersion& v) { return v.state != "released"; });
  }
  return versions;
}

absl::StatusOr<DatasetVersion> DatasetService::Release(std::string_view id, int version,
                                                       const std::string& actor) {
  absl::StatusOr<Dataset> d = Get(id);
  if (!d.ok()) return d.status();
  absl::StatusOr<DatasetVersion> v = store_.Release(d->id, version, actor);
  Forget(d->id);
  if (absl::IsNotFound(v.status())) {
    return core::Error(absl::StatusCode::kNotFound, kNoVersion,
                       {std::string(id), std::to_string(version)});
  }
  if (absl::IsFailedPrecondition(v.status())) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kAlreadyReleased,
                       {std::string(id), std::to_string(version)});
  }
  return v;
}

absl::StatusOr<VersionDiff> DatasetService::Diff(std::string_view id, int from, int to) {
  absl::StatusOr<Dataset> d = Get(id);
  if (!d.ok()) return d.status();
  std::map<std::vector<std::string>, std::optional<int64_t>> before;
  for (int v : {from, to}) {
    if (v <= 0 || v > d->latest_version) {
      return core::Error(absl::StatusCode::kNotFound, kNoVersion,
                         {std::string(id), std::to_string(v)});
    }
  }
  absl::StatusOr<std::vector<Observation>> a = store_.Observations(d->id, from);
  if (!a.ok()) return a.status();
  absl::StatusOr<std::vector<Observation>> b = store_.Observations(d->id, to);
  if (!b.ok()) return b.status();
  for (Observation& o : *a) before.emplace(std::move(o.key), o.value);
  VersionDiff diff;
  auto list = [&](ObservationChange c) {
    if (diff.changes.size() < kMaxChangesListed) diff.changes.push_back(std::move(c));
  };
  for (Observation& o : *b) {
    auto it = before.find(o.key);
    if (it == before.end()) {
      ++diff.added;
      list({.key = o.key, .to = o.value, .kind = "added"});
      continue;
    }
    if (it->second != o.value) {
      ++diff.changed;
      list({.key = o.key, .from = it->second, .to = o.value, .kind = "changed"});
    }
    before.erase(it);
  }
  for (auto& [key, value] : before) {
    ++diff.removed;
    list({.key = key, .from = value, .kind = "removed"});
  }
  return diff;
}

absl::StatusOr<std::vector<Dataset>> DatasetService::All() {
  std::vector<Dataset> all;
  int64_t after = 0;
  for (;;) {
    absl::StatusOr<DatasetPage> page = store_.List(kMaxPageSize, after, false);
    if (!page.ok()) return page.status();
    for (Dataset& d : page->items) all.push_back(std::move(d));
    if (!page->more) return all;
    after = page->last_position;
  }
}

absl::StatusOr<size_t> DatasetService::Warm() {
  absl::StatusOr<std::vector<Dataset>> all = All();
  if (!all.ok()) return all.status();
  size_t bytes = 0;
  for (const Dataset& d : *all) {
    if (d.released_version == 0) continue;
    absl::StatusOr<Loaded> l = Load(d.id, 0, Reader{});
    if (!l.ok()) return l.status();
    bytes += l->cube->MemoryBytes();
  }
  return bytes;
}

QueryCell DatasetService::Publish(const Cube::Cell& c, const Reader& who) const {
  QueryCell out;
  if (c.missing == c.rows) {
    out.status = 'M';
    return out;
  }
  out.value = who.exact ? c.sum : RoundRandomly(c.sum, c.key);
  out.small = !who.exact && *out.value <= kSmallCell;
  out.incomplete = c.missing > 0;
  out.status = c.provisional ? 'P' : c.estimated ? 'E' : 'A';
  return out;
}

namespace {

// Reads filters and period bounds into a selection, checking every code
// against the dimension's code list; violations go to `bad`.
Selection Select(const Cube& cube, const Dataset& dataset, const std::vector<Codelist>& lists,
                 const std::vector<std::vector<std::string>>& codes_per_dim,
                 const std::vector<std::string>& fields, const std::string& start,
                 const std::string& end, std::vector<core::FieldViolation>& bad) {
  const size_t n = cube.dims().size();
  Selection sel{.allowed = std::vector<std::vector<bool>>(n), .chosen = std::vector<bool>(n)};
  for (size_t d = 0; d < n; ++d) {
    const Cube::Dim& dim = cube.dims()[d];
    const std::vector<std::string>& codes = codes_per_dim[d];
    if (codes.empty()) continue;
    sel.chosen[d] = true;
    sel.allowed[d].assign(dim.codes.size(), false);
    const Codelist* list = nullptr;
    for (const Codelist& l : lists) {
      if (l.id == dataset.dimensions[d].codelist) list = &l;
    }
    for (const std::string& code : codes) {
      bool known = dim.index.contains(code);
      if (!known && list != nullptr) {
        known = std::any_of(list->codes.begin(), list->codes.end(),
                            [&](const Code& c) { return c.id == code; });
      }
      if (!known && dim.id == kTimeDimension) known = IsYear(code);
      if (!known) {
        bad.push_back(core::Violation(
            fields[d], kUnknownCode,
            {Cut(code, 40), dim.id, list != nullptr ? list->id : std::string("YYYY")}));
        continue;
      }
      if (auto it = dim.index.find(code); it != dim.index.end()) sel.allowed[d][it->second] = true;
    }
  }
  const int t = cube.DimIndex(kTimeDimension);
  if (!start.empty() && !IsYear(start)) bad.push_back(core::Violation("startPeriod", kBadPeriod));
  if (!end.empty() && !IsYear(end)) bad.push_back(core::Violation("endPeriod", kBadPeriod));
  if (!start.empty() && !end.empty() && IsYear(start) && IsYear(end) && start > end) {
    bad.push_back(core::Violation("startPeriod", kPeriodOrder));
  }
  if (t >= 0 && (!start.empty() || !end.empty())) {
    const Cube::Dim& time = cube.dims()[static_cast<size_t>(t)];
    auto& mask = sel.allowed[static_cast<size_t>(t)];
    if (mask.empty()) mask.assign(time.codes.size(), true);
    for (size_t i = 0; i < time.codes.size(); ++i) {
      if ((!start.empty() && time.codes[i] < start) || (!end.empty() && time.codes[i] > end)) {
        mask[i] = false;
      }
    }
    sel.chosen[static_cast<size_t>(t)] = true;
  }
  return sel;
}

int CountAllowed(const std::vector<bool>& mask, size_t size) {
  if (mask.empty()) return static_cast<int>(size);
  return static_cast<int>(std::count(mask.begin(), mask.end(), true));
}

// True if the mask holds every code of the dimension but its total.
bool AllButTotal(const Cube::Dim& dim, const std::vector<bool>& mask) {
  if (mask.empty() || dim.total < 0) return false;
  for (size_t i = 0; i < dim.codes.size(); ++i) {
    if (static_cast<int>(i) != dim.total && !mask[i]) return false;
  }
  return !mask[static_cast<size_t>(dim.total)];
}

std::vector<bool> Only(size_t size, size_t index) {
  std::vector<bool> m(size, false);
  m[index] = true;
  return m;
}

std::string Describe(const Cube::Dim& dim, const std::vector<bool>& mask) {
  std::vector<std::string> codes;
  for (size_t i = 0; i < dim.codes.size(); ++i) {
    if (mask.empty() || mask[i]) codes.push_back(dim.codes[i]);
  }
  return dim.id + "=" + (mask.empty() ? std::string("*") : absl::StrJoin(codes, "+"));
}

}  // namespace

absl::StatusOr<QueryResult> DatasetService::Run(const Query& q, const Reader& who) {
  absl::StatusOr<Loaded> l = Load(q.dataset, q.version, who);
  if (!l.ok()) return l.status();
  absl::StatusOr<std::shared_ptr<const Lists>> lists = LoadLists();
  if (!lists.ok()) return lists.status();
  const Cube& cube = *l->cube;
  const size_t n = cube.dims().size();
  std::vector<core::FieldViolation> bad;

  std::vector<int> group;
  for (const std::string& g : q.group_by) {
    const int d = cube.DimIndex(g);
    if (d < 0) {
      bad.push_back(
          core::Violation("groupBy", kUnknownDimension, {Cut(g, 40), DimensionList(l->dataset)}));
    } else if (std::find(group.begin(), group.end(), d) != group.end()) {
      bad.push_back(core::Violation("groupBy", kTwice, {g}));
    } else {
      group.push_back(d);
    }
  }
  std::vector<std::vector<std::string>> codes(n);
  std::vector<std::string> fields(n, "filter");
  for (const std::string& f : q.filters) {
    const size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == f.size()) {
      bad.push_back(core::Violation("filter", kBadFilter));
      continue;
    }
    const std::string dim = f.substr(0, eq);
    const int d = cube.DimIndex(dim);
    if (d < 0) {
      bad.push_back(
          core::Violation("filter", kUnknownDimension, {Cut(dim, 40), DimensionList(l->dataset)}));
      continue;
    }
    if (!codes[static_cast<size_t>(d)].empty()) {
      bad.push_back(core::Violation("filter", kTwice, {dim}));
      continue;
    }
    // "+" separates codes; a query string's unescaped "+" arrives as a space.
    codes[static_cast<size_t>(d)] =
        absl::StrSplit(f.substr(eq + 1), absl::ByAnyChar("+ "), absl::SkipEmpty());
  }
  if (q.top < 0 || q.top > 10000) bad.push_back(core::Violation("top", kBadTop));
  Selection sel =
      Select(cube, l->dataset, (*lists)->lists, codes, fields, q.start_period, q.end_period, bad);

  QueryResult r{
      .dataset = l->dataset, .version = l->version, .group_by = q.group_by, .exact = who.exact};
  // Fix what is not grouped: one period (the latest unless chosen), the
  // total code of a dimension that publishes one.
  const int t = cube.DimIndex(kTimeDimension);
  for (size_t d = 0; d < n; ++d) {
    if (std::find(group.begin(), group.end(), static_cast<int>(d)) != group.end()) continue;
    const Cube::Dim& dim = cube.dims()[d];
    auto& mask = sel.allowed[d];
    if (static_cast<int>(d) == t) {
      if (!sel.chosen[d] && !dim.codes.empty()) {
        const size_t latest = static_cast<size_t>(
            std::max_element(dim.codes.begin(), dim.codes.end()) - dim.codes.begin());
        mask = Only(dim.codes.size(), latest);
      } else if (CountAllowed(mask, dim.codes.size()) > 1) {
        bad.push_back(core::Violation("groupBy", kSumOverTime));
      }
    } else if (dim.total >= 0) {
      if (!sel.chosen[d] || AllButTotal(dim, mask)) {
        mask = Only(dim.codes.size(), static_cast<size_t>(dim.total));
      } else if (mask[static_cast<size_t>(dim.total)] && CountAllowed(mask, dim.codes.size()) > 1) {
        bad.push_back(core::Violation("filter", kTotalWithParts, {dim.id}));
      }
    }
    r.fixed.push_back(Describe(dim, mask));
  }
  size_t cells = 1;
  for (int g : group) {
    cells *= cube.dims()[static_cast<size_t>(g)].codes.size();
    if (cells > kMaxCells) break;  // before the product can overflow
  }
  if (cells > kMaxCells) bad.push_back(core::Violation("groupBy", kTooManyCells));
  std::vector<int> collapsible;  // grouped, not time
  for (int g : group) {
    if (g != t) collapsible.push_back(g);
  }
  if (q.totals && collapsible.size() > 4) bad.push_back(core::Violation("totals", kTooManyTotals));
  if (!bad.empty()) return core::InvalidFields(bad);

  auto key_of = [&](const Cube::Cell& c, const std::vector<int>& used) {
    std::vector<std::string> key;
    for (int g : group) {
      auto it = std::find(used.begin(), used.end(), g);
      key.push_back(it == used.end()
                        ? std::string(kTotalCode)
                        : cube.dims()[static_cast<size_t>(g)]
                              .codes[c.coords[static_cast<size_t>(it - used.begin())]]);
    }
    return key;
  };
  // The aggregate with the dimensions in `collapse` summed away.
  auto rollup = [&](uint32_t collapse) {
    std::vector<int> used;
    std::vector<std::vector<bool>> masks = sel.allowed;
    for (int g : group) {
      const auto pos = std::find(collapsible.begin(), collapsible.end(), g) - collapsible.begin();
      if (g != t && (collapse & (1U << pos)) != 0) {
        const Cube::Dim& dim = cube.dims()[static_cast<size_t>(g)];
        auto& mask = masks[static_cast<size_t>(g)];
        if (dim.total >= 0 && (!sel.chosen[static_cast<size_t>(g)] || AllButTotal(dim, mask))) {
          mask = Only(dim.codes.size(), static_cast<size_t>(dim.total));
        } else if (dim.total >= 0) {
          if (mask.empty()) mask.assign(dim.codes.size(), true);
          mask[static_cast<size_t>(dim.total)] = false;
        }
      } else {
        used.push_back(g);
      }
    }
    std::vector<std::pair<std::vector<std::string>, QueryCell>> out;
    for (const Cube::Cell& c : cube.Aggregate(used, masks)) {
      QueryCell cell = Publish(c, who);
      cell.key = key_of(c, used);
      out.emplace_back(cell.key, std::move(cell));
    }
    return out;
  };

  for (auto& [key, cell] : rollup(0)) r.cells.push_back(std::move(cell));
  if (!collapsible.empty()) {
    const uint32_t all = (1U << collapsible.size()) - 1;
    // Shares: of the total over every grouped dimension but time, per period.
    std::map<std::string, std::optional<int64_t>> totals;
    const auto tpos = std::find(group.begin(), group.end(), t) - group.begin();
    const bool time_grouped = t >= 0 && static_cast<size_t>(tpos) < group.size();
    for (auto& [key, cell] : rollup(all)) {
      totals[time_grouped ? key[static_cast<size_t>(tpos)] : ""] = cell.value;
      if (q.totals) r.margins.push_back(std::move(cell));
    }
    if (q.totals) {
      for (uint32_t m = 1; m < all; ++m) {
        for (auto& [key, cell] : rollup(m)) r.margins.push_back(std::move(cell));
      }
    }
    for (QueryCell& c : r.cells) {
      const auto& total = totals[time_grouped ? c.key[static_cast<size_t>(tpos)] : ""];
      if (c.value && total && *total > 0) c.share = static_cast<double>(*c.value) / *total;
    }
  }
  if (q.top > 0) {
    std::stable_sort(r.cells.begin(), r.cells.end(), [](const QueryCell& a, const QueryCell& b) {
      return a.value.value_or(-1) > b.value.value_or(-1);
    });
    if (r.cells.size() > static_cast<size_t>(q.top)) r.cells.resize(static_cast<size_t>(q.top));
  }
  return r;
}

absl::StatusOr<std::vector<SeriesObservation>> DatasetService::Series(const SeriesQuery& q,
                                                                      const Reader& who,
                                                                      Dataset* dataset) {
  absl::StatusOr<Loaded> l = Load(q.dataset, q.version, who);
  if (!l.ok()) return l.status();
  absl::StatusOr<std::shared_ptr<const Lists>> lists = LoadLists();
  if (!lists.ok()) return lists.status();
  const Cube& cube = *l->cube;
  const size_t n = cube.dims().size();
  const int t = cube.DimIndex(kTimeDimension);
  std::vector<core::FieldViolation> bad;
  std::vector<std::vector<std::string>> codes(n);
  const size_t parts_wanted = n - (t >= 0 ? 1 : 0);
  if (!q.key.empty() && q.key != "all") {
    std::vector<std::string> parts = absl::StrSplit(q.key, '.');
    if (parts.size() != parts_wanted) {
      std::vector<std::string> ids;
      for (const auto& d : cube.dims()) {
        if (d.id != kTimeDimension) ids.push_back(d.id);
      }
      bad.push_back(core::Violation(
          "key", kKeyParts,
          {std::to_string(parts.size()), std::to_string(parts_wanted), absl::StrJoin(ids, ".")}));
    } else {
      size_t p = 0;
      for (size_t d = 0; d < n; ++d) {
        if (static_cast<int>(d) == t) continue;
        if (!parts[p].empty()) codes[d] = absl::StrSplit(parts[p], '+');
        ++p;
      }
    }
  }
  const std::vector<std::string> fields(n, "key");
  Selection sel =
      Select(cube, l->dataset, (*lists)->lists, codes, fields, q.start_period, q.end_period, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  std::vector<int> every(n);
  for (size_t d = 0; d < n; ++d) every[d] = static_cast<int>(d);
  std::vector<SeriesObservation> out;
  for (const Cube::Cell& c : cube.Aggregate(every, sel.allowed)) {
    SeriesObservation o;
    for (size_t d = 0; d < n; ++d) o.key.push_back(cube.dims()[d].codes[c.coords[d]]);
    o.cell = Publish(c, who);
    o.note = cube.Note(o.key);
    out.push_back(std::move(o));
  }
  *dataset = l->dataset;
  return out;
}

}  // namespace atlas::stats
