#include "atlas/text/analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <memory>
#include <set>

#include "atlas/core/utf8.h"

namespace atlas::text {
namespace {

// U+00C0..U+017F (Latin-1 Supplement letters, Latin Extended-A): lower case,
// accents off; "" for × and ÷ (separators).
constexpr std::array<const char*, 0x180 - 0xC0> kLatinFold = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c",  "e",  "e", "e", "e", "i",  "i",  "i", "i", "d", "n",
    "o", "o", "o",  "o",  "o", "",  "o",  "u",  "u",  "u", "u", "y", "th", "ss", "a", "a", "a", "a",
    "a", "a", "ae", "c",  "e", "e", "e",  "e",  "i",  "i", "i", "i", "d",  "n",  "o", "o", "o", "o",
    "o", "",  "o",  "u",  "u", "u", "u",  "y",  "th", "y", "a", "a", "a",  "a",  "a", "a", "c", "c",
    "c", "c", "c",  "c",  "c", "c", "d",  "d",  "d",  "d", "e", "e", "e",  "e",  "e", "e", "e", "e",
    "e", "e", "g",  "g",  "g", "g", "g",  "g",  "g",  "g", "h", "h", "h",  "h",  "i", "i", "i", "i",
    "i", "i", "i",  "i",  "i", "i", "ij", "ij", "j",  "j", "k", "k", "k",  "l",  "l", "l", "l", "l",
    "l", "l", "l",  "l",  "l", "n", "n",  "n",  "n",  "n", "n", "n", "n",  "n",  "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r",  "r",  "r",  "r", "s", "s", "s",  "s",  "s", "s", "s", "s",
    "t", "t", "t",  "t",  "t", "t", "u",  "u",  "u",  "u", "u", "u", "u",  "u",  "u", "u", "u", "u",
    "w", "w", "y",  "y",  "y", "z", "z",  "z",  "z",  "z", "z", "s"};

void Encode(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  char32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t len = core::Utf8DecodeAt(s, i, &cp);
    if (len == 0) {
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

// What a code point does to a word being read.
enum class Kind { kLetter, kDrop, kSeparator, kHyphen };

// Kind of `cp` and, for letters, its folded form appended to `out` and, for
// Arabic letters, the letter as written to `light` (what the Arabic stemmer
// reads: it knows hamza forms and ta marbuta; diacritics and tatweel are
// dropped from both).
Kind Fold(char32_t cp, std::string* out, std::string* light) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      out->push_back(static_cast<char>(cp));
      return Kind::kLetter;
    }
    if (cp >= 'A' && cp <= 'Z') {
      out->push_back(static_cast<char>(cp - 'A' + 'a'));
      return Kind::kLetter;
    }
    return cp == '-' ? Kind::kHyphen : Kind::kSeparator;
  }
  if (cp >= 0xC0 && cp < 0x180) {
    const char* f = kLatinFold[cp - 0xC0];
    if (*f == '\0') return Kind::kSeparator;
    out->append(f);
    return Kind::kLetter;
  }
  if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x640 || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
      cp == 0xAD || cp == 0x200C || cp == 0x200D) {
    return Kind::kDrop;  // combining accents, tatweel, Arabic diacritics, soft hyphen, joiners
  }
  if (cp == 0x2010 || cp == 0x2011) return Kind::kHyphen;
  if (cp >= 0x660 && cp <= 0x669) {
    out->push_back(static_cast<char>('0' + (cp - 0x660)));
    return Kind::kLetter;
  }
  if (cp >= 0x6F0 && cp <= 0x6F9) {
    out->push_back(static_cast<char>('0' + (cp - 0x6F0)));
    return Kind::kLetter;
  }
  if ((cp >= 0x621 && cp <= 0x63A) || (cp >= 0x641 && cp <= 0x64A) ||
      (cp >= 0x66E && cp <= 0x6D3) || (cp >= 0x6FA && cp <= 0x6FF)) {
    Encode(cp, light);
    char32_t n = cp;
    switch (cp) {
      case 0x623:
      case 0x625:
      case 0x622:
      case 0x671:
        n = 0x627;
        break;  // أ إ آ ٱ → ا
      case 0x629:
        n = 0x647;
        break;  // ة → ه
      case 0x649:
      case 0x626:
      case 0x6CC:
        n = 0x64A;
        break;  // ى ئ ی → ي
      case 0x624:
        n = 0x648;
        break;  // ؤ → و
      case 0x6A9:
        n = 0x643;
        break;  // ک → ك
      default:
        break;
    }
    Encode(n, out);
    return Kind::kLetter;
  }
  if ((cp >= 0x370 && cp <= 0x52F && cp != 0x37E && cp != 0x387) ||
      (cp >= 0x2D30 && cp <= 0x2D7F)) {
    Encode(cp, out);  // Greek, Cyrillic, Tifinagh: as written
    return Kind::kLetter;
  }
  return Kind::kSeparator;
}

struct Token {
  std::string folded;
  std::string light;           // Arabic letters as written (Fold)
  bool hyphen_before = false;  // joined to the previous token by a hyphen
};

std::vector<Token> Tokens(std::string_view text) {
  std::vector<Token> out;
  Token current;
  bool hyphen = false;
  auto flush = [&] {
    if (!current.folded.empty()) out.push_back(std::move(current));
    current = Token();
  };
  for (char32_t cp : CodePoints(text)) {
    const bool starts = current.folded.empty();
    switch (Fold(cp, &current.folded, &current.light)) {
      case Kind::kLetter:
        if (starts) current.hyphen_before = hyphen;
        hyphen = false;
        break;
      case Kind::kDrop:
        break;
      case Kind::kHyphen:
        if (!current.folded.empty()) {
          flush();
          hyphen = true;
        }
        break;
      case Kind::kSeparator:
        flush();
        hyphen = false;
        break;
    }
  }
  flush();
  return out;
}

bool IsArabicLetter(char32_t cp) { return cp >= 0x600 && cp <= 0x6FF; }

const std::set<std::string, std::less<>>& StopWords() {
  static const auto* words = new std::set<std::string, std::less<>>{
      // French (folded; elisions l' d' qu' … are cut at the apostrophe)
      "le", "la", "les", "l", "de", "des", "du", "d", "un", "une", "et", "a", "au", "aux", "en",
      "pour", "par", "sur", "dans", "avec", "ou", "qu", "que", "qui", "se", "sa", "son", "ses",
      "leur", "leurs", "ce", "cet", "cette", "ces", "est", "sont", "il", "elle", "ils", "elles",
      "ne", "pas", "n", "s", "c", "j", "m", "t", "y", "vers", "chez", "entre",
      // English
      "the", "an", "of", "and", "for", "in", "on", "to", "with", "by", "at", "from", "or", "is",
      "are", "its", "their", "this", "that", "into", "as", "be",
      // Arabic (folded)
      "\u0641\u064a", "\u0645\u0646", "\u0627\u0644\u064a", "\u0639\u0644\u064a", "\u0639\u0646",
      "\u0645\u0639", "\u0627\u0648", "\u062b\u0645", "\u0647\u0630\u0627", "\u0647\u0630\u0647",
      "\u0627\u0644\u062a\u064a", "\u0627\u0644\u0630\u064a", "\u0627\u0644\u0630\u064a\u0646",
      "\u0648", "\u062d\u0648\u0644", "\u0639\u0628\u0631", "\u0644\u062f\u064a"};
  return *words;
}

// One stemmer per language and thread (a Snowball stemmer is not thread-safe).
struct Stemmers {
  struct Free {
    void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
  };
  std::unique_ptr<sb_stemmer, Free> fr{sb_stemmer_new("french", "UTF_8")};
  std::unique_ptr<sb_stemmer, Free> en{sb_stemmer_new("english", "UTF_8")};
  std::unique_ptr<sb_stemmer, Free> ar{sb_stemmer_new("arabic", "UTF_8")};
};

std::string Stem(sb_stemmer* stemmer, const std::string& word) {
  if (stemmer == nullptr) return word;
  const sb_symbol* s = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                       static_cast<int>(word.size()));
  if (s == nullptr) return word;
  return std::string(reinterpret_cast<const char*>(s), sb_stemmer_length(stemmer));
}

Stemmers& ThreadStemmers() {
  thread_local Stemmers stemmers;
  return stemmers;
}

constexpr char kHa[] = "\u0647";                                // ه (ة folded)
constexpr char kTaMarbuta[] = "\u0629";                         // ة
constexpr char32_t kPrefixes[] = {0x648, 0x641, 0x628, 0x644};  // و ف ب ل

// Folded form of an Arabic stem (the stemmer's output keeps some letter forms).
std::string FoldWord(std::string_view word) {
  std::string out, light;
  for (char32_t cp : CodePoints(word)) Fold(cp, &out, &light);
  return out;
}

// Arabic stems (folded) of an Arabic word as written (`light`): the word's,
// and without a leading conjunction or preposition when the rest is long
// enough.
std::vector<std::string> ArabicStems(const std::string& light) {
  Stemmers& s = ThreadStemmers();
  auto stem = [&](std::string w) {
    // A final ه typed for ة: the stemmer knows ة as a suffix.
    if (Length(w) >= 4 && w.size() >= 2 && w.compare(w.size() - 2, 2, kHa) == 0) {
      w.replace(w.size() - 2, 2, kTaMarbuta);
    }
    return FoldWord(Stem(s.ar.get(), w));
  };
  std::vector<std::string> out{stem(light)};
  std::vector<char32_t> cps = CodePoints(light);
  if (cps.size() >= 5 &&
      std::find(std::begin(kPrefixes), std::end(kPrefixes), cps[0]) != std::end(kPrefixes)) {
    out.push_back(stem(light.substr(2)));  // each prefix letter is two bytes
  }
  return out;
}

}  // namespace

size_t Length(std::string_view s) { return CodePoints(s).size(); }

bool IsArabic(std::string_view s) {
  for (char32_t cp : CodePoints(s)) {
    if (IsArabicLetter(cp)) return true;
    if (cp >= 0x80 || (cp >= 'a' && cp <= 'z')) return false;
  }
  return false;
}

std::vector<std::string> Words(std::string_view text, Language) {
  std::vector<std::string> out;
  for (Token& t : Tokens(text)) {
    if (!StopWords().contains(t.folded)) out.push_back(std::move(t.folded));
  }
  return out;
}

std::vector<std::string> IndexTerms(std::string_view text, Language language) {
  Stemmers& s = ThreadStemmers();
  sb_stemmer* latin = language == Language::kEnglish ? s.en.get() : s.fr.get();
  std::vector<std::string> out;
  std::vector<Token> tokens = Tokens(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& w = tokens[i].folded;
    if (i > 0 && tokens[i].hyphen_before) {
      const std::string joined = tokens[i - 1].folded + w;
      out.push_back(joined);
      out.push_back(IsArabic(joined) ? ArabicStems(tokens[i - 1].light + tokens[i].light)[0]
                                     : Stem(latin, joined));
    }
    if (StopWords().contains(w)) continue;
    out.push_back(w);
    if (IsArabic(w)) {
      for (std::string& stem : ArabicStems(tokens[i].light)) out.push_back(std::move(stem));
    } else {
      out.push_back(Stem(latin, w));
    }
  }
  return out;
}

std::vector<QueryWord> QueryWords(std::string_view query, size_t max_words) {
  Stemmers& s = ThreadStemmers();
  std::vector<QueryWord> out;
  for (const Token& t : Tokens(query)) {
    const std::string& w = t.folded;
    if (StopWords().contains(w)) continue;
    if (out.size() == max_words) break;
    std::vector<std::string> forms{w};
    if (IsArabic(w)) {
      for (std::string& stem : ArabicStems(t.light)) forms.push_back(std::move(stem));
    } else {
      forms.push_back(Stem(s.fr.get(), w));
      forms.push_back(Stem(s.en.get(), w));
    }
    std::vector<std::string> unique;
    for (std::string& f : forms) {
      if (!f.empty() && std::find(unique.begin(), unique.end(), f) == unique.end()) {
        unique.push_back(std::move(f));
      }
    }
    out.push_back({w, std::move(unique)});
  }
  return out;
}

int EditDistance(std::string_view a, std::string_view b, int max) {
  const std::vector<char32_t> x = CodePoints(a), y = CodePoints(b);
  const int n = static_cast<int>(x.size()), m = static_cast<int>(y.size());
  if (std::abs(n - m) > max) return max + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (int i = 0; i <= n; ++i) d[i][0] = i;
  for (int j = 0; j <= m; ++j) d[0][j] = j;
  for (int i = 1; i <= n; ++i) {
    int row_min = max + 1;
    for (int j = 1; j <= m; ++j) {
      const int cost = x[i - 1] == y[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
      row_min = std::min(row_min, d[i][j]);
    }
    if (row_min > max) return max + 1;
  }
  return std::min(d[n][m], max + 1);
}

int TypoBudget(size_t length) { return length < 5 ? 0 : length < 8 ? 1 : 2; }

}  // namespace atlas::text
