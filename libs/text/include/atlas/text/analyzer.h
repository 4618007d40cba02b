// Text analysis for search, the same on both sides (what is indexed and what
// is asked): words folded (lower case, accents off, Arabic letter forms
// unified, diacritics and tatweel dropped), stop words dropped, Snowball stems
// (French, English, Arabic: libstemmer) added. Search matching by prefix and
// by typo distance starts from these terms (docs/registry.md, Search).
#ifndef ATLAS_TEXT_ANALYZER_H_
#define ATLAS_TEXT_ANALYZER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::text {

enum class Language { kFrench, kEnglish, kArabic };

// The folded words of `text` in order, stop words of `language` (and, for
// Arabic-script words, Arabic ones) dropped. Invalid UTF-8 is skipped.
std::vector<std::string> Words(std::string_view text, Language language);

// Index terms of `text` written in `language`: each word as folded, its
// stem (Arabic-script words: the Arabic stemmer whatever `language` says),
// the stem without a leading conjunction or preposition (و ف ب ل) for Arabic
// words, and hyphenated compounds joined ("co-développement" also gives
// "codeveloppement").
std::vector<std::string> IndexTerms(std::string_view text, Language language);

// One word of a query and the forms it may take in an index: as folded and
// its French, English or Arabic stems (duplicates removed).
struct QueryWord {
  std::string folded;
  std::vector<std::string> forms;
};
// The words of a query (at most `max_words`; the rest is ignored).
std::vector<QueryWord> QueryWords(std::string_view query, size_t max_words = 8);

// Number of code points of valid UTF-8 `s`.
size_t Length(std::string_view s);

// Optimal-string-alignment distance (edits: insert, delete, substitute,
// swap two neighbours) between the code points of `a` and `b`; any value
// above `max` is returned as max + 1.
int EditDistance(std::string_view a, std::string_view b, int max);

// Edits a word of `length` code points may contain and still match: 0 below
// 5, 1 below 8, 2 from 8.
int TypoBudget(size_t length);

// True if `s` is written in Arabic script (its first letter is).
bool IsArabic(std::string_view s);

}  // namespace atlas::text

#endif  // ATLAS_TEXT_ANALYZER_H_
