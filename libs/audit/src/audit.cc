// Audit entries <-> bus events.
#include "atlas/audit/audit.h"

#include "atlas/core/json.h"
#include "atlas/core/log.h"
#include "atlas/identity/events/v1/audit_events.pb.h"

namespace atlas::audit {

std::string Detail(const nlohmann::json& fields) { return core::DumpJson(fields); }

bus::Event ToEvent(const std::string& source, const Entry& entry) {
  identity::events::v1::AuditRecorded e;
  e.set_source(source);
  auto* out = e.mutable_entry();
  out->set_kind(entry.kind);
  out->set_actor(entry.actor);
  out->set_target(entry.target);
  out->set_peer(entry.peer);
  out->set_detail(entry.detail.empty() ? "{}" : entry.detail);
  return bus::NewEvent("/atlas/" + source, "ma.sharaka.atlas.audit.recorded.v1", entry.target,
                       "atlas.audit." + entry.kind, e.SerializeAsString());
}

bool FromEvent(const bus::Event& event, Entry* entry, std::string* source) {
  identity::events::v1::AuditRecorded e;
  if (!e.ParseFromString(event.payload)) return false;
  *entry = {e.entry().kind(), e.entry().actor(), e.entry().target(), e.entry().peer(),
            e.entry().detail()};
  *source = e.source();
  return true;
}

void DenialRecorder::Record(const rpc::Denial& d) {
  {
    std::lock_guard lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (now - window_ >= std::chrono::seconds(1)) {
      window_ = now;
      count_ = 0;
    }
    if (++count_ > per_second_) {
      ++dropped_;
      log::Warn("refused call not audited (audit rate limit)", {{"method", d.method}});
      return;
    }
  }
  Entry entry{.kind = d.reason == "token" ? "token.rejected" : "permission.denied",
              .actor = d.subject,
              .target = d.method,
              .peer = d.peer.address,
              .detail = Detail({{"reason", d.reason}, {"organisation", d.organisation}})};
  if (absl::Status s = write_(entry); !s.ok()) {
    log::Warn("refused call not audited", {{"error", s.ToString()}});
  }
}

}  // namespace atlas::audit
