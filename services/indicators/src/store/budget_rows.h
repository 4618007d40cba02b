// Budget lines written many to a statement: a rolled or promoted version's
// lines, a thousand per INSERT (unnest of array parameters).
#ifndef ATLAS_INDICATORS_STORE_BUDGET_ROWS_H_
#define ATLAS_INDICATORS_STORE_BUDGET_ROWS_H_

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "indicators/domain/programming.h"

namespace atlas::indicators {

// Inserts new `lines` into `version` (revision 1, updated by `actor`).
void InsertBudgetLines(pqxx::work& tx, int version, const std::vector<BudgetLine>& lines,
                       const std::string& actor);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_STORE_BUDGET_ROWS_H_
