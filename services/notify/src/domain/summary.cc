// Event summaries.
#include "notify/domain/summary.h"

#include <vector>

namespace atlas::notify {

std::string Summarize(std::string_view type, std::string_view subject, std::string_view label) {
  // ma.sharaka.atlas.<resource>.<verb>.v<N>
  constexpr std::string_view kPrefix = "ma.sharaka.atlas.";
  std::string_view rest =
      type.substr(0, kPrefix.size()) == kPrefix ? type.substr(kPrefix.size()) : std::string_view();
  std::vector<std::string_view> parts;
  for (size_t start = 0; start <= rest.size() && !rest.empty();) {
    size_t dot = rest.find('.', start);
    parts.push_back(rest.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  const std::string who = label.empty() ? std::string(subject) : "«" + std::string(label) + "»";
  if (parts.size() < 3) return std::string(type) + ": " + std::string(subject);
  std::string resource(parts[0]);
  if (!resource.empty()) resource[0] = static_cast<char>(std::toupper(resource[0]));
  return resource + " " + who + " " + std::string(parts[1]);
}

}  // namespace atlas::notify
