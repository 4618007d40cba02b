// Path template parser and matcher.
#include "gateway/routing/path_template.h"

#include "absl/strings/str_cat.h"

namespace atlas::gateway {
namespace {

absl::Status Bad(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("bad path template \"", std::string(text), "\": ", std::string(why)));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(std::string_view text) {
  PathTemplate t;
  t.text_ = std::string(text);
  if (text.empty() || text[0] != '/') return Bad(text, "must start with '/'");
  std::string_view rest = text.substr(1);
  // The verb is a ":" after the last "/" and outside braces.
  size_t last_slash = rest.rfind('/');
  size_t close = rest.rfind('}');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash) &&
      (close == std::string_view::npos || colon > close)) {
    t.verb_ = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (t.verb_.empty()) return Bad(text, "empty verb");
  }
  size_t i = 0;
  std::optional<Variable> open;
  while (i <= rest.size()) {
    if (i < rest.size() && rest[i] == '{') {
      if (open) return Bad(text, "nested variable");
      size_t eq = rest.find_first_of("=}", i);
      if (eq == std::string_view::npos) return Bad(text, "unclosed variable");
      open = Variable{std::string(rest.substr(i + 1, eq - i - 1)), t.segments_.size(), 0};
      if (open->field_path.empty()) return Bad(text, "empty variable name");
      if (rest[eq] == '}') {
        t.segments_.push_back({Segment::kStar, ""});
        open->end = t.segments_.size();
        t.variables_.push_back(*open);
        open.reset();
        i = eq + 1;
      } else {
        i = eq + 1;
        continue;  // parse the variable's segments
      }
    } else {
      size_t end = rest.find_first_of("/}", i);
      if (end == std::string_view::npos) end = rest.size();
      std::string_view seg = rest.substr(i, end - i);
      if (seg.empty()) return Bad(text, "empty segment");
      if (seg == "*") {
        t.segments_.push_back({Segment::kStar, ""});
      } else if (seg == "**") {
        t.segments_.push_back({Segment::kDoubleStar, ""});
      } else {
        if (seg.find_first_of("{=*") != std::string_view::npos) return Bad(text, "bad literal");
        t.segments_.push_back({Segment::kLiteral, std::string(seg)});
      }
      i = end;
      if (i < rest.size() && rest[i] == '}') {
        if (!open) return Bad(text, "unexpected '}'");
        open->end = t.segments_.size();
        t.variables_.push_back(*open);
        open.reset();
        ++i;
      }
    }
    if (i == rest.size()) break;
    if (rest[i] != '/') return Bad(text, "expected '/'");
    ++i;
  }
  if (open) return Bad(text, "unclosed variable");
  for (size_t k = 0; k + 1 < t.segments_.size(); ++k) {
    if (t.segments_[k].kind == Segment::kDoubleStar) return Bad(text, "'**' must be last");
  }
  return t;
}

int PathTemplate::literal_count() const {
  int n = 0;
  for (const auto& s : segments_) n += s.kind == Segment::kLiteral;
  return n;
}

namespace {

// "a/b%2Fc/d" -> decoded segments; nullopt if one is empty, badly escaped or
// holds a decoded "/" (a value must not escape its segment).
std::optional<std::vector<std::string>> Segments(std::string_view rest) {
  std::vector<std::string> parts;
  for (size_t i = 0;;) {
    size_t slash = rest.find('/', i);
    auto decoded =
        PercentDecode(rest.substr(i, slash == std::string_view::npos ? slash : slash - i));
    if (!decoded || decoded->empty()) return std::nullopt;
    if (decoded->find('/') != std::string::npos) return std::nullopt;
    parts.push_back(std::move(*decoded));
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return parts;
}

}  // namespace

PathTemplate::Split PathTemplate::SplitPath(std::string_view path) {
  Split split;
  if (path.empty() || path[0] != '/') return split;
  std::string_view rest = path.substr(1);
  split.plain = Segments(rest);
  size_t colon = rest.rfind(':');
  size_t slash = rest.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    split.verb = std::string(rest.substr(colon + 1));
    split.before_verb = Segments(rest.substr(0, colon));
  }
  return split;
}

std::optional<std::vector<std::pair<std::string, std::string>>> PathTemplate::Match(
    std::string_view path) const {
  return Match(SplitPath(path));
}

std::optional<std::vector<std::pair<std::string, std::string>>> PathTemplate::Match(
    const Split& path) const {
  if (!verb_.empty() && (!path.before_verb || path.verb != verb_)) return std::nullopt;
  const std::optional<std::vector<std::string>>& split =
      verb_.empty() ? path.plain : path.before_verb;
  if (!split) return std::nullopt;
  const std::vector<std::string>& parts = *split;
  const bool tail = !segments_.empty() && segments_.back().kind == Segment::kDoubleStar;
  if (tail ? parts.size() < segments_.size() : parts.size() != segments_.size())
    return std::nullopt;
  for (size_t k = 0; k < segments_.size(); ++k) {
    if (segments_[k].kind == Segment::kLiteral && segments_[k].literal != parts[k])
      return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& v : variables_) {
    size_t end = (tail && v.end == segments_.size()) ? parts.size() : v.end;
    std::string value;
    for (size_t k = v.begin; k < end; ++k) {
      if (k > v.begin) value += '/';
      value += parts[k];
    }
    out.emplace_back(v.field_path, std::move(value));
  }
  return out;
}

}  // namespace atlas::gateway
