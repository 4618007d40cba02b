// Security audit events (issue 3): sign-ins, token reuse, role changes,
// permission denials. Every process publishes them through its outbox, in the
// transaction of what it audits where there is one; atlas-gateway keeps them
// all in its append-only audit table (docs/security.md).
#ifndef ATLAS_AUDIT_AUDIT_H_
#define ATLAS_AUDIT_AUDIT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

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
// hands them to `write`, at most `per_second` a second: a flood of bad calls
// must not become a flood of writes (the excess is logged and counted).
class DenialRecorder final {
 public:
  using Write = std::function<absl::Status(const Entry&)>;
  DenialRecorder(std::string source, Write write, int per_second = 20)
      : source_(std::move(source)), write_(std::move(write)), per_second_(per_second) {}
  void Record(const rpc::Denial& denial);
  int64_t dropped() const { return dropped_.load(); }

 private:
  std::string source_;
  Write write_;
  int per_second_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point window_;
  int count_ = 0;
  std::atomic<int64_t> dropped_{0};
};

}  // namespace atlas::audit

#endif  // ATLAS_AUDIT_AUDIT_H_
