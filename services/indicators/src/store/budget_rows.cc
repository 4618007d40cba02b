// Budget lines written many to a statement.
#include "indicators/store/budget_rows.h"

#include <algorithm>
#include <optional>

namespace atlas::indicators {
namespace {

// A PostgreSQL array literal of `items` (each quoted, or NULL), passed as
// one parameter: many lines in one statement.
std::string ArrayLiteral(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    if (!item) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace

void InsertBudgetLines(pqxx::work& tx, int version, const std::vector<BudgetLine>& lines,
                       const std::string& actor) {
  constexpr size_t kChunk = 1000;
  for (size_t from = 0; from < lines.size(); from += kChunk) {
    std::vector<std::optional<std::string>> cols[10];
    for (size_t i = from; i < std::min(lines.size(), from + kChunk); ++i) {
      const BudgetLine& l = lines[i];
      auto number = [](const std::optional<int64_t>& v) {
        return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
      };
      cols[0].emplace_back(l.key.programme);
      cols[1].emplace_back(l.key.region);
      cols[2].emplace_back(l.key.action);
      cols[3].emplace_back(l.key.chapter);
      cols[4].emplace_back(std::to_string(l.key.year));
      cols[5].emplace_back(std::to_string(l.ce));
      cols[6].emplace_back(std::to_string(l.cp));
      cols[7].push_back(number(l.committed));
      cols[8].push_back(number(l.paid));
      cols[9].emplace_back(l.reason);
    }
    tx.exec_params(
        "INSERT INTO budget_lines (version_id, programme_id, region, action_id, chapter, year, ce,"
        " cp, committed, paid, reason, revision, updated_by)"
        " SELECT $1, p, r, a, c, y, ce, cp, cm, pd, rs, 1, $2 FROM unnest($3::text[], $4::text[],"
        " $5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[], $10::bigint[],"
        " $11::bigint[], $12::text[]) AS t (p, r, a, c, y, ce, cp, cm, pd, rs)",
        version, actor, ArrayLiteral(cols[0]), ArrayLiteral(cols[1]), ArrayLiteral(cols[2]),
        ArrayLiteral(cols[3]), ArrayLiteral(cols[4]), ArrayLiteral(cols[5]), ArrayLiteral(cols[6]),
        ArrayLiteral(cols[7]), ArrayLiteral(cols[8]), ArrayLiteral(cols[9]));
  }
}

}  // namespace atlas::indicators
