// Fuzz target: google.api.http path templates parsed, and request paths
// split, percent-decoded and matched against them. Input: "TEMPLATE\nPATH".
#include <cstdint>
#include <string_view>

#include "gateway/routing/path_template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using atlas::gateway::PathTemplate;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t cut = in.find('\n');
  const std::string_view path = cut == std::string_view::npos ? in : in.substr(cut + 1);
  (void)atlas::gateway::PercentDecode(path);
  const PathTemplate::Split split = PathTemplate::SplitPath(path);
  if (cut == std::string_view::npos) return 0;
  auto t = PathTemplate::Parse(in.substr(0, cut));
  if (!t.ok()) return 0;
  (void)t->literal_count();
  (void)t->Match(path);
  (void)t->Match(split);
  return 0;
}
