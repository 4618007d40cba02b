// Security audit events (issue 3): sign-ins, token reuse, role changes,
// permission denials. Every process publishes them through its outbox, in the
// transaction of what it audits where there is one; atlas-gateway keeps them
// all in its append-only audit table (docs/security.md).
#ifndef ATLAS_AUDIT_AUDIT_H_
#define ATLAS_AUDIT_AUDIT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "atlas/bus/event.h"
#include "atlas/rpc/authorize.h"

namespace atlas::audit {

struct Entry {
  std::string kind = "";    // dotted, e.g. "login.failed", "permission.denied"
  std::string actor = "";   // users/…, serviceAccounts/…, a submitted user name, or ""
  std::string target = "";  // users/…, an RPC method, …
  std::string peer = "";    // client address, if known
  std::string detail = "";  // a JSON object, "" = {}
};

// An entry's detail from a JSON object (text that is not UTF-8 is replaced,
// never a throw): Detail({{"reason", "wrong password"}}).
std::string Detail(const nlohmann::json& fields);

// The bus event for `entry` seen by process `source` ("gateway", "registry"):
// subject atlas.audit.<kind>, payload atlas.identity.events.v1.AuditRecorded.
bus::Event ToEvent(const std::string& source, const Entry& entry);

// The entry and source carried by an audit event; false if the payload is
// not an AuditRecorded.
bool FromEvent(const bus::Event& event, Entry* entry, std::string* source);

// Turns refused calls (rpc::Authorizer's on_denied) into audit entries and
// hands them to `write`.
//
// A permission denial (a valid caller asking for what its role or
// organisation does not allow) is always written: it names someone, and a
// flood of garbage must never hide it. A rejected token (missing, forged,
// expired) names no one and costs the caller nothing, so it is sampled per
// source address: the first one from an address is written, then at most one
// per `sample_window` with the count of those not written in between
// (detail "suppressed"). Sources are remembered up to `max_sources` (the
// least recently seen forgotten first); `max_rejections_per_second` bounds
// rejected-token writes in all. Thread-safe.
struct DenialRecorderOptions {
  std::chrono::seconds sample_window{60};
  size_t max_sources = 4096;
  int max_rejections_per_second = 20;
};

class DenialRecorder final {
 public:
  using Write = std::function<absl::Status(const Entry&)>;
  DenialRecorder(std::string source, Write write, DenialRecorderOptions options = {})
      : source_(std::move(source)), write_(std::move(write)), options_(options) {}
  void Record(const rpc::Denial& denial);
  // Rejected tokens not written (sampled away).
  int64_t suppressed() const { return suppressed_.load(); }

 private:
  struct Source {
    std::chrono::steady_clock::time_point written;
    int64_t suppressed = 0;
    std::list<std::string>::iterator lru;
  };
  // Whether a rejected token from `address` is written now; *suppressed is
  // how many from it were not since the last one written.
  bool Sample(const std::string& address, int64_t* suppressed);

  std::string source_;
  Write write_;
  DenialRecorderOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Source> sources_;
  std::list<std::string> lru_;  // most recent first
  std::chrono::steady_clock::time_point window_;
  int window_count_ = 0;
  std::atomic<int64_t> suppressed_{0};
};

// The host part of a gRPC peer ("ipv4:10.1.2.3:5555" -> "10.1.2.3",
// "ipv6:[::1]:5555" -> "::1"); other forms as they are.
std::string PeerHost(const std::string& peer);

}  // namespace atlas::audit

#endif  // ATLAS_AUDIT_AUDIT_H_
