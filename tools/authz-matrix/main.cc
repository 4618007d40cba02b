// Generates docs/authorization.md — who may call which RPC — from the
// (atlas.auth.v1.access) option declared next to every RPC in the protos.
//
//   atlas-authz-matrix FILE.proto...            print the document
//   atlas-authz-matrix --check DOC FILE.proto...  exit 1 if DOC differs
// Exits 2 if any RPC lacks an access rule.
#include <google/protobuf/descriptor.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "atlas/auth/v1/access.pb.h"
#include "google/api/annotations.pb.h"

namespace {

std::string Rest(const google::protobuf::MethodDescriptor* m) {
  if (!m->options().HasExtension(google::api::http)) return "—";
  const auto& r = m->options().GetExtension(google::api::http);
  switch (r.pattern_case()) {
    case google::api::HttpRule::kGet:
      return "`GET " + r.get() + "`";
    case google::api::HttpRule::kPost:
      return "`POST " + r.post() + "`";
    case google::api::HttpRule::kPut:
      return "`PUT " + r.put() + "`";
    case google::api::HttpRule::kPatch:
      return "`PATCH " + r.patch() + "`";
    case google::api::HttpRule::kDelete:
      return "`DELETE " + r.delete_() + "`";
    default:
      return "—";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  std::string check;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--check" && i + 1 < argc) {
      check = argv[++i];
    } else {
      files.push_back(a);
    }
  }
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::ostringstream out;
  out << "# Authorization matrix\n\n"
      << "Generated from the `(atlas.auth.v1.access)` option of every RPC by "
         "`tools/authz-matrix`;\n"
      << "do not edit. Regenerate: `build/release/tools/authz-matrix/atlas-authz-matrix "
         "<protos> > docs/authorization.md` (ctest `authz.matrix_up_to_date` checks it).\n\n"
      << "✔ = may call. *own org* = editors and service accounts act only on their own\n"
      << "organisation's resources. Anonymous callers have the `public` role only.\n\n"
      << "Every service enforces these rules itself (`libs/rpc/authorize.cc`): it verifies the\n"
      << "caller's bearer token against `ATLAS_AUTH_JWKS_FILE` and checks the roles; no token\n"
      << "where one is needed -> 401, a bad token -> 401 (even on public RPCs), a role not\n"
      << "listed -> 403. A service account holds the editor role too (a partner system does\n"
      << "what its organisation's editors do). *own org* and the visibility notes are checked\n"
      << "by the service on the resource itself: acting on another organisation's project\n"
      << "-> 403; an unpublished project the caller may not see -> 404, exactly as if it\n"
      << "did not exist. Over mTLS, a partner certificate's common name must be the token's\n"
      << "organisation id (else 403).\n\n"
      << "| RPC | REST | public | editor | validator | analyst | admin | service | own org | note "
         "|\n"
      << "| --- | --- | :-: | :-: | :-: | :-: | :-: | :-: | :-: | --- |\n";
  int missing = 0;
  for (const auto& name : files) {
    const auto* file = pool->FindFileByName(name);
    if (file == nullptr) {
      std::fprintf(stderr, "atlas-authz-matrix: %s is not linked in\n", name.c_str());
      return 2;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* svc = file->service(s);
      for (int i = 0; i < svc->method_count(); ++i) {
        const auto* m = svc->method(i);
        if (!m->options().HasExtension(atlas::auth::v1::access)) {
          std::fprintf(stderr, "atlas-authz-matrix: %s has no (atlas.auth.v1.access) rule\n",
                       m->full_name().c_str());
          ++missing;
          continue;
        }
        const auto& rule = m->options().GetExtension(atlas::auth::v1::access);
        bool allowed[7] = {};
        for (int r : rule.roles()) allowed[r] = true;
        // Mirrors rpc::Caller::HasRole: service accounts act as editors.
        if (allowed[atlas::auth::v1::EDITOR]) allowed[atlas::auth::v1::SERVICE] = true;
        out << "| `" << svc->full_name() << "/" << m->name() << "` | " << Rest(m);
        for (int r = 1; r <= 6; ++r) {
          out << " | " << (allowed[r] || allowed[atlas::auth::v1::PUBLIC] ? "✔" : "");
        }
        out << " | " << (rule.own_organisation_only() ? "✔" : "") << " | " << rule.note() << " |\n";
      }
    }
  }
  if (missing > 0) return 2;
  if (check.empty()) {
    std::fputs(out.str().c_str(), stdout);
    return 0;
  }
  std::ifstream in(check);
  std::stringstream current;
  current << in.rdbuf();
  if (current.str() != out.str()) {
    std::fprintf(stderr, "%s is out of date; regenerate it (see its first lines)\n", check.c_str());
    return 1;
  }
  return 0;
}
