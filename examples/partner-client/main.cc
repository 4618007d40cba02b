// A partner system calling atlas.registry.v1 directly over gRPC with TLS (and
// optionally a client certificate, mTLS), authenticated by its service
// account: the worked example of docs/partners.md.
//
//   1. Obtain an access token with the OAuth 2.0 client-credentials grant
//      (POST /v1/auth/token at the gateway, client_id + client_secret).
//   2. Open a TLS channel to the registry, trusting the platform's CA.
//   3. Send the token as "authorization: Bearer …" metadata on every call.
//
// usage: atlas-partner-client --gateway http://HOST:PORT --registry HOST:PORT
//          --client-id ID --client-secret-file FILE --ca FILE
//          [--cert FILE --key FILE] [--lang fr|ar|en] COMMAND
// COMMAND: list | get projects/ID | create TITLE [--organisation organisations/ID]
//          | stream [--region MA-02] | import-stream FILE.xml...
// Exit status: 0 success, 1 refused (gRPC code and message on stderr), 2 usage.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "atlas/registry/v1/registry_service.grpc.pb.h"
#include "common/oauth_client.h"

namespace {

namespace v1 = atlas::registry::v1;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "atlas-partner-client: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

int Refused(const grpc::Status& s) {
  // gRPC and absl share the canonical codes: print the code's name, then the message.
  std::fprintf(stderr, "%s: %s\n",
               absl::StatusCodeToString(static_cast<absl::StatusCode>(s.error_code())).c_str(),
               s.error_message().c_str());
  return 1;
}

void PrintProject(const v1::Project& p) {
  std::printf("%s\t%s\t%s\t%s\n", p.name().c_str(), p.organisation().c_str(),
              v1::ProjectState_Name(p.state()).c_str(), p.title().fr().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && i + 1 < argc) {
      opt[a] = argv[++i];
    } else {
      args.push_back(a);
    }
  }
  if (args.empty() || !opt.contains("--registry") || !opt.contains("--client-id") ||
      !opt.contains("--client-secret-file")) {
    std::fputs("usage: see the top of examples/partner-client/main.cc and docs/partners.md\n",
               stderr);
    return 2;
  }

  // 1. A short-lived access token for the service account.
  std::string error;
  const std::string token = atlas::tools::RequestToken(
      opt.contains("--gateway") ? opt["--gateway"] : "http://127.0.0.1:8080",
      {{"grant_type", "client_credentials"},
       {"client_id", opt["--client-id"]},
       {"client_secret", ReadFile(opt["--client-secret-file"])}},
      &error);
  if (token.empty()) {
    std::fprintf(stderr, "atlas-partner-client: %s\n", error.c_str());
    return 1;
  }

  // 2. TLS to the registry; with --cert/--key the client also proves who it is.
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (opt.contains("--ca")) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadFile(opt["--ca"]);
    if (opt.contains("--cert")) {
      tls.pem_cert_chain = ReadFile(opt["--cert"]);
      tls.pem_private_key = ReadFile(opt["--key"]);
    }
    creds = grpc::SslCredentials(tls);
  } else {
    creds = grpc::InsecureChannelCredentials();  // local runs without TLS only
  }
  auto stub = v1::RegistryService::NewStub(grpc::CreateChannel(opt["--registry"], creds));

  // 3. Every call carries the token (and the language for error messages).
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.AddMetadata("accept-language", opt.contains("--lang") ? opt["--lang"] : "fr");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));

  const std::string& cmd = args[0];
  if (cmd == "list") {
    v1::ListProjectsRequest req;
    req.set_page_size(100);
    v1::ListProjectsResponse resp;
    grpc::Status s = stub->ListProjects(&ctx, req, &resp);
    if (!s.ok()) return Refused(s);
    for (const auto& p : resp.projects()) PrintProject(p);
    return 0;
  }
  if (cmd == "get" && args.size() == 2) {
    v1::GetProjectRequest req;
    req.set_name(args[1]);
    v1::Project resp;
    grpc::Status s = stub->GetProject(&ctx, req, &resp);
    if (!s.ok()) return Refused(s);
    PrintProject(resp);
    return 0;
  }
  if (cmd == "create" && args.size() == 2) {
    v1::CreateProjectRequest req;
    req.mutable_project()->mutable_title()->set_fr(args[1]);
    if (opt.contains("--organisation")) req.mutable_project()->set_organisation(opt["--organisation"]);
    v1::Project resp;
    grpc::Status s = stub->CreateProject(&ctx, req, &resp);
    if (!s.ok()) return Refused(s);
    PrintProject(resp);
    return 0;
  }
  if (cmd == "stream") {
    // Bulk export: every published project, streamed one message at a time.
    v1::StreamProjectsRequest req;
    if (opt.contains("--region")) req.mutable_filter()->add_region_codes(opt["--region"]);
    auto reader = stub->StreamProjects(&ctx, req);
    v1::Project p;
    int n = 0;
    while (reader->Read(&p)) {
      if (n++ < 3) PrintProject(p);
    }
    grpc::Status s = reader->Finish();
    if (!s.ok()) return Refused(s);
    std::printf("streamed %d projects\n", n);
    return 0;
  }
  if (cmd == "import-stream" && args.size() >= 2) {
    // Bulk import: each file is one IATI document of the stream.
    v1::ImportProjectsResponse report;
    auto writer = stub->ImportProjectStream(&ctx, &report);
    for (size_t i = 1; i < args.size(); ++i) {
      v1::ImportProjectStreamRequest req;
      req.set_iati_xml(ReadFile(args[i]));
      if (!writer->Write(req)) break;
    }
    writer->WritesDone();
    grpc::Status s = writer->Finish();
    if (!s.ok()) return Refused(s);
    std::printf("created %d updated %d unchanged %d failed %d issues %d\n", report.created(),
                report.updated(), report.unchanged(), report.failed(), report.issues_size());
    return 0;
  }
  std::fprintf(stderr, "atlas-partner-client: unknown command %s\n", cmd.c_str());
  return 2;
}
