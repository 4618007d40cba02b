// Numbers as a language writes them in a printed document.
#include <cmath>
#include <cstdio>
#include <string>

#include "atlas/report/document.h"

namespace atlas::report {

using core::Lang;

std::string FormatNumber(double value, int decimals, Lang lang) {
  if (!std::isfinite(value)) return "—";
  char digits[64];
  std::snprintf(digits, sizeof digits, "%.*f", decimals, std::fabs(value));
  std::string s = digits;
  std::string frac;
  if (auto dot = s.find('.'); dot != std::string::npos) {
    frac = s.substr(dot + 1);
    s.resize(dot);
  }
  const std::string group = lang == Lang::kEn ? "," : "\u00a0";
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += group;
    out += s[i];
  }
  if (!frac.empty()) out += (lang == Lang::kEn ? "." : ",") + frac;
  const bool zero = out.find_first_not_of("0,.\u00a0") == std::string::npos;
  return (value < 0 && !zero ? "-" : "") + out;
}

std::string FormatPercent(double ratio, Lang lang) {
  const std::string n = FormatNumber(ratio * 100, 1, lang);
  return lang == Lang::kEn ? n + "%" : n + "\u00a0%";
}

}  // namespace atlas::report
