// atlasctl: administration of Sharaka Atlas identity through the gRPC API
// (atlas.identity.v1.IdentityService on the gateway's gRPC port; see
// docs/security.md) and statistics imports (atlas.stats.v1.StatsService on
// atlas-stats's port; see docs/stats.md). Prints results as JSON (proto3 JSON mapping).
#include <google/protobuf/util/json_util.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "atlas/core/config.h"
#include "atlas/core/processes.h"
#include "atlas/identity/v1/identity_service.grpc.pb.h"
#include "atlas/stats/v1/stats_service.grpc.pb.h"
#include "common/oauth_client.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace {

namespace v1 = atlas::identity::v1;

constexpr char kUsage[] = R"(usage: atlasctl [options] <command> [arguments]

Options (or environment):
  --addr HOST:PORT     gateway gRPC address (ATLAS_ADDR, default 127.0.0.1:50050)
  --token-file FILE    access token of an admin (or ATLAS_TOKEN)
  --tls-ca FILE        connect with TLS, trusting this CA (ATLAS_TLS_CA)
  --tls-cert FILE --tls-key FILE   client certificate for mTLS

Commands:
  token [--gateway URL] --user NAME --password-file FILE
                       sign in at the gateway's token endpoint (ATLAS_GATEWAY_URL, default
                       http://127.0.0.1:8080); prints the access token
  orgs list
  orgs get ID
  orgs create ID --kind KIND --name-fr NAME [--name-ar NAME] [--name-en NAME]
                 [--country ISO3] [--iati ID] [--demo]
      KIND: ministry, ngo, diaspora_association, region, agency, donor
  users list [--org ID]
  users create USERNAME --org ID --roles R1,R2 [--password-file FILE]
                       prints the user and, without a password file, its generated password
  users set-roles USERNAME R1,R2
  users move USERNAME ORG_ID
  users disable USERNAME | users enable USERNAME
  users reset-password USERNAME
  service-accounts list
  service-accounts create --org ID --name TEXT   prints client_id and client_secret (once)
  service-accounts disable NAME
  keys list
  keys generate FILE   writes a new Ed25519 signing-key seed (mode 0600) for rotation
  audit list [--kind KIND] [--limit N]
  stats import FILE --dataset ID [--sdmx] [--validate-only]
                       streams FILE (long CSV, or SDMX-CSV with --sdmx) to atlas-stats as a
                       new draft version of dataset ID; prints the report (analyst or admin)
  stats release ID VERSION
                       releases that version (public queries read it)
      stats commands talk to atlas-stats: --stats-addr HOST:PORT (ATLAS_STATS_ADDR,
      default 127.0.0.1:50053), with the same token and TLS options
  health               grpc.health.v1 check of --addr (any process's gRPC or health
                       port); prints SERVING or NOT_SERVING, exit 0 only if SERVING

Exit status: 0 success, 1 the server refused (message on stderr), 2 usage error.
)";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool Has(const std::string& k) const { return options.contains(k); }
  std::string Get(const std::string& k, const std::string& def = "") const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr, "atlasctl: %s\n\n%s", problem.c_str(), kUsage);
  std::exit(2);  // NOLINT(concurrency-mt-unsafe): a CLI ending
}

Args Parse(int argc, char** argv) {
  static const std::vector<std::string> kFlags = {"--demo", "--sdmx", "--validate-only"};
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "-h" || s == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);  // NOLINT(concurrency-mt-unsafe)
    }
    if (s.rfind("--", 0) == 0) {
      if (std::find(kFlags.begin(), kFlags.end(), s) != kFlags.end()) {
        a.options[s] = "true";
      } else if (i + 1 < argc) {
        a.options[s] = argv[++i];
      } else {
        Usage(s + " needs a value");
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::string ReadFile(const std::string& path) {
  auto s = atlas::core::ReadSecretFile(path);
  if (!s.ok()) Usage(std::string(s.status().message()));
  return *s;
}

std::string Env(const char* name, const std::string& def = "") {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): nobody sets it
  return v != nullptr ? v : def;
}

void Print(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  std::cout << out;
}

int Fail(const grpc::Status& s) {
  std::fprintf(stderr, "atlasctl: %s: %s\n",
               absl::StatusCodeToString(static_cast<absl::StatusCode>(s.error_code())).c_str(),
               s.error_message().c_str());
  return 1;
}

// Signs in at the gateway's token endpoint and prints the access token.
int Token(const Args& a) {
  if (!a.Has("--user") || !a.Has("--password-file"))
    Usage("token needs --user and --password-file");
  std::string error;
  const std::string token = atlas::tools::RequestToken(
      a.Get("--gateway",
            Env("ATLAS_GATEWAY_URL",
                "http://127.0.0.1:" + std::to_string(atlas::core::kGateway.http_port))),
      {{"grant_type", "password"},
       {"username", a.Get("--user")},
       {"password", ReadFile(a.Get("--password-file"))}},
      &error);
  if (token.empty()) {
    std::fprintf(stderr, "atlasctl: %s\n", error.c_str());
    return 1;
  }
  std::cout << token << "\n";
  return 0;
}

int GenerateKey(const Args& a) {
  if (a.positional.size() < 3) Usage("keys generate needs a FILE");
  const std::string& path = a.positional[2];
  unsigned char seed[32];
  randombytes_buf(seed, sizeof seed);
  std::string b64(sodium_base64_ENCODED_LEN(sizeof seed, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(b64.data(), b64.size(), seed, sizeof seed,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(seed, sizeof seed);
  b64.resize(std::strlen(b64.c_str()));
  const mode_t old = umask(077);
  std::ofstream out(path, std::ios::trunc);
  umask(old);
  if (!(out << b64 << "\n")) {
    std::fprintf(stderr, "atlasctl: cannot write %s\n", path.c_str());
    return 1;
  }
  out.close();
  chmod(path.c_str(), 0600);
  std::printf("wrote %s (mode 0600); see docs/security.md, \"Rotating the signing key\"\n",
              path.c_str());
  return 0;
}

class Client {
 public:
  explicit Client(const Args& a) {
    const std::string addr =
        a.Get("--addr",
              Env("ATLAS_ADDR", "127.0.0.1:" + std::to_string(atlas::core::kGateway.grpc_port)));
    const std::string ca = a.Get("--tls-ca", Env("ATLAS_TLS_CA"));
    std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
    if (!ca.empty()) {
      grpc::SslCredentialsOptions o;
      o.pem_root_certs = ReadFile(ca);
      if (a.Has("--tls-cert")) {
        o.pem_cert_chain = ReadFile(a.Get("--tls-cert"));
        o.pem_private_key = ReadFile(a.Get("--tls-key"));
      }
      creds = grpc::SslCredentials(o);
    }
    token_ = a.Has("--token-file") ? ReadFile(a.Get("--token-file")) : Env("ATLAS_TOKEN");
    creds_ = creds;
    channel_ = grpc::CreateChannel(addr, creds);
    stub_ = v1::IdentityService::NewStub(channel_);
    stats_addr_ = a.Get(
        "--stats-addr",
        Env("ATLAS_STATS_ADDR", "127.0.0.1:" + std::to_string(atlas::core::kStats.grpc_port)));
  }

  // atlas-stats (its own gRPC port), with the same credentials.
  std::unique_ptr<atlas::stats::v1::StatsService::Stub> Stats() const {
    return atlas::stats::v1::StatsService::NewStub(grpc::CreateChannel(stats_addr_, creds_));
  }

  // grpc.health.v1 Check of the whole server.
  int Health() const {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    auto ctx = Context();
    if (grpc::Status s = health->Check(ctx.get(), req, &resp); !s.ok()) return Fail(s);
    std::puts(grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status()).c_str());
    return resp.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token_.empty()) ctx->AddMetadata("authorization", "Bearer " + token_);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }
  v1::IdentityService::Stub& stub() { return *stub_; }

  // The user whose user name is `username`, or exits with status 1.
  v1::User FindUser(const std::string& username) {
    v1::ListUsersRequest req;
    req.set_page_size(1000);
    do {
      v1::ListUsersResponse resp;
      grpc::Status s = stub_->ListUsers(Context().get(), req, &resp);
      if (!s.ok()) std::exit(Fail(s));  // NOLINT(concurrency-mt-unsafe)
      for (const auto& u : resp.users()) {
        if (u.username() == username) return u;
      }
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    std::fprintf(stderr, "atlasctl: no user %s\n", username.c_str());
    std::exit(1);  // NOLINT(concurrency-mt-unsafe)
  }

 private:
  std::string token_;
  std::shared_ptr<grpc::ChannelCredentials> creds_;
  std::string stats_addr_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
};

template <typename Req, typename Resp, typename Call>
int Run(Client& c, const Req& req, Resp* resp, Call call) {
  grpc::Status s = (c.stub().*call)(c.Context().get(), req, resp);
  if (!s.ok()) return Fail(s);
  Print(*resp);
  return 0;
}

int UpdateUser(Client& c, const std::string& username, const std::string& path,
               const std::function<void(v1::User*)>& change) {
  v1::User u = c.FindUser(username);
  v1::UpdateUserRequest req;
  *req.mutable_user() = u;
  change(req.mutable_user());
  req.mutable_update_mask()->add_paths(path);
  v1::User resp;
  return Run(c, req, &resp, &v1::IdentityService::Stub::UpdateUser);
}

// Streams a file to atlas-stats in 1 MiB chunks as a new draft version.
int StatsImport(const Client& c, const Args& a, const std::string& path) {
  if (!a.Has("--dataset")) Usage("stats import needs --dataset ID");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "atlasctl: cannot read %s\n", path.c_str());
    return 1;
  }
  auto ctx = c.Context();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  atlas::stats::v1::ImportReport report;
  auto stats = c.Stats();
  auto writer = stats->ImportDatasetVersionStream(ctx.get(), &report);
  std::string buf(1 << 20, '\0');
  bool first = true;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<size_t>(in.gcount());
    if (n == 0 && !first) break;
    atlas::stats::v1::ImportDatasetVersionRequest chunk;
    if (first) {
      chunk.set_name("datasets/" + a.Get("--dataset"));
      chunk.set_format(a.Has("--sdmx") ? atlas::stats::v1::SDMX_CSV : atlas::stats::v1::LONG_CSV);
      chunk.set_validate_only(a.Has("--validate-only"));
      first = false;
    }
    chunk.set_data(buf.substr(0, n));
    if (!writer->Write(chunk)) break;  // the server ended the call: Finish says why
  }
  writer->WritesDone();
  if (grpc::Status s = writer->Finish(); !s.ok()) return Fail(s);
  Print(report);
  return 0;
}

int StatsRelease(const Client& c, const std::string& id, const std::string& version) {
  atlas::stats::v1::ReleaseDatasetVersionRequest req;
  req.set_name("datasets/" + id + "/versions/" + version);
  atlas::stats::v1::DatasetVersion resp;
  if (grpc::Status s = c.Stats()->ReleaseDatasetVersion(c.Context().get(), req, &resp); !s.ok()) {
    return Fail(s);
  }
  Print(resp);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  Args a = Parse(argc, argv);
  const auto& p = a.positional;
  if (p.empty()) Usage("no command");
  const std::string cmd = p[0];
  const std::string sub = p.size() > 1 ? p[1] : "";
  const auto arg = [&](size_t i, const char* what) {
    if (p.size() <= i) Usage(cmd + " " + sub + " needs " + what);
    return p[i];
  };
  if (cmd == "token") return Token(a);
  if (cmd == "keys" && sub == "generate") return GenerateKey(a);
  Client c(a);
  if (cmd == "health") return c.Health();
  if (cmd == "stats" && sub == "import") return StatsImport(c, a, arg(2, "a FILE"));
  if (cmd == "stats" && sub == "release") {
    return StatsRelease(c, arg(2, "a dataset ID"), arg(3, "a VERSION"));
  }
  using Stub = v1::IdentityService::Stub;
  if (cmd == "orgs" && sub == "list") {
    v1::ListOrganisationsRequest req;
    req.set_page_size(1000);
    v1::ListOrganisationsResponse resp;
    return Run(c, req, &resp, &Stub::ListOrganisations);
  }
  if (cmd == "orgs" && sub == "get") {
    v1::GetOrganisationRequest req;
    req.set_name("organisations/" + arg(2, "an ID"));
    v1::Organisation resp;
    return Run(c, req, &resp, &Stub::GetOrganisation);
  }
  if (cmd == "orgs" && sub == "create") {
    v1::CreateOrganisationRequest req;
    req.set_organisation_id(arg(2, "an ID"));
    auto* o = req.mutable_organisation();
    v1::OrganisationKind kind = v1::ORGANISATION_KIND_UNSPECIFIED;
    std::string upper = a.Get("--kind");
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!v1::OrganisationKind_Parse(upper, &kind)) Usage("unknown --kind " + a.Get("--kind"));
    o->set_kind(kind);
    o->set_display_name_fr(a.Get("--name-fr"));
    o->set_display_name_ar(a.Get("--name-ar"));
    o->set_display_name_en(a.Get("--name-en"));
    o->set_country(a.Get("--country"));
    o->set_iati_identifier(a.Get("--iati"));
    o->set_demo(a.Has("--demo"));
    v1::Organisation resp;
    return Run(c, req, &resp, &Stub::CreateOrganisation);
  }
  if (cmd == "users" && sub == "list") {
    v1::ListUsersRequest req;
    req.set_page_size(1000);
    if (a.Has("--org")) req.set_organisation("organisations/" + a.Get("--org"));
    v1::ListUsersResponse resp;
    return Run(c, req, &resp, &Stub::ListUsers);
  }
  if (cmd == "users" && sub == "create") {
    v1::CreateUserRequest req;
    req.mutable_user()->set_username(arg(2, "a USERNAME"));
    req.mutable_user()->set_organisation("organisations/" + a.Get("--org"));
    for (absl::string_view r : absl::StrSplit(a.Get("--roles"), ',', absl::SkipEmpty())) {
      req.mutable_user()->add_roles(std::string(r));
    }
    if (a.Has("--password-file")) req.set_password(ReadFile(a.Get("--password-file")));
    v1::CreateUserResponse resp;
    return Run(c, req, &resp, &Stub::CreateUser);
  }
  if (cmd == "users" && sub == "set-roles") {
    const std::string roles = arg(3, "roles");
    return UpdateUser(c, arg(2, "a USERNAME"), "roles", [&](v1::User* u) {
      u->clear_roles();
      for (absl::string_view r : absl::StrSplit(roles, ',', absl::SkipEmpty())) {
        u->add_roles(std::string(r));
      }
    });
  }
  if (cmd == "users" && sub == "move") {
    const std::string org = arg(3, "an ORG_ID");
    return UpdateUser(c, arg(2, "a USERNAME"), "organisation",
                      [&](v1::User* u) { u->set_organisation("organisations/" + org); });
  }
  if (cmd == "users" && (sub == "disable" || sub == "enable")) {
    return UpdateUser(c, arg(2, "a USERNAME"), "disabled",
                      [&](v1::User* u) { u->set_disabled(sub == "disable"); });
  }
  if (cmd == "users" && sub == "reset-password") {
    v1::ResetPasswordRequest req;
    req.set_name(c.FindUser(arg(2, "a USERNAME")).name());
    v1::ResetPasswordResponse resp;
    return Run(c, req, &resp, &Stub::ResetPassword);
  }
  if (cmd == "service-accounts" && sub == "list") {
    v1::ListServiceAccountsRequest req;
    req.set_page_size(1000);
    v1::ListServiceAccountsResponse resp;
    return Run(c, req, &resp, &Stub::ListServiceAccounts);
  }
  if (cmd == "service-accounts" && sub == "create") {
    v1::CreateServiceAccountRequest req;
    req.mutable_service_account()->set_organisation("organisations/" + a.Get("--org"));
    req.mutable_service_account()->set_display_name(a.Get("--name"));
    v1::CreateServiceAccountResponse resp;
    return Run(c, req, &resp, &Stub::CreateServiceAccount);
  }
  if (cmd == "service-accounts" && sub == "disable") {
    v1::DisableServiceAccountRequest req;
    std::string name = arg(2, "a NAME");
    if (name.rfind("serviceAccounts/", 0) != 0) name = "serviceAccounts/" + name;
    req.set_name(name);
    v1::ServiceAccount resp;
    return Run(c, req, &resp, &Stub::DisableServiceAccount);
  }
  if (cmd == "keys" && sub == "list") {
    v1::ListSigningKeysResponse resp;
    return Run(c, v1::ListSigningKeysRequest(), &resp, &Stub::ListSigningKeys);
  }
  if (cmd == "audit" && sub == "list") {
    v1::ListAuditEntriesRequest req;
    req.set_kind(a.Get("--kind"));
    req.set_page_size(std::atoi(a.Get("--limit", "50").c_str()));
    v1::ListAuditEntriesResponse resp;
    return Run(c, req, &resp, &Stub::ListAuditEntries);
  }
  Usage("unknown command: " + cmd + " " + sub);
}
