// Route table from proto annotations.
#include "gateway/routing/route_table.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/api/annotations.pb.h"

namespace atlas::gateway {

std::string BackendOf(std::string_view full) {
  // atlas.<backend>.v1.<Service>
  std::string_view rest = full.substr(full.find('.') + 1);
  return std::string(rest.substr(0, rest.find('.')));
}

absl::StatusOr<RouteTable> RouteTable::Build(const std::vector<std::string>& services) {
  RouteTable table;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* svc = pool->FindServiceByName(name);
    if (svc == nullptr) return absl::InvalidArgumentError("service not linked in: " + name);
    for (int i = 0; i < svc->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* m = svc->method(i);
      // Streaming RPCs are for gRPC clients; REST has no route for them.
      if (m->client_streaming() || m->server_streaming()) continue;
      if (!m->options().HasExtension(google::api::http)) {
        return absl::InvalidArgumentError(
            absl::StrCat(m->full_name(), " has no google.api.http annotation"));
      }
      const google::api::HttpRule& rule = m->options().GetExtension(google::api::http);
      std::vector<const google::api::HttpRule*> rules = {&rule};
      for (const auto& extra : rule.additional_bindings()) rules.push_back(&extra);
      for (const google::api::HttpRule* r : rules) {
        std::string verb, path;
        switch (r->pattern_case()) {
          case google::api::HttpRule::kGet:
            verb = "GET";
            path = r->get();
            break;
          case google::api::HttpRule::kPost:
            verb = "POST";
            path = r->post();
            break;
          case google::api::HttpRule::kPut:
            verb = "PUT";
            path = r->put();
            break;
          case google::api::HttpRule::kPatch:
            verb = "PATCH";
            path = r->patch();
            break;
          case google::api::HttpRule::kDelete:
            verb = "DELETE";
            path = r->delete_();
            break;
          case google::api::HttpRule::kCustom:
            verb = r->custom().kind();
            path = r->custom().path();
            break;
          default:
            return absl::InvalidArgumentError(m->full_name() + " has an empty http rule");
        }
        auto tmpl = PathTemplate::Parse(path);
        if (!tmpl.ok()) return tmpl.status();
        if (!r->body().empty() && r->body() != "*" &&
            m->input_type()->FindFieldByName(r->body()) == nullptr) {
          return absl::InvalidArgumentError(m->full_name() + ": body names an unknown field");
        }
        table.routes_.push_back({verb, *std::move(tmpl), r->body(), m,
                                 absl::StrCat("/", svc->full_name(), "/", m->name()),
                                 BackendOf(svc->full_name())});
      }
    }
  }
  // Most specific first: a custom verb (":diff") before the plain template
  // whose last variable would also take "id:diff", then more literals.
  std::stable_sort(table.routes_.begin(), table.routes_.end(), [](const Route& a, const Route& b) {
    if (a.path.verb().empty() != b.path.verb().empty()) return !a.path.verb().empty();
    return a.path.literal_count() > b.path.literal_count();
  });
  return table;
}

RouteTable::Found RouteTable::Find(std::string_view http_method, std::string_view path) const {
  Found found;
  // The path is cut and decoded once, not once per template.
  const PathTemplate::Split split = PathTemplate::SplitPath(path);
  for (const Route& r : routes_) {
    auto bindings = r.path.Match(split);
    if (!bindings) continue;
    // HEAD is served by GET routes (the server drops the body).
    if (r.http_method == http_method || (http_method == "HEAD" && r.http_method == "GET")) {
      found.route = &r;
      found.bindings = std::move(*bindings);
      return found;
    }
    if (std::find(found.allowed.begin(), found.allowed.end(), r.http_method) ==
        found.allowed.end()) {
      found.allowed.push_back(r.http_method);
    }
  }
  std::sort(found.allowed.begin(), found.allowed.end());
  return found;
}

}  // namespace atlas::gateway
