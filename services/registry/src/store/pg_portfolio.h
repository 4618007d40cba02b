// The portfolio analysis (AnalyzePortfolio) in SQL over the search rows.
#ifndef ATLAS_REGISTRY_STORE_PG_PORTFOLIO_H_
#define ATLAS_REGISTRY_STORE_PG_PORTFOLIO_H_

#include "absl/status/statusor.h"
#include "atlas/registry/v1/registry_service.pb.h"
#include "registry/domain/dialogue_ports.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

// The published versions (`working_copies` false) or every working copy.
absl::StatusOr<v1::PortfolioAnalysis> AnalyzePortfolio(db::Pool& pool, bool working_copies);

// The fixed indicative rates budgets are converted to EUR with, and since when.
absl::StatusOr<v1::IndicativeRates> LoadIndicativeRates(db::Pool& pool);

class PgPortfolio final : public PortfolioAnalyzer {
 public:
  explicit PgPortfolio(db::Pool& pool) : pool_(pool) {}
  absl::StatusOr<v1::PortfolioAnalysis> Analyze(bool working_copies) override {
    return AnalyzePortfolio(pool_, working_copies);
  }

 private:
  db::Pool& pool_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_PORTFOLIO_H_
