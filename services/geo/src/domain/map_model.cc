// The in-memory map model.
#include "geo/domain/map_model.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace atlas::geo {
namespace {

bool AnyOf(const std::vector<std::string>& wanted, const std::vector<std::string>& have) {
  if (wanted.empty()) return true;
  return std::any_of(have.begin(), have.end(), [&](const std::string& h) {
    return std::find(wanted.begin(), wanted.end(), h) != wanted.end();
  });
}

std::string Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return absl::StrJoin(v, ",");
}

}  // namespace

bool MapFilter::Matches(const MapProject& p) const {
  if (!AnyOf(themes, p.themes) || !AnyOf(diaspora_countries, p.diaspora_countries) ||
      !AnyOf(organisations, p.organisations) || !AnyOf(regions, p.regions) ||
      !AnyOf(target_groups, p.target_groups)) {
    return false;
  }
  if (!statuses.empty() &&
      std::find(statuses.begin(), statuses.end(), p.status) == statuses.end()) {
    return false;
  }
  // Runs in some year of [year_from, year_to]; projects without years match
  // only when no year is asked for.
  if (year_from != 0 && (p.year_to == 0 || p.year_to < year_from)) return false;
  if (year_to != 0 && (p.year_from == 0 || p.year_from > year_to)) return false;
  return true;
}

std::string MapFilter::Key() const {
  return absl::StrCat("t=", Sorted(themes), "|s=", Sorted(statuses), "|o=", Sorted(organisations),
                      "|d=", Sorted(diaspora_countries), "|r=", Sorted(regions),
                      "|g=", Sorted(target_groups), "|y=", year_from, "-", year_to,
                      "|w=", within_text);
}

MapModel::MapModel(std::vector<MapProject> rows, std::vector<Area> areas, int64_t generation)
    : rows_(std::move(rows)), areas_(std::move(areas)), generation_(generation) {
  for (size_t i = 0; i < areas_.size(); ++i) {
    area_index_[areas_[i].level + ":" + areas_[i].code] = i;
  }
  std::set<std::string> themes;
  for (size_t i = 0; i < rows_.size(); ++i) {
    MapProject& p = rows_[i];
    // A province's region counts as the project's region too.
    p.regions = RegionsOf(p);
    auto& v = versions_.try_emplace(p.name, -1, -1).first->second;
    (p.published ? v.first : v.second) = static_cast<int>(i);
    themes.insert(p.themes.begin(), p.themes.end());
  }
  theme_slots_.assign(themes.begin(), themes.end());
}

const Area* MapModel::FindArea(const std::string& level, const std::string& code) const {
  auto it = area_index_.find(level + ":" + code);
  return it == area_index_.end() ? nullptr : &areas_[it->second];
}

std::vector<std::string> MapModel::RegionsOf(const MapProject& p) const {
  std::vector<std::string> out = p.regions;
  for (const auto& code : p.provinces) {
    const Area* a = FindArea("province", code);
    if (a != nullptr && std::find(out.begin(), out.end(), a->parent) == out.end()) {
      out.push_back(a->parent);
    }
  }
  return out;
}

std::vector<const MapProject*> MapModel::Select(const Viewer& viewer,
                                                const MapFilter& filter) const {
  std::vector<const MapProject*> out;
  for (const auto& [name, v] : versions_) {
    const MapProject* pub = v.first >= 0 ? &rows_[v.first] : nullptr;
    const MapProject* work = v.second >= 0 ? &rows_[v.second] : nullptr;
    const MapProject* shown = pub;
    if (work != nullptr && viewer.SeesWorkingCopy(*work)) shown = work;
    if (shown == nullptr || !filter.Matches(*shown)) continue;
    Placed placed;
    if (filter.within &&
        !(Place(*shown, &placed) && filter.within->Contains(placed.lng, placed.lat))) {
      continue;
    }
    out.push_back(shown);
  }
  return out;
}

bool MapModel::Place(const MapProject& p, Placed* out) const {
  out->project = &p;
  out->approximate = !p.has_point;
  if (p.has_point) {
    out->lng = p.lng;
    out->lat = p.lat;
    return true;
  }
  for (const char* level : {"province", "region"}) {
    for (const auto& code : std::string(level) == "province" ? p.provinces : p.regions) {
      if (const Area* a = FindArea(level, code)) {
        out->lng = a->label_lng;
        out->lat = a->label_lat;
        return true;
      }
    }
  }
  return false;
}

std::shared_ptr<const ProjectIndex> MapModel::Index(const Viewer& viewer,
                                                    const MapFilter& filter) const {
  const std::string key = viewer.Key() + "#" + filter.Key();
  if (auto cached = indexes_.Get(key)) return cached;
  auto index = std::make_shared<ProjectIndex>();
  index->theme_slots = theme_slots_;
  std::vector<ClusterPoint> points;
  for (const MapProject* p : Select(viewer, filter)) {
    Placed placed;
    if (!Place(*p, &placed)) continue;
    uint16_t bits = 0;
    for (const auto& t : p->themes) {
      auto slot = std::lower_bound(theme_slots_.begin(), theme_slots_.end(), t);
      const auto i = slot - theme_slots_.begin();
      if (i < kMaxThemes) bits |= static_cast<uint16_t>(1u << i);
    }
    index->placed.push_back(placed);
    points.push_back({placed.lng, placed.lat, bits});
  }
  index->clusters = ClusterIndex(points, {});
  indexes_.Put(key, index);
  return index;
}

std::shared_ptr<const Rendered> ProjectIndex::Render(const std::string& key,
                                                     const std::function<Rendered()>& make) const {
  if (auto cached = responses_.Get(key)) return cached;
  auto made = std::make_shared<const Rendered>(make());
  if (made->body.size() <= kMaxCachedBody) responses_.Put(key, made);
  return made;
}

const std::string& TitleIn(const MapProject& p, core::Lang lang, core::Lang* shown) {
  auto at = [&](core::Lang l) -> const std::string& { return p.title[static_cast<int>(l)]; };
  *shown = lang;
  if (!at(lang).empty()) return at(lang);
  for (core::Lang l : {core::Lang::kFr, core::Lang::kAr, core::Lang::kEn}) {
    if (p.original_language == core::LanguageTag(l) && !at(l).empty()) {
      *shown = l;
      return at(l);
    }
  }
  for (core::Lang l : {core::Lang::kFr, core::Lang::kEn, core::Lang::kAr}) {
    if (!at(l).empty()) {
      *shown = l;
      return at(l);
    }
  }
  return at(lang);
}

}  // namespace atlas::geo
