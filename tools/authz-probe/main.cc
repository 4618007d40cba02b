// atlas-authz-probe: calls every RPC of the given services directly over
// gRPC, once per caller, with an empty request, and prints one line per call:
//   <full method name> <caller> <gRPC status code name>
// The system test (tests/system/test_authz.py) compares the lines with the
// generated authorization matrix. A test tool: no retries, 5 s per call.
//
// usage: atlas-authz-probe --service FULL_NAME=HOST:PORT ... --caller NAME=TOKEN_FILE ...
//        (caller "public" has no token)
#include <google/protobuf/descriptor.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include <cstdio>

#include <future>
#include <map>
#include <string>
#include <vector>
#include "absl/status/status.h"
#include "atlas/core/config.h"

namespace {}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> services;  // full name -> address
  std::vector<std::pair<std::string, std::string>> callers = {{"public", ""}};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    const auto eq = value.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "atlas-authz-probe: expected NAME=VALUE after %s\n", flag.c_str());
      return 2;
    }
    if (flag == "--service") {
      services[value.substr(0, eq)] = value.substr(eq + 1);
    } else if (flag == "--caller") {
      auto token = atlas::core::ReadSecretFile(value.substr(eq + 1));
      if (!token.ok()) {
        std::fprintf(stderr, "atlas-authz-probe: %s\n",
                     std::string(token.status().message()).c_str());
        return 2;
      }
      callers.emplace_back(value.substr(0, eq), *token);
    } else {
      std::fprintf(stderr, "atlas-authz-probe: unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const auto& [name, address] : services) {
    const auto* svc = pool->FindServiceByName(name);
    if (svc == nullptr) {
      std::fprintf(stderr, "atlas-authz-probe: service %s is not linked in\n", name.c_str());
      return 2;
    }
    grpc::GenericStub stub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    for (int m = 0; m < svc->method_count(); ++m) {
      const auto* method = svc->method(m);
      const std::string path = "/" + svc->full_name() + "/" + method->name();
      for (const auto& [caller, token] : callers) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
        grpc::ByteBuffer request, response;  // empty bytes = an empty request message
        grpc::Slice empty("");
        request = grpc::ByteBuffer(&empty, 1);
        std::promise<grpc::Status> done;
        stub.UnaryCall(&ctx, path, grpc::StubOptions(), &request, &response,
                       [&done](grpc::Status s) { done.set_value(std::move(s)); });
        const grpc::Status st = done.get_future().get();
        std::printf(
            "%s %s %s\n", method->full_name().c_str(), caller.c_str(),
            absl::StatusCodeToString(static_cast<absl::StatusCode>(st.error_code())).c_str());
      }
    }
  }
  return 0;
}
