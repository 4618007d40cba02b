// A programming version's budget lines as files: CSV for spreadsheets, and a
// Fiscal Data Package (Frictionless Data Package with a Table Schema and the
// fiscal model: CE and CP as measures in MAD, programme, region, action,
// chapter and year as dimensions) for open budget tools.
#ifndef ATLAS_INDICATORS_DOMAIN_BUDGET_EXPORT_H_
#define ATLAS_INDICATORS_DOMAIN_BUDGET_EXPORT_H_

#include <string>
#include <vector>

#include "indicators/domain/programming.h"

namespace atlas::indicators {

// One row per line; texts a spreadsheet would evaluate are guarded; `demo`
// column says whether the programme is demo data.
std::string BudgetCsv(const std::vector<BudgetLine>& lines,
                      const std::function<bool(const std::string& programme)>& is_demo);

// datapackage.json with the lines inline (one tabular data resource).
std::string FiscalDataPackage(const ProgrammingVersion& version,
                              const std::vector<BudgetLine>& lines,
                              const std::function<bool(const std::string& programme)>& is_demo);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_BUDGET_EXPORT_H_
