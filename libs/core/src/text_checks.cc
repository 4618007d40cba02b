#include "atlas/core/text_checks.h"

#include <algorithm>
#include <cctype>

#include "atlas/core/texts.h"
#include "atlas/core/utf8.h"

namespace atlas::core {
namespace {

bool HasControlChars(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char ch) {
    auto c = static_cast<unsigned char>(ch);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return c < 0x20 || c == 0x7F;
  });
}

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

bool HasMarkup(std::string_view s) {
  for (size_t i = s.find('<'); i != std::string_view::npos && i + 1 < s.size();
       i = s.find('<', i + 1)) {
    const char next = s[i + 1];
    if (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!' ||
        next == '?') {
      return true;
    }
  }
  return false;
}

void CheckPlainText(std::string_view value, const std::string& field, size_t max, bool required,
                    std::vector<FieldViolation>& out, bool allow_newlines) {
  const size_t before = out.size();
  CheckText(value, field, max, required, allow_newlines, out);
  if (out.size() == before && HasMarkup(value)) out.push_back(Violation(field, texts::kMarkup));
}

void CheckText(std::string_view value, const std::string& field, size_t max, bool required,
               bool allow_newlines, std::vector<FieldViolation>& out) {
  auto len = Utf8Length(value);
  if (!len) {
    out.push_back(Violation(field, texts::kNotUtf8));
  } else if (required && Blank(value)) {
    out.push_back(Violation(field, texts::kRequired));
  } else if (*len > max) {
    out.push_back(Violation(field, texts::kTooLong, {std::to_string(max), std::to_string(*len)}));
  } else if (HasControlChars(value, allow_newlines)) {
    out.push_back(Violation(field, texts::kControlCharacters));
  }
}

}  // namespace atlas::core
