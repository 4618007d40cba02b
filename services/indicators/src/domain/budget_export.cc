// CSV and Fiscal Data Package of a programming version.
#include "indicators/domain/budget_export.h"

#include "absl/strings/str_cat.h"
#include "atlas/core/json.h"
#include "atlas/core/text_formats.h"

namespace atlas::indicators {
namespace {

constexpr const char* kHeader =
    "programme,region,action,chapter,year,ce_mad,cp_mad,committed_mad,paid_mad,reason,demo\r\n";

std::string Optional(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }

// A dimension of the fiscal model with one attribute of the same name.
nlohmann::json Dimension(const char* name, const char* type) {
  return {
      {"attributes", {{name, {{"source", name}}}}}, {"primaryKey", name}, {"dimensionType", type}};
}

}  // namespace

std::string BudgetCsv(const std::vector<BudgetLine>& lines,
                      const std::function<bool(const std::string& programme)>& is_demo) {
  std::string out = kHeader;
  for (const BudgetLine& l : lines) {
    absl::StrAppend(&out, core::CsvField(l.key.programme), ",", core::CsvField(l.key.region), ",",
                    core::CsvField(l.key.action), ",", l.key.chapter, ",", l.key.year, ",", l.ce,
                    ",", l.cp, ",", Optional(l.committed), ",", Optional(l.paid), ",",
                    core::CsvTextField(l.reason), ",", is_demo(l.key.programme) ? "true" : "false",
                    "\r\n");
  }
  return out;
}

std::string FiscalDataPackage(const ProgrammingVersion& version,
                              const std::vector<BudgetLine>& lines,
                              const std::function<bool(const std::string& programme)>& is_demo) {
  using nlohmann::json;
  auto field = [](const char* name, const char* type, const char* title, bool required) {
    json f = {{"name", name}, {"type", type}, {"title", title}};
    if (required) f["constraints"] = {{"required", true}};
    return f;
  };
  json fields = json::array(
      {field("programme", "string", "Programme", true), field("region", "string", "Region", true),
       field("action", "string", "Action (empty: none)", false),
       field("chapter", "string", "Chapter", true), field("year", "integer", "Year", true),
       field("ce", "integer", "Commitment credits (CE), MAD", true),
       field("cp", "integer", "Payment credits (CP), MAD", true),
       field("committed", "integer", "Committed, MAD", false),
       field("paid", "integer", "Paid, MAD", false), field("reason", "string", "Reason", false),
       field("demo", "boolean", "Demo data", true)});
  fields[3]["constraints"]["enum"] = json::array({"PERSONNEL", "MDD", "INVESTISSEMENT"});
  for (const char* money : {"ce", "cp"}) {
    for (json& f : fields) {
      if (f["name"] == money) f["constraints"]["minimum"] = 0;
    }
  }
  // Inline rows: a header row, then one array per line (the form the
  // Frictionless libraries read).
  json data = json::array();
  json header = json::array();
  for (const json& f : fields) header.push_back(f["name"]);
  data.push_back(header);
  bool any_demo = false;
  for (const BudgetLine& l : lines) {
    const bool demo = is_demo(l.key.programme);
    any_demo = any_demo || demo;
    data.push_back(
        json::array({l.key.programme, l.key.region, l.key.action, l.key.chapter, l.key.year, l.ce,
                     l.cp, l.committed ? json(*l.committed) : json(nullptr),
                     l.paid ? json(*l.paid) : json(nullptr), l.reason, demo}));
  }
  const std::string years =
      std::to_string(version.first_year) + "-" + std::to_string(version.first_year + 2);
  json package = {
      {"profile", "fiscal-data-package"},
      {"name", "sharaka-atlas-programming-" + std::to_string(version.id)},
      {"title", "Three-year budget programming " + years + " (version " +
                    std::to_string(version.id) + ", " + version.state + ")" +
                    (any_demo ? " - demo data, not the finance law's figures" : "")},
      {"fiscalPeriod",
       {{"start", std::to_string(version.first_year) + "-01-01"},
        {"end", std::to_string(version.first_year + 2) + "-12-31"}}},
      {"currency", "MAD"},
      {"resources", json::array({{{"name", "budget-lines"},
                                  {"profile", "tabular-data-resource"},
                                  {"data", data},
                                  {"schema",
                                   {{"fields", fields},
                                    {"primaryKey", json::array({"programme", "region", "action",
                                                                "chapter", "year"})}}}}})},
      {"model",
       {{"measures",
         {{"ce",
           {{"source", "ce"},
            {"currency", "MAD"},
            {"direction", "expenditure"},
            {"phase", "proposed"}}},
          {"cp",
           {{"source", "cp"},
            {"currency", "MAD"},
            {"direction", "expenditure"},
            {"phase", "proposed"}}},
          {"committed",
           {{"source", "committed"},
            {"currency", "MAD"},
            {"direction", "expenditure"},
            {"phase", "executed"}}},
          {"paid",
           {{"source", "paid"},
            {"currency", "MAD"},
            {"direction", "expenditure"},
            {"phase", "executed"}}}}},
        {"dimensions",
         {{"programme", Dimension("programme", "classification")},
          {"region", Dimension("region", "location")},
          {"action", Dimension("action", "activity")},
          {"chapter", Dimension("chapter", "classification")},
          {"year", Dimension("year", "datetime")}}}}}};
  return core::DumpJson(package, 1);
}

}  // namespace atlas::indicators
