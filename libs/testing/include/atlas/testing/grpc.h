// A service's own gRPC surface in a unit test: the real handler class on a
// real gRPC server (127.0.0.1, a free port), called through its generated
// stub with tokens signed by a key the service's Authorizer trusts. The
// domain behind it runs on an in-memory store, so no database is needed.
//
//   atlas::testing::ServiceHarness h;
//   StatsServiceImpl api(service, h.authorizer());
//   h.Start(&api);
//   auto stub = v1::StatsService::NewStub(h.channel());
//   grpc::ClientContext ctx;
//   h.Authenticate(ctx, {"analyst"}, "organisations/ministry");
#ifndef ATLAS_TESTING_GRPC_H_
#define ATLAS_TESTING_GRPC_H_

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "atlas/auth/jwt.h"
#include "atlas/auth/keys.h"
#include "atlas/rpc/authorize.h"
#include "gtest/gtest.h"

namespace atlas::testing {

class ServiceHarness {
 public:
  ServiceHarness() : key_(auth::SigningKey::Generate("test")) {
    auth::KeySet keys;
    EXPECT_TRUE(keys.Add(key_.kid(), key_.public_key()).ok());
    rpc::AuthorizerOptions options;
    options.keys = keys;
    authz_ = std::make_unique<rpc::Authorizer>(options);
  }
  ~ServiceHarness() { Stop(); }

  // Stops serving; a fixture calls it from TearDown() when the service it
  // serves is destroyed before the harness. Idempotent.
  void Stop() {
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
    server_.reset();
  }

  rpc::Authorizer& authorizer() { return *authz_; }

  void Start(grpc::Service* service) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port_, 0);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                                   grpc::InsecureChannelCredentials());
  }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  // Adds a bearer token with `roles` in `organisation` (and the caller's
  // language) to `ctx`; no roles = an anonymous call.
  void Authenticate(grpc::ClientContext& ctx, const std::vector<std::string>& roles,
                    const std::string& organisation = "organisations/ministry",
                    const std::string& language = "en") {
    ctx.AddMetadata("accept-language", language);
    if (roles.empty()) return;
    auth::Claims c;
    c.issuer = "atlas";
    c.audience = "atlas";
    c.subject = "users/00000000-0000-4000-8000-000000000001";
    c.organisation = organisation;
    c.username = "tester";
    c.roles = roles;
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    c.issued_at = now;
    c.expires_at = now + 300;
    c.token_id = "test-token";
    ctx.AddMetadata("authorization", "Bearer " + auth::IssueToken(c, key_));
  }

 private:
  auth::SigningKey key_;
  std::unique_ptr<rpc::Authorizer> authz_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  int port_ = 0;
};

}  // namespace atlas::testing

#endif  // ATLAS_TESTING_GRPC_H_
