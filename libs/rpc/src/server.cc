// gRPC server bootstrap.
#include "atlas/rpc/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <ctime>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "atlas/rpc/metrics.h"

namespace atlas::rpc {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& var, const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in || text.find("-----BEGIN") == std::string::npos) {
    return absl::InvalidArgumentError(var + ": cannot read a PEM file at " + path);
  }
  return text;
}

// The notAfter of the first certificate in `pem`, seconds since the epoch; 0 if unreadable.
double NotAfter(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = bio != nullptr ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  double out = 0;
  std::tm tm{};
  if (cert != nullptr && ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1) {
    out = static_cast<double>(timegm(&tm));
  }
  X509_free(cert);
  BIO_free(bio);
  return out;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsServerCredentials(
    const core::TlsConfig& tls) {
  auto cert = ReadPem("ATLAS_TLS_CERT_FILE", tls.cert_file);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("ATLAS_TLS_KEY_FILE", tls.key_file);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(
      tls.client_auth == "require"    ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
      : tls.client_auth == "optional" ? GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY
                                      : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  if (!tls.client_ca_file.empty()) {
    auto ca = ReadPem("ATLAS_TLS_CLIENT_CA_FILE", tls.client_ca_file);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsChannelCredentials(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file) {
  grpc::SslCredentialsOptions options;
  if (!ca_file.empty()) {
    auto ca = ReadPem("CA file", ca_file);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  if (!cert_file.empty()) {
    auto cert = ReadPem("client certificate", cert_file);
    if (!cert.ok()) return cert.status();
    auto key = ReadPem("client key", key_file);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const std::string& address,
                                                      const std::vector<grpc::Service*>& services,
                                                      prometheus::Registry* metrics,
                                                      const core::TlsConfig& tls) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::unique_ptr<Server> s(new Server());
  grpc::ServerBuilder builder;
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (tls.enabled()) {
    auto creds = TlsServerCredentials(tls);
    if (!creds.ok()) return creds.status();
    credentials = *creds;
    // Certificates expire quietly: the alert watches this (docs/operations.md).
    if (metrics != nullptr) {
      auto pem = ReadPem("ATLAS_TLS_CERT_FILE", tls.cert_file);
      prometheus::BuildGauge()
          .Name("atlas_tls_certificate_expiry_timestamp_seconds")
          .Help("When the gRPC server certificate expires (notAfter, Unix time)")
          .Register(*metrics)
          .Add({})
          .Set(pem.ok() ? NotAfter(*pem) : 0);
    }
  }
  builder.AddListeningPort(address, credentials, &s->port_);
  for (grpc::Service* svc : services) builder.RegisterService(svc);
  builder.SetMaxReceiveMessageSize(4 * 1024 * 1024);
  // No bandwidth-delay probing (PING frames answering data): calls here are
  // small and many (decision 0040).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  if (metrics != nullptr) {
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> f;
    f.push_back(NewServerMetricsFactory(*metrics));
    builder.experimental().SetInterceptorCreators(std::move(f));
  }
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen for gRPC on ", address));
  }
  if (tls.health_port != 0) {
    // Its own server: the plaintext port must not expose the services.
    const std::string host = address.substr(0, address.rfind(':'));
    const std::string health_address = absl::StrCat(host, ":", tls.health_port);
    grpc::ServerBuilder health;
    int port = 0;
    health.AddListeningPort(health_address, grpc::InsecureServerCredentials(), &port);
    s->health_server_ = health.BuildAndStart();
    if (s->health_server_ == nullptr || port == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen for gRPC health on ", health_address));
    }
  }
  s->SetServing(false);
  return s;
}

Server::~Server() { Shutdown(std::chrono::milliseconds(0)); }

void Server::SetServing(bool serving) {
  if (server_ == nullptr || shut_down_) return;
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    if (auto* health = server->GetHealthCheckService()) health->SetServingStatus(serving);
  }
}

void Server::Shutdown(std::chrono::milliseconds grace) {
  if (server_ == nullptr || shut_down_) return;
  SetServing(false);
  shut_down_ = true;
  if (auto* health = server_->GetHealthCheckService()) health->Shutdown();
  if (health_server_ != nullptr) {
    if (auto* health = health_server_->GetHealthCheckService()) health->Shutdown();
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
}

}  // namespace atlas::rpc
