// Text written into documents other programs read: XML character data and
// attribute values, CSV fields (RFC 4180). Shared by every export (IATI XML
// and CSV in the registry, SDMX-ML and SDMX-CSV in stats).
#ifndef ATLAS_CORE_TEXT_FORMATS_H_
#define ATLAS_CORE_TEXT_FORMATS_H_

#include <string>
#include <string_view>

namespace atlas::core {

// `s` escaped for XML text or a double-quoted attribute (& < > "); control
// characters other than tab, newline and carriage return, which XML 1.0 does
// not allow, are dropped.
inline std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  }
  return out;
}

// `s` as one CSV field: quoted (with "" for ") when it holds a comma, a
// quote or a line break; as is otherwise.
inline std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A CSV field holding text people wrote: one that starts like a formula
// (= + - @, tab, carriage return) is prefixed with ' so that no spreadsheet
// evaluates it, then quoted as CsvField does.
inline std::string CsvTextField(std::string_view s) {
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    return CsvField("'" + std::string(s));
  }
  return CsvField(s);
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_TEXT_FORMATS_H_
