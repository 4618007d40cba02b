// The gateway over real HTTP and real gRPC, with a stand-in registry backend
// (three RPCs of the real service definition, checking tokens with the real
// Authorizer): routing from annotations, JSON mapping, and every unhappy path
// the HTTP surface promises (400/404/405/413/415/503). The gateway's tests
// need nothing of the registry but its protos.
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "atlas/auth/jwt.h"
#include "atlas/core/status.h"
#include "atlas/registry/v1/registry_service.grpc.pb.h"
#include "atlas/rpc/authorize.h"
#include "atlas/rpc/handler.h"
#include "gateway/api/gateway.h"
#include "gateway/edge/search_generation.h"
#include "gateway/http/server.h"
#include "gtest/gtest.h"

namespace atlas::gateway {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

struct Reply {
  unsigned status = 0;
  std::string body;
  std::string allow, content_language;
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
};

constexpr core::Text kRequired = {"is required", "est requis", "مطلوب"};

// Projects as a registry keeps them, for this test: drafts seen by their
// organisation only, a title required, MA-99 no region.
class FakeRegistry final : public registry::v1::RegistryService::CallbackService {
 public:
  explicit FakeRegistry(rpc::Authorizer& authz) : authz_(authz) {}
  int writes = 0;

  grpc::ServerUnaryReactor* CreateProject(grpc::CallbackServerContext* ctx,
                                          const registry::v1::CreateProjectRequest* req,
                                          registry::v1::Project* resp) override {
    return rpc::Unary(
        ctx, authz_, "atlas.registry.v1.RegistryService.CreateProject",
        [&](const rpc::Caller& caller) -> absl::Status {
          std::vector<core::FieldViolation> bad;
          if (req->project().title().fr().empty()) {
            bad.push_back(core::Violation("project.title", kRequired));
          }
          for (int i = 0; i < req->project().region_codes_size(); ++i) {
            if (req->project().region_codes(i) == "MA-99") {
              bad.push_back(
                  core::Violation("project.region_codes[" + std::to_string(i) + "]", kRequired));
            }
          }
          if (!bad.empty()) return core::InvalidFields(bad);
          registry::v1::Project p = req->project();
          p.set_name("projects/00000000-0000-4000-8000-00000000000" +
                     std::to_string(projects_.size() + 1));
          p.set_state(registry::v1::DRAFT);
          p.set_organisation(caller.organisation);
          projects_.push_back(p);
          ++writes;
          *resp = p;
          // As atlas-registry: the change log's generation committed.
          ctx->AddTrailingMetadata(rpc::kSearchGenerationKey, std::to_string(100 + writes));
          return absl::OkStatus();
        });
  }
  grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* ctx,
                                       const registry::v1::GetProjectRequest* req,
                                       registry::v1::Project* resp) override {
    return rpc::Unary(ctx, authz_, "atlas.registry.v1.RegistryService.GetProject",
                      [&](const rpc::Caller& caller) -> absl::Status {
                        Record(ctx, sheet_generation_);
                        for (const auto& p : projects_) {
                          if (p.name() == req->name() && Sees(caller, p)) {
                            *resp = p;
                            return absl::OkStatus();
                          }
                        }
                        return absl::NotFoundError("no such project");
                      });
  }
  grpc::ServerUnaryReactor* ListProjects(grpc::CallbackServerContext* ctx,
                                         const registry::v1::ListProjectsRequest*,
                                         registry::v1::ListProjectsResponse* resp) override {
    return rpc::Unary(ctx, authz_, "atlas.registry.v1.RegistryService.ListProjects",
                      [&](const rpc::Caller& caller) -> absl::Status {
                        Record(ctx, seen_generation_);
                        for (const auto& p : projects_) {
                          if (Sees(caller, p)) *resp->add_projects() = p;
                        }
                        return absl::OkStatus();
                      });
  }

 private:
  static bool Sees(const rpc::Caller& c, const registry::v1::Project& p) {
    return p.state() == registry::v1::PUBLISHED ||
           (!c.anonymous && c.organisation == p.organisation());
  }
  rpc::Authorizer& authz_;
  std::vector<registry::v1::Project> projects_;
  std::mutex mu_;
  std::string seen_generation_;   // on the last ListProjects
  std::string sheet_generation_;  // on the last GetProject
  // The generation the gateway named on a call, or "(none)".
  void Record(grpc::CallbackServerContext* ctx, std::string& into) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = ctx->client_metadata().find(rpc::kSearchGenerationKey);
    into = it == ctx->client_metadata().end() ? "(none)"
                                              : std::string(it->second.data(), it->second.size());
  }

 public:
  std::string SheetGeneration() {
    std::lock_guard<std::mutex> lock(mu_);
    return sheet_generation_;
  }
  std::string SeenGeneration() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_generation_;
  }
};

class GatewayHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auth::KeySet keys;
    ASSERT_TRUE(keys.Add(key_.kid(), key_.public_key()).ok());
    rpc::AuthorizerOptions auth_options;
    auth_options.keys = keys;
    authz_ = std::make_unique<rpc::Authorizer>(auth_options);
    api_ = std::make_unique<FakeRegistry>(*authz_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(api_.get());
    grpc_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    // geo points at a port where nothing listens: a backend that is down.
    auto g = Gateway::Create(
        {.backends = {{"registry", "127.0.0.1:" + std::to_string(port)}, {"geo", "127.0.0.1:1"}},
         .backend_timeout = std::chrono::milliseconds(2000),
         .body_limit = 4096,
         .cors_origins = {"https://partner.example.org"},
         .search_generation = std::make_shared<SearchGeneration>()},
        nullptr);
    ASSERT_TRUE(g.ok()) << g.status();
    gateway_ = *std::move(g);
    Gateway* gw = gateway_.get();
    auto s = http::Server::Start(
        {.host = "127.0.0.1", .port = 0, .threads = 2, .body_limit = 4096},
        [gw](http::Request&& r, const std::string& peer, http::Reply reply) {
          gw->Handle(std::move(r), peer, std::move(reply));
        },
        [gw](unsigned status, const http::Request* r) { return gw->ProtocolError(status, r); });
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = *std::move(s);
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (grpc_) grpc_->Shutdown();
  }

  // A token for `roles`, signed by the key the registry trusts.
  std::string Bearer(std::vector<std::string> roles) {
    auth::Claims c;
    c.issuer = "atlas";
    c.audience = "atlas";
    c.subject = "users/test";
    c.organisation = "organisations/assoc-oujda";
    c.roles = std::move(roles);
    c.issued_at = std::time(nullptr);
    c.expires_at = c.issued_at + 600;
    return "Bearer " + auth::IssueToken(c, key_);
  }

  Reply Send(bhttp::verb verb, const std::string& target, const std::string& body = "",
             const std::string& content_type = "application/json", const std::string& lang = "",
             const std::string& authorization = "") {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(server_->port())));
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "localhost");
    if (!lang.empty()) req.set(bhttp::field::accept_language, lang);
    if (!authorization.empty()) req.set(bhttp::field::authorization, authorization);
    if (!body.empty()) {
      req.set(bhttp::field::content_type, content_type);
      req.body() = body;
    }
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    beast::error_code ec;
    bhttp::read(stream, buf, res, ec);
    return {res.result_int(), res.body(), std::string(res[bhttp::field::allow]),
            std::string(res[bhttp::field::content_language])};
  }

  auth::SigningKey key_ = auth::SigningKey::Generate("k1");
  std::unique_ptr<rpc::Authorizer> authz_;
  std::unique_ptr<FakeRegistry> api_;
  std::unique_ptr<grpc::Server> grpc_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(GatewayHttpTest, CreateGetAndListThroughRestRoutes) {
  Reply created = Send(
      bhttp::verb::post, "/v1/projects",
      R"({"title":{"fr":"Oujda diaspora hub"},"themes":["investment"],"regionCodes":["MA-02"]})",
      "application/json", "", Bearer({"editor"}));
  ASSERT_EQ(created.status, 200u) << created.body;
  const std::string name = created.Json()["name"];
  EXPECT_EQ(created.Json()["state"], "DRAFT");
  EXPECT_EQ(created.Json()["organisation"], "organisations/assoc-oujda");
  Reply got = Send(bhttp::verb::get, "/v1/" + name, "", "", "", Bearer({"editor"}));
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(got.Json()["title"]["fr"], "Oujda diaspora hub");
  Reply list = Send(bhttp::verb::get, "/v1/projects?page_size=10", "", "", "", Bearer({"editor"}));
  ASSERT_EQ(list.status, 200u);
  EXPECT_EQ(list.Json()["projects"].size(), 1u);
  // A draft does not exist for the public.
  EXPECT_EQ(Send(bhttp::verb::get, "/v1/" + name).status, 404u);
  EXPECT_EQ(Send(bhttp::verb::get, "/v1/projects").Json()["projects"].size(), 0u);
}

// The registry's answer to a write names the generation of its change log
// the write committed; the gateway passes the highest it heard of on with
// each anonymous search (which then reflects the write on any replica), and
// nothing with a signed-in one (decision 0040).
TEST_F(GatewayHttpTest, AnonymousSearchesCarryTheGenerationOfTheLastWrite) {
  auto create = [&](const std::string& title) {
    return Send(bhttp::verb::post, "/v1/projects", R"({"title":{"fr":")" + title + R"("}})",
                "application/json", "", Bearer({"editor"}))
        .status;
  };
  auto seen = [&](const std::string& target, const std::string& authorization = "") {
    EXPECT_EQ(Send(bhttp::verb::get, target, "", "", "", authorization).status, 200u);
    return api_->SeenGeneration();
  };
  EXPECT_EQ(seen("/v1/projects"), "0");
  ASSERT_EQ(create("Oujda diaspora hub"), 200u);
  EXPECT_EQ(seen("/v1/projects?themes=investment"), "101");
  ASSERT_EQ(create(""), 400u) << "a refused write commits nothing and says nothing";
  EXPECT_EQ(seen("/v1/projects", Bearer({"editor"})), "(none)") << "signed in: always checked";
  ASSERT_EQ(create("Nador incubator"), 200u);
  EXPECT_EQ(seen("/v1/projects"), "102");
  // Only searches use it: a sheet is read from PostgreSQL anyway.
  EXPECT_EQ(Send(bhttp::verb::get, "/v1/projects/unknown", "", "", "", "").status, 404u);
  EXPECT_EQ(api_->SheetGeneration(), "(none)");
}

TEST_F(GatewayHttpTest, ValidationErrorsCarryFieldViolations) {
  Reply r =
      Send(bhttp::verb::post, "/v1/projects", R"({"title":{"fr":""},"regionCodes":["MA-99"]})",
           "application/json", "", Bearer({"editor"}));
  ASSERT_EQ(r.status, 400u) << r.body;
  auto j = r.Json();
  EXPECT_EQ(j["status"], "INVALID_ARGUMENT");
  auto fv = j["details"][0]["fieldViolations"];
  ASSERT_EQ(fv.size(), 2u) << r.body;
  EXPECT_EQ(fv[0]["field"], "project.title");
  EXPECT_EQ(fv[1]["field"], "project.region_codes[0]");
  EXPECT_TRUE(api_->writes == 0) << "nothing may be written";
}

TEST_F(GatewayHttpTest, TheServiceChecksTokensAndRoles) {
  const std::string body = R"({"title":{"fr":"x"}})";
  Reply none = Send(bhttp::verb::post, "/v1/projects", body, "application/json", "fr");
  EXPECT_EQ(none.status, 401u) << none.body;
  EXPECT_EQ(none.Json()["status"], "UNAUTHENTICATED");
  EXPECT_EQ(none.Json()["message"],
            "Cette opération exige un jeton d'accès valide (Authorization: Bearer …)");
  Reply analyst =
      Send(bhttp::verb::post, "/v1/projects", body, "application/json", "", Bearer({"analyst"}));
  EXPECT_EQ(analyst.status, 403u) << analyst.body;
  Reply forged = Send(bhttp::verb::post, "/v1/projects", body, "application/json", "",
                      Bearer({"editor"}) + "x");
  EXPECT_EQ(forged.status, 401u) << forged.body;
  Reply basic = Send(bhttp::verb::get, "/v1/projects", "", "", "", "Basic YWRtaW46YWRtaW4=");
  EXPECT_EQ(basic.status, 401u) << "a credential that is not a bearer token is refused";
  EXPECT_TRUE(api_->writes == 0) << "nothing written by refused calls";
  EXPECT_EQ(Send(bhttp::verb::get, "/v1/projects").status, 200u) << "public read";
}

TEST_F(GatewayHttpTest, MalformedJsonUnknownFieldsAndWrongTypesAre400) {
  for (const char* body :
       {"{\"title\": ", R"({"title":{"fr":"x"},"colour":12})", R"({"title":["x"]})"}) {
    Reply r = Send(bhttp::verb::post, "/v1/projects", body);
    EXPECT_EQ(r.status, 400u) << body;
    EXPECT_FALSE(r.Json()["details"][0]["fieldViolations"].empty()) << r.body;
  }
  Reply q = Send(bhttp::verb::get, "/v1/projects?page_size=lots");
  EXPECT_EQ(q.status, 400u);
  Reply unknown = Send(bhttp::verb::get, "/v1/projects?colour=red");
  EXPECT_EQ(unknown.status, 400u);
  EXPECT_TRUE(api_->writes == 0);
}

TEST_F(GatewayHttpTest, ProtocolAndRoutingErrors) {
  Reply big = Send(bhttp::verb::post, "/v1/projects", std::string(5000, ' '));
  EXPECT_EQ(big.status, 413u) << big.body;
  EXPECT_EQ(big.Json()["code"], 413);
  Reply missing = Send(bhttp::verb::get, "/v1/nowhere", "", "", "fr");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.Json()["message"], "Aucune ressource à l'adresse /v1/nowhere");
  EXPECT_EQ(missing.content_language, "fr");
  Reply method = Send(bhttp::verb::delete_, "/v1/projects");
  EXPECT_EQ(method.status, 405u);
  EXPECT_EQ(method.allow, "GET, POST");
  Reply media =
      Send(bhttp::verb::post, "/v1/projects", "title=x", "application/x-www-form-urlencoded");
  EXPECT_EQ(media.status, 415u);
  Reply notfound = Send(bhttp::verb::get, "/v1/projects/00000000-0000-4000-8000-000000000009");
  EXPECT_EQ(notfound.status, 404u);
  EXPECT_EQ(notfound.Json()["status"], "NOT_FOUND");
}

TEST_F(GatewayHttpTest, BackendDownIs503InTheCallersLanguage) {
  Reply r = Send(bhttp::verb::get, "/v1/map/locations?bbox=-17,20,-1,36", "", "", "ar");
  EXPECT_EQ(r.status, 503u) << r.body;
  EXPECT_EQ(r.Json()["status"], "UNAVAILABLE");
  EXPECT_EQ(r.Json()["message"], "خدمة geo غير متاحة حاليًا؛ يرجى إعادة المحاولة بعد قليل");
  // The gateway itself can still serve (other routes, its pages): ready, degraded.
  Reply ready = Send(bhttp::verb::get, "/readyz");
  EXPECT_EQ(ready.status, 200u) << ready.body;
  EXPECT_EQ(ready.Json()["status"], "degraded");
  EXPECT_EQ(ready.Json()["backends"]["geo"], "UNREACHABLE");
  // Draining (shutdown has begun) is the one time readiness says no.
  gateway_->SetDraining();
  EXPECT_EQ(Send(bhttp::verb::get, "/readyz").status, 503u);
}

TEST_F(GatewayHttpTest, CorsOnlyForListedOrigins) {
  auto send = [&](bhttp::verb verb, const std::string& origin) {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(server_->port())));
    bhttp::request<bhttp::string_body> req{verb, "/v1/projects", 11};
    req.set(bhttp::field::host, "localhost");
    req.set(bhttp::field::origin, origin);
    req.set(bhttp::field::access_control_request_method, "POST");
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buf, res);
    return res;
  };
  auto ok = send(bhttp::verb::options, "https://partner.example.org");
  EXPECT_EQ(ok.result_int(), 204u);
  EXPECT_EQ(ok[bhttp::field::access_control_allow_origin], "https://partner.example.org");
  EXPECT_NE(ok[bhttp::field::access_control_allow_headers].find("Authorization"),
            std::string::npos);
  auto evil = send(bhttp::verb::options, "https://evil.example");
  EXPECT_EQ(evil.result_int(), 403u);
  EXPECT_EQ(evil[bhttp::field::access_control_allow_origin], "");
  auto get = send(bhttp::verb::get, "https://partner.example.org");
  EXPECT_EQ(get.result_int(), 200u);
  EXPECT_EQ(get[bhttp::field::access_control_allow_origin], "https://partner.example.org");
  EXPECT_EQ(get[bhttp::field::vary], "Accept-Encoding, Accept-Language, Authorization, Origin");
  auto other = send(bhttp::verb::get, "https://evil.example");
  EXPECT_EQ(other[bhttp::field::access_control_allow_origin], "")
      << "served (same answer as without CORS), but the browser will not expose it";
}

TEST_F(GatewayHttpTest, HealthzAndOpenApiFromTheProtos) {
  EXPECT_EQ(Send(bhttp::verb::get, "/healthz").status, 200u);
  Reply doc = Send(bhttp::verb::get, "/openapi.json");
  ASSERT_EQ(doc.status, 200u);
  auto j = doc.Json();
  EXPECT_EQ(j["openapi"], "3.0.3");
  EXPECT_TRUE(j["paths"]["/v1/projects"].contains("post"));
  EXPECT_TRUE(j["paths"]["/v1/{name}"].contains("get"));
  const auto& project = j["components"]["schemas"]["atlas.registry.v1.Project"];
  ASSERT_TRUE(project.is_object());
  // (google.api.field_behavior) in the protos: set by the server, or required.
  EXPECT_EQ(project["properties"]["state"]["readOnly"], true);
  EXPECT_EQ(project["properties"]["createTime"]["readOnly"], true)
      << project["properties"]["createTime"];
  EXPECT_FALSE(project["properties"]["title"].contains("readOnly"));
  EXPECT_EQ(j["components"]["schemas"]["atlas.registry.v1.RejectProjectRequest"]["required"],
            nlohmann::json::array({"name", "reason"}));
}

}  // namespace
}  // namespace atlas::gateway
