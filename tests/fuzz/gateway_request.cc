// Fuzz target: what the gateway does with a request before a backend sees it
// — the target split into path and query string (Boost.URL, percent-decoding),
// the route found (path templates, the verbs after ':'), the query and the
// JSON body transcoded into the method's request message, and that message
// written back as JSON. Input: "METHOD\nTARGET\nBODY".
#include <google/protobuf/message.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/api/transcode.h"
#include "gateway/routing/route_table.h"

namespace {

const atlas::gateway::RouteTable& Routes() {
  static const auto* table = [] {
    std::vector<std::string> services;
    for (const char* s : {"Registry", "Geo", "Stats", "Indicators", "Notify", "Identity"}) {
      std::string lower(s);
      lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
      services.push_back("atlas." + lower + ".v1." + s + "Service");
    }
    auto t = atlas::gateway::RouteTable::Build(services);
    if (!t.ok()) std::abort();
    return new atlas::gateway::RouteTable(*std::move(t));
  }();
  return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace atlas::gateway;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t a = in.find('\n');
  const size_t b = a == std::string_view::npos ? a : in.find('\n', a + 1);
  if (b == std::string_view::npos) return 0;
  const std::string method(in.substr(0, a));
  std::string path;
  Params query;
  if (!ParseTarget(in.substr(a + 1, b - a - 1), &path, &query)) return 0;
  const RouteTable::Found found = Routes().Find(method, path);
  if (found.route == nullptr) return 0;
  std::unique_ptr<google::protobuf::Message> request(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(found.route->method->input_type())
          ->New());
  if (BuildRequest(*found.route, found.bindings, query, in.substr(b + 1), request.get()).ok()) {
    (void)ToJson(*request);
  }
  return 0;
}
