#include "registry/domain/search_text.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_join.h"
#include "atlas/core/utf8.h"
#include "atlas/registry/v1/library.pb.h"
#include "atlas/registry/v1/project.pb.h"
#include "nlohmann/json.hpp"

namespace atlas::registry {
namespace {

using text::Language;

void Add(std::string_view text, Language language, std::vector<std::string>* out) {
  for (std::string& t : text::IndexTerms(text, language)) out->push_back(std::move(t));
}

void AddLocalized(const v1::LocalizedText& t, std::vector<std::string>* out) {
  Add(t.fr(), Language::kFrench, out);
  Add(t.en(), Language::kEnglish, out);
  Add(t.ar(), Language::kArabic, out);
}

// Shortest stem worth matching as the start of a longer word: 4 letters in
// Arabic (roots are short), 5 otherwise, and at least half the word.
size_t MinimumStem(const std::string& form) {
  const size_t length = text::Length(form);
  return std::max<size_t>(text::IsArabic(form) ? 4 : 5, (length + 1) / 2);
}

// `prefix` is a prefix of `word` in code points (UTF-8 keeps that bytewise).
bool StartsWith(const std::string& word, const std::string& prefix) {
  return word.size() > prefix.size() && word.compare(0, prefix.size(), prefix) == 0;
}

// A tsquery operand: the term quoted ('simple' configuration), with flags.
std::string Operand(const std::string& term, const std::string& flags) {
  std::string quoted = "'";
  for (char c : term) {
    if (c == '\'' || c == '\\') quoted.push_back(c);
    quoted.push_back(c);
  }
  quoted += "'";
  if (!flags.empty()) quoted += ":" + flags;
  return quoted;
}

std::string Any(const std::vector<std::string>& terms, const std::string& weights,
                const std::vector<std::string>& prefixes = {}) {
  std::vector<std::string> parts;
  parts.reserve(terms.size() + prefixes.size());
  for (const auto& t : terms) parts.push_back(Operand(t, weights));
  for (const auto& p : prefixes) parts.push_back(Operand(p, "*" + weights));
  return absl::StrJoin(parts, " | ");
}

}  // namespace

SearchText SearchTextOf(const v1::Project& p) {
  std::vector<std::string> title, body, partners;
  AddLocalized(p.title(), &title);
  AddLocalized(p.summary(), &body);
  AddLocalized(p.objectives(), &body);
  AddLocalized(p.expected_results(), &body);
  AddLocalized(p.achieved_results(), &body);
  for (const auto& o : p.participating_organisations()) Add(o.name(), Language::kFrench, &partners);
  SearchText out;
  out.title = absl::StrJoin(title, " ");
  out.body = absl::StrJoin(body, " ");
  out.partners = absl::StrJoin(partners, " ");
  std::set<std::string> all(title.begin(), title.end());
  all.insert(body.begin(), body.end());
  all.insert(partners.begin(), partners.end());
  out.terms.assign(all.begin(), all.end());
  return out;
}

SearchText LibrarySearchTextOf(const v1::LibraryDocument& d, std::string_view pdf_text) {
  std::vector<std::string> title, body, names, text;
  AddLocalized(d.title(), &title);
  AddLocalized(d.abstract(), &body);
  for (const auto& a : d.authors()) Add(a, Language::kFrench, &names);
  Add(d.commissioned_by(), Language::kFrench, &names);
  const Language language = d.language() == "ar"   ? Language::kArabic
                            : d.language() == "en" ? Language::kEnglish
                                                   : Language::kFrench;
  Add(core::Utf8Prefix(pdf_text, 200000), language, &text);
  SearchText out;
  out.title = absl::StrJoin(title, " ");
  out.body = absl::StrJoin(body, " ");
  out.partners = absl::StrJoin(names, " ");
  out.text = absl::StrJoin(text, " ");
  std::set<std::string> all(title.begin(), title.end());
  for (const auto* v : {&body, &names, &text}) all.insert(v->begin(), v->end());
  out.terms.assign(all.begin(), all.end());
  return out;
}

VocabularyProbe ProbeOf(const std::vector<text::QueryWord>& words) {
  std::set<std::string> forms, prefixes;
  for (const auto& w : words) {
    for (const auto& f : w.forms) {
      forms.insert(f);
      const size_t minimum = MinimumStem(f);
      size_t length = 0;
      for (size_t i = 0; i < f.size(); ++i) {
        if ((static_cast<unsigned char>(f[i]) & 0xC0) == 0x80) continue;
        if (length >= minimum) prefixes.insert(f.substr(0, i));
        ++length;
      }
    }
  }
  return {{forms.begin(), forms.end()}, {prefixes.begin(), prefixes.end()}};
}

TextQuery PlanTextQuery(const std::vector<text::QueryWord>& words,
                        const std::vector<std::string>& vocabulary) {
  TextQuery out;
  for (const auto& w : words) {
    TextQuery::Word word;
    word.exact = w.forms;
    for (const auto& f : w.forms) {
      if (text::Length(f) >= 3) word.prefixes.push_back(f);
    }
    for (const auto& term : vocabulary) {
      if (std::find(word.exact.begin(), word.exact.end(), term) != word.exact.end()) continue;
      const bool near = std::any_of(w.forms.begin(), w.forms.end(), [&](const std::string& f) {
        if (StartsWith(f, term) && text::Length(term) >= MinimumStem(f)) return true;
        const int budget = text::TypoBudget(text::Length(f));
        return budget > 0 && text::EditDistance(f, term, budget) <= budget;
      });
      if (near) word.near.push_back(term);
    }
    out.words.push_back(std::move(word));
  }
  return out;
}

std::string TextQueryJson(const TextQuery& q) {
  if (q.words.empty()) return "";
  nlohmann::json words = nlohmann::json::array();
  std::vector<std::string> any;
  for (const auto& w : q.words) {
    const std::string exact = Any(w.exact, ""), approx = Any(w.near, "", w.prefixes);
    nlohmann::json word = {{"eA", Any(w.exact, "AC")}, {"e", exact}};
    if (!approx.empty()) {
      word["xA"] = Any(w.near, "AC", w.prefixes);
      word["x"] = approx;
      any.push_back(approx);
    }
    any.push_back(exact);
    words.push_back(std::move(word));
  }
  return nlohmann::json{{"any", absl::StrJoin(any, " | ")}, {"words", std::move(words)}}.dump();
}

}  // namespace atlas::registry
