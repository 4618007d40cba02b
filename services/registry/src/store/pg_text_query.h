// How the registry's searches ask PostgreSQL for text (projects, the
// library): the query's words planned against a vocabulary table (typos by
// trigrams, shorter stems by prefixes), then tsqueries and a relevance that
// prefers every word in a title but still ranks partial matches
// (docs/registry.md, Search).
#ifndef ATLAS_REGISTRY_STORE_PG_TEXT_QUERY_H_
#define ATLAS_REGISTRY_STORE_PG_TEXT_QUERY_H_

#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "atlas/text/analyzer.h"
#include "registry/domain/search_text.h"

namespace pqxx {
class transaction_base;
}

namespace atlas::registry {

// The vocabulary tables (a term per row, a trigram index).
inline constexpr char kProjectVocabulary[] = "search_terms";
inline constexpr char kLibraryVocabulary[] = "library_terms";

// The text query of `words` as TextQueryJson ("" without words): each word
// planned against `vocabulary` near it — similar by trigrams (typos,
// pg_trgm's default threshold 0.3) or equal to a prefix of a form.
std::string TextQueryOf(pqxx::transaction_base& tx, const std::vector<text::QueryWord>& words,
                        const char* vocabulary);
// The same plan, before its tsqueries are written.
TextQuery TextPlanOf(pqxx::transaction_base& tx, const std::vector<text::QueryWord>& words,
                     const char* vocabulary);

// Adds `terms` to `vocabulary`, in one order (two writes adding the same new
// terms never deadlock).
void AddVocabulary(pqxx::transaction_base& tx, const char* vocabulary,
                   const std::vector<std::string>& terms);

// One tsquery of the text query in parameter `param` (TextQueryJson): "any",
// or `key` ("eA", "xA", "e", "x") of word `i`. A scalar subquery: parsed once
// per statement.
std::string TsQuery(absl::string_view param, const std::string& key, int i = -1);

// Relevance of the tsvector `terms` to the text query in `param` of `words`
// words: per word, 1 for its own form in a title (weight A), 0.7 for an
// approximate one there (prefix, shorter stem, typo), 0.5 and 0.35 elsewhere;
// summed, so rows with every word come first and rows with some still follow.
std::string Relevance(absl::string_view param, absl::string_view terms, int words);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_TEXT_QUERY_H_
