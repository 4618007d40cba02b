// google.api.http path templates: parsing and matching.
//
//   Template = "/" Segments [ ":" Verb ] ;
//   Segment  = "*" | "**" | LITERAL | "{" FieldPath [ "=" Segments ] "}" ;
//
// "**" may only be the last segment. A variable without "=" matches one
// segment. Captured values are percent-decoded per segment and joined by "/".
// Immutable after Parse(); safe to share between threads.
#ifndef ATLAS_GATEWAY_ROUTING_PATH_TEMPLATE_H_
#define ATLAS_GATEWAY_ROUTING_PATH_TEMPLATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace atlas::gateway {

class PathTemplate final {
 public:
  static absl::StatusOr<PathTemplate> Parse(std::string_view text);

  // (field path, value) for each variable, or nullopt if `path` (still
  // percent-encoded, without query) does not match.
  std::optional<std::vector<std::pair<std::string, std::string>>> Match(
      std::string_view path) const;

  // A request path cut once for every template (RouteTable::Find): its
  // segments decoded as a template without a verb sees them, and as one with
  // a verb does (the last segment's ":verb" cut off), or nullopt where the
  // path cannot match such a template at all.
  struct Split {
    std::optional<std::vector<std::string>> plain;
    std::string verb;
    std::optional<std::vector<std::string>> before_verb;
  };
  static Split SplitPath(std::string_view path);
  // Match() on a path already split.
  std::optional<std::vector<std::pair<std::string, std::string>>> Match(const Split& path) const;

  const std::string& text() const { return text_; }
  // Literal segments count, used to try more specific templates first.
  int literal_count() const;

  struct Segment {
    enum Kind { kLiteral, kStar, kDoubleStar } kind;
    std::string literal;
  };
  struct Variable {
    std::string field_path;
    size_t begin, end;  // segment range [begin, end)
  };
  const std::vector<Segment>& segments() const { return segments_; }
  const std::vector<Variable>& variables() const { return variables_; }
  const std::string& verb() const { return verb_; }

 private:
  std::string text_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
};

// Percent-decodes `s`; nullopt if an escape is malformed.
std::optional<std::string> PercentDecode(std::string_view s);

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_ROUTING_PATH_TEMPLATE_H_
