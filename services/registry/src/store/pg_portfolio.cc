// The portfolio analysis in SQL: one row per project version in
// project_search (public = the published version), budgets in EUR at the
// fixed indicative rates of currency_rates.
#include "registry/store/pg_portfolio.h"

#include <algorithm>
#include <map>

#include <pqxx/pqxx>

#include "atlas/db/pool.h"
#include "google/protobuf/util/json_util.h"
#include "registry/domain/quality.h"

namespace atlas::registry {
namespace {

// $1: true for the published versions.
constexpr char kTotals[] = R"sql(
SELECT count(*)::int, COALESCE(sum(s.budget_eur), 0), (count(*) FILTER (WHERE p.demo))::int
FROM project_search s JOIN projects p ON p.id = s.project_id WHERE s.public = $1)sql";

constexpr char kRates[] = R"sql(
SELECT code, per_eur, to_char(as_of, 'YYYY-MM-DD') FROM currency_rates ORDER BY code)sql";

constexpr char kCells[] = R"sql(
SELECT t, r, count(*)::int, COALESCE(sum(s.budget_eur), 0)
FROM project_search s, unnest(s.themes) t, unnest(s.region_codes) r
WHERE s.public = $1 GROUP BY t, r ORDER BY t, r)sql";

constexpr char kByTheme[] = R"sql(
SELECT t, count(*)::int, COALESCE(sum(s.budget_eur), 0)
FROM project_search s, unnest(s.themes) t WHERE s.public = $1 GROUP BY t ORDER BY 2 DESC, t)sql";

constexpr char kByRegion[] = R"sql(
SELECT r, count(*)::int, COALESCE(sum(s.budget_eur), 0)
FROM project_search s, unnest(s.region_codes) r WHERE s.public = $1 GROUP BY r ORDER BY r)sql";

// The version's own budget lines, each in EUR.
constexpr char kByYear[] = R"sql(
SELECT (b->>'year')::int AS y, sum((b->>'amount')::float8 / COALESCE(c.per_eur, 1))
FROM project_search s
JOIN projects p ON p.id = s.project_id
CROSS JOIN LATERAL (SELECT CASE WHEN s.public THEN p.published_doc ELSE p.doc END AS d) v
CROSS JOIN LATERAL jsonb_array_elements(COALESCE(v.d->'budget', '[]'::jsonb)) b
LEFT JOIN currency_rates c ON c.code = COALESCE(v.d->>'currency', 'MAD')
WHERE s.public = $1 AND b ? 'year'
GROUP BY y ORDER BY y)sql";

constexpr char kPartners[] = R"sql(
SELECT o, count(*)::int, COALESCE(sum(s.budget_eur), 0)
FROM project_search s, unnest(s.organisations) o WHERE s.public = $1
GROUP BY o ORDER BY 2 DESC, 3 DESC, o LIMIT 50)sql";

// Pairs sharing a theme and a region whose texts are alike (pg_trgm).
constexpr char kOverlaps[] = R"sql(
SELECT a.project_id::text, b.project_id::text, public.similarity(a.trgm, b.trgm) AS score,
       COALESCE(NULLIF(a.title_fr, ''), NULLIF(a.title_en, ''), a.title_ar),
       COALESCE(NULLIF(b.title_fr, ''), NULLIF(b.title_en, ''), b.title_ar)
FROM project_search a
JOIN project_search b ON b.public = a.public AND a.project_id < b.project_id
  AND a.themes && b.themes AND a.region_codes && b.region_codes
  AND a.trgm OPERATOR(public.%) b.trgm
WHERE a.public = $1 AND public.similarity(a.trgm, b.trgm) >= 0.5
ORDER BY score DESC, 1, 2 LIMIT 50)sql";

constexpr char kRecords[] = R"sql(
SELECT p.id::text, s.organisation_id, s.state,
       (CASE WHEN s.public THEN p.published_doc ELSE p.doc END)::text,
       floor(extract(epoch FROM now() - p.update_time) / 86400)::int, p.published_revision > 0
FROM project_search s JOIN projects p ON p.id = s.project_id WHERE s.public = $1)sql";

void AddTotals(const pqxx::result& r,
               google::protobuf::RepeatedPtrField<v1::PortfolioAnalysis::Total>* out) {
  for (const auto& row : r) {
    auto* t = out->Add();
    t->set_code(row[0].as<std::string>());
    t->set_projects(row[1].as<int>());
    t->set_budget_eur(row[2].as<double>());
  }
}

}  // namespace

absl::StatusOr<v1::PortfolioAnalysis> AnalyzePortfolio(db::Pool& pool, bool working_copies) {
  v1::PortfolioAnalysis out;
  const bool published = !working_copies;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    const pqxx::row totals = tx.exec_params1(kTotals, published);
    out.set_total_projects(totals[0].as<int>());
    out.set_total_budget_eur(totals[1].as<double>());
    out.set_demo_projects(totals[2].as<int>());
    for (const auto& row : tx.exec_params(kCells, published)) {
      auto* c = out.add_cells();
      c->set_theme(row[0].as<std::string>());
      c->set_region_code(row[1].as<std::string>());
      c->set_projects(row[2].as<int>());
      c->set_budget_eur(row[3].as<double>());
    }
    AddTotals(tx.exec_params(kByTheme, published), out.mutable_themes());
    AddTotals(tx.exec_params(kByRegion, published), out.mutable_regions());
    for (const auto& row : tx.exec_params(kByYear, published)) {
      auto* y = out.add_budget_by_year();
      y->set_year(row[0].as<int>());
      y->set_budget_eur(row[1].as<double>());
    }
    for (const auto& row : tx.exec_params(kPartners, published)) {
      auto* p = out.add_partners();
      p->set_organisation(row[0].as<std::string>());
      p->set_projects(row[1].as<int>());
      p->set_budget_eur(row[2].as<double>());
    }
    for (const auto& row : tx.exec_params(kOverlaps, published)) {
      auto* o = out.add_overlaps();
      o->set_project("projects/" + row[0].as<std::string>());
      o->set_other("projects/" + row[1].as<std::string>());
      o->set_score(row[2].as<double>());
      o->set_title(row[3].as<std::string>());
      o->set_other_title(row[4].as<std::string>());
    }
    std::map<std::string, std::pair<int, int>> by_org;  // projects, score sum
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    for (const auto& row : tx.exec_params(kRecords, published)) {
      v1::Project p;
      (void)google::protobuf::util::JsonStringToMessage(row[3].as<std::string>(), &p, options);
      const QualityScore q = ScoreQuality(p, row[4].as<int>(), row[5].as<bool>());
      auto* out_q = out.add_quality();
      out_q->set_project("projects/" + row[0].as<std::string>());
      const auto& t = p.title();
      out_q->set_title(!t.fr().empty() ? t.fr() : !t.en().empty() ? t.en() : t.ar());
      out_q->set_organisation("organisations/" + row[1].as<std::string>());
      out_q->set_score(q.score);
      for (const auto& m : q.missing) out_q->add_missing(m);
      out_q->set_days_since_update(row[4].as<int>());
      out_q->set_state(static_cast<v1::ProjectState>(row[2].as<int>()));
      auto& [n, sum] = by_org[out_q->organisation()];
      ++n;
      sum += q.score;
    }
    std::sort(out.mutable_quality()->begin(), out.mutable_quality()->end(),
              [](const auto& a, const auto& b) {
                return a.score() != b.score() ? a.score() < b.score() : a.project() < b.project();
              });
    for (const auto& [org, agg] : by_org) {
      auto* pq = out.add_partner_quality();
      pq->set_organisation(org);
      pq->set_projects(agg.first);
      pq->set_average_score((agg.second + agg.first / 2) / agg.first);
    }
    std::sort(out.mutable_partner_quality()->begin(), out.mutable_partner_quality()->end(),
              [](const auto& a, const auto& b) {
                return a.average_score() != b.average_score()
                           ? a.average_score() < b.average_score()
                           : a.organisation() < b.organisation();
              });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::IndicativeRates> LoadIndicativeRates(db::Pool& pool) {
  v1::IndicativeRates out;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row : tx.exec(kRates)) {
      (*out.mutable_per_eur())[row[0].as<std::string>()] = row[1].as<double>();
      // One date for the set: the latest change.
      out.set_as_of(std::max(out.as_of(), row[2].as<std::string>()));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace atlas::registry
