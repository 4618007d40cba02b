// Search text of the registry (issue 22): what a project version puts in the
// index (libs/text analysis: folded words, Snowball stems, Arabic forms) and
// how a query's words become index terms — exactly, or approximately by
// prefix, by a shorter stem or by a typo within budget. The store runs the
// result (docs/registry.md, Search).
#ifndef ATLAS_REGISTRY_DOMAIN_SEARCH_TEXT_H_
#define ATLAS_REGISTRY_DOMAIN_SEARCH_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "atlas/text/analyzer.h"

namespace atlas::registry {

namespace v1 {
class LibraryDocument;
class Project;
}  // namespace v1

// Index terms of a project version, space-separated, by weight: titles (A),
// summaries, objectives and results (B), participating organisations (C);
// a library document's PDF text (D, none for projects).
struct SearchText {
  std::string title, body, partners, text;
  // Every distinct term (for the vocabulary).
  std::vector<std::string> terms;
};
SearchText SearchTextOf(const v1::Project& p);
// The same analysis for a library document: titles (A), abstracts (B),
// authors and commissioning body (C, as a project's organisations), the
// first 200 000 bytes of its PDF's text in the document's language (D).
SearchText LibrarySearchTextOf(const v1::LibraryDocument& d, std::string_view pdf_text);

// What the vocabulary is asked for a query: terms similar to each form
// (typos) and terms equal to a prefix of a form (a shorter stem of the same
// word: "entrepreneur" for "entrepreneuriat").
struct VocabularyProbe {
  std::vector<std::string> forms;
  std::vector<std::string> prefixes;
};
VocabularyProbe ProbeOf(const std::vector<text::QueryWord>& words);

// A query's words as index terms.
struct TextQuery {
  struct Word {
    std::vector<std::string> exact;     // the word's own forms
    std::vector<std::string> prefixes;  // index terms starting with one (typing)
    std::vector<std::string> near;      // a shorter stem, or a typo within budget
  };
  std::vector<Word> words;
};
// `vocabulary`: the terms the probe found (any order, may hold terms that
// turn out too far; they are checked here).
TextQuery PlanTextQuery(const std::vector<text::QueryWord>& words,
                        const std::vector<std::string>& vocabulary);

// The query for SQL, as JSON: "any" (a tsquery matching a row that has any
// word) and per word "eA", "xA" (exact, approximate in titles and
// organisations) and "e", "x" (anywhere); tsquery syntax of the 'simple'
// configuration. "" when the query has no words.
std::string TextQueryJson(const TextQuery& q);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_SEARCH_TEXT_H_
