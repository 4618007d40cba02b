// Budget programming use cases.
#include "indicators/domain/programming_service.h"

#include "atlas/core/etag.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"
#include "atlas/indicators/events/v1/programming_events.pb.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kNoVersion = {"there is no programming version {0}",
                                   "il n'y a pas de version de programmation {0}",
                                   "لا توجد نسخة برمجة {0}"};
constexpr core::Text kLineExists = {"this line already exists: send the etag you read to change it",
                                    "cette ligne existe déjà : envoyez l'etag lu pour la modifier",
                                    "هذا السطر موجود: أرسل الوسم etag الذي قرأته لتعديله"};

std::string NameOf(int id) { return "programmings/" + std::to_string(id); }

absl::Status Worded(const absl::Status& s, int id) {
  if (!absl::IsNotFound(s)) return s;
  return core::Error(absl::StatusCode::kNotFound, kNoVersion, {NameOf(id)});
}

}  // namespace

absl::StatusOr<std::vector<ProgrammingVersion>> ProgrammingService::Versions(bool drafts) {
  absl::StatusOr<std::vector<ProgrammingVersion>> all = store_.Versions();
  if (!all.ok() || drafts) return all;
  std::erase_if(*all, [](const ProgrammingVersion& v) { return v.state != "adopted"; });
  return all;
}

absl::StatusOr<ProgrammingVersion> ProgrammingService::Version(int id, bool drafts) {
  absl::StatusOr<ProgrammingVersion> v = store_.Version(id);
  if (!v.ok()) return Worded(v.status(), id);
  if (!drafts && v->state != "adopted") return Worded(absl::NotFoundError(""), id);
  return v;
}

absl::StatusOr<std::vector<BudgetLine>> ProgrammingService::Lines(int version,
                                                                  const std::string& programme,
                                                                  bool drafts) {
  absl::StatusOr<ProgrammingVersion> v = Version(version, drafts);
  if (!v.ok()) return v.status();
  if (v->state != "adopted") return store_.Lines(version, programme);
  absl::StatusOr<Cached> all = AdoptedLines(*v);
  if (!all.ok()) return all.status();
  if (programme.empty()) return **all;
  std::vector<BudgetLine> out;
  for (const BudgetLine& l : **all) {
    if (l.key.programme == programme) out.push_back(l);
  }
  return out;
}

absl::StatusOr<ProgrammingService::Cached> ProgrammingService::AdoptedLines(
    const ProgrammingVersion& v) {
  {
    std::lock_guard lock(mu_);
    if (auto it = adopted_.find(v.id); it != adopted_.end()) return it->second;
  }
  absl::StatusOr<std::vector<BudgetLine>> lines = store_.Lines(v.id, "");
  if (!lines.ok()) return lines.status();
  auto cached = std::make_shared<const std::vector<BudgetLine>>(*std::move(lines));
  std::lock_guard lock(mu_);
  adopted_[v.id] = cached;
  while (adopted_.size() > kCachedVersions) adopted_.erase(adopted_.begin());  // the oldest
  return cached;
}

absl::StatusOr<BudgetLine> ProgrammingService::SetLine(int version, const BudgetLine& line,
                                                       const std::string& etag,
                                                       const std::string& actor) {
  std::optional<int64_t> want;
  if (!etag.empty()) {
    want = core::RevisionOfEtag(etag);
    if (!want)
      return core::InvalidFields({core::Violation("line.etag", core::texts::kOneOf, {"r<n>"})});
  }
  if (absl::Status k = CheckLineKey(line.key); !k.ok()) return k;
  absl::StatusOr<BudgetLine> out = store_.SetLine(
      version, line.key,
      [&](const ProgrammingVersion& v, const std::vector<BudgetLine>& series,
          const std::optional<BudgetLine>& current) -> absl::StatusOr<BudgetLine> {
        if (absl::Status w = CheckWritable(v); !w.ok()) return w;
        if (current && !want) {
          return core::Error(absl::StatusCode::kAborted, kLineExists);
        }
        if (want && (!current || current->revision != *want)) {
          return core::Error(absl::StatusCode::kAborted, core::texts::kChangedSinceRead,
                             {NameOf(v.id) + " line"});
        }
        if (absl::Status c = CheckLine(v, line, series); !c.ok()) return c;
        return line;
      },
      actor);
  if (!out.ok()) return Worded(out.status(), version);
  return out;
}

absl::StatusOr<ProgrammingVersion> ProgrammingService::Adopt(int version,
                                                             const std::string& actor) {
  absl::StatusOr<ProgrammingVersion> v = store_.Adopt(
      version, actor,
      [&](const ProgrammingVersion& current,
          const std::vector<BudgetLine>& lines) -> absl::StatusOr<OutboxEvent> {
        if (absl::Status w = CheckWritable(current); !w.ok()) return w;
        events::v1::ProgrammingAdopted e;
        e.set_name(NameOf(current.id));
        e.set_first_year(current.first_year);
        e.set_lines(static_cast<int64_t>(lines.size()));
        for (const BudgetLine& l : lines) {
          e.set_ce_total(e.ce_total() + l.ce);
          e.set_cp_total(e.cp_total() + l.cp);
        }
        e.set_actor(actor);
        return OutboxEvent{"ma.sharaka.atlas.programming.adopted.v1",
                           "atlas.indicators.programming.adopted", e.name(), e.SerializeAsString()};
      });
  if (!v.ok()) return Worded(v.status(), version);
  return v;
}

absl::StatusOr<ProgrammingVersion> ProgrammingService::Roll(int from, const std::string& actor) {
  absl::StatusOr<ProgrammingVersion> v = store_.Roll(
      from, actor,
      [](const ProgrammingVersion& source,
         const std::vector<BudgetLine>& lines) -> absl::StatusOr<std::vector<BudgetLine>> {
        if (absl::Status r = CheckRollable(source); !r.ok()) return r;
        return indicators::Roll(source, lines);
      },
      [&](const ProgrammingVersion& created, size_t lines) {
        events::v1::ProgrammingRolled e;
        e.set_name(NameOf(created.id));
        e.set_rolled_from(NameOf(from));
        e.set_first_year(created.first_year);
        e.set_lines(static_cast<int64_t>(lines));
        e.set_actor(actor);
        return OutboxEvent{"ma.sharaka.atlas.programming.rolled.v1",
                           "atlas.indicators.programming.rolled", e.name(), e.SerializeAsString()};
      });
  if (!v.ok()) return Worded(v.status(), from);
  return v;
}

absl::StatusOr<std::vector<LineChange>> ProgrammingService::Compare(int from, int to, bool drafts) {
  // Adopted versions straight from memory (no copy); drafts read.
  auto lines = [&](int id) -> absl::StatusOr<Cached> {
    absl::StatusOr<ProgrammingVersion> v = Version(id, drafts);
    if (!v.ok()) return v.status();
    if (v->state == "adopted") return AdoptedLines(*v);
    absl::StatusOr<std::vector<BudgetLine>> l = store_.Lines(id, "");
    if (!l.ok()) return l.status();
    return std::make_shared<const std::vector<BudgetLine>>(*std::move(l));
  };
  absl::StatusOr<Cached> a = lines(from);
  if (!a.ok()) return a.status();
  absl::StatusOr<Cached> b = lines(to);
  if (!b.ok()) return b.status();
  return indicators::Compare(**a, **b);
}

}  // namespace atlas::indicators
