// How the registry's searches ask PostgreSQL for text.
#include "registry/store/pg_text_query.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "registry/domain/search_text.h"
#include "registry/store/pg_documents.h"

namespace atlas::registry {

std::string TextQueryOf(pqxx::transaction_base& tx, const std::vector<text::QueryWord>& words,
                        const char* vocabulary) {
  if (words.empty()) return "";
  return TextQueryJson(TextPlanOf(tx, words, vocabulary));
}

TextQuery TextPlanOf(pqxx::transaction_base& tx, const std::vector<text::QueryWord>& words,
                     const char* vocabulary) {
  if (words.empty()) return {};
  const VocabularyProbe probe = ProbeOf(words);
  std::vector<std::string> near;
  for (const auto& r :
       tx.exec_params(absl::StrCat(R"sql(
SELECT term FROM )sql",
                                   vocabulary, R"sql( WHERE term = ANY(json_texts($2::jsonb))
UNION
SELECT v.term FROM unnest(json_texts($1::jsonb)) f(form),
  LATERAL (SELECT term FROM )sql",
                                   vocabulary, R"sql(
           WHERE term OPERATOR(public.%) f.form AND abs(length(term) - length(f.form)) <= 2
           ORDER BY public.similarity(term, f.form) DESC LIMIT 20) v)sql"),
                      JsonArray(probe.forms), JsonArray(probe.prefixes))) {
    near.push_back(r[0].as<std::string>());
  }
  return PlanTextQuery(words, near);
}

void AddVocabulary(pqxx::transaction_base& tx, const char* vocabulary,
                   const std::vector<std::string>& terms) {
  tx.exec_params0(absl::StrCat("INSERT INTO ", vocabulary,
                               " SELECT t FROM unnest(json_texts($1::jsonb)) t ORDER BY t "
                               "ON CONFLICT DO NOTHING"),
                  JsonArray(terms));
}

std::string TsQuery(absl::string_view param, const std::string& key, int i) {
  if (i < 0) return absl::StrCat("(SELECT to_tsquery('simple', (", param, "::jsonb)->>'any'))");
  return absl::StrCat("(SELECT to_tsquery('simple', (", param, "::jsonb)->'words'->", i, "->>'",
                      key, "'))");
}

std::string Relevance(absl::string_view param, absl::string_view terms, int words) {
  std::vector<std::string> parts;
  parts.reserve(words);
  for (int i = 0; i < words; ++i) {
    parts.push_back(absl::StrCat("CASE WHEN ", terms, " @@ ", TsQuery(param, "eA", i),
                                 " THEN 1.0 WHEN COALESCE(", terms, " @@ ", TsQuery(param, "xA", i),
                                 ", false) THEN 0.7 WHEN ", terms, " @@ ", TsQuery(param, "e", i),
                                 " THEN 0.5 WHEN COALESCE(", terms, " @@ ", TsQuery(param, "x", i),
                                 ", false) THEN 0.35 ELSE 0 END"));
  }
  return parts.empty() ? "0" : absl::StrJoin(parts, " + ");
}

}  // namespace atlas::registry
