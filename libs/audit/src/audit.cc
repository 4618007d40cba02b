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

std::string PeerHost(const std::string& peer) {
  std::string_view p(peer);
  if (p.starts_with("ipv4:")) {
    p.remove_prefix(5);
    return std::string(p.substr(0, p.rfind(':')));
  }
  if (p.starts_with("ipv6:")) {
    p.remove_prefix(5);
    if (p.starts_with("%5B") || p.starts_with("[")) {
      const bool escaped = p.starts_with("%5B");
      p.remove_prefix(escaped ? 3 : 1);
      return std::string(p.substr(0, p.find(escaped ? "%5D" : "]")));
    }
    return std::string(p.substr(0, p.rfind(':')));
  }
  return peer;
}

bool DenialRecorder::Sample(const std::string& address, int64_t* suppressed) {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  auto it = sources_.find(address);
  if (it != sources_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    if (now - it->second.written < options_.sample_window) {
      ++it->second.suppressed;
      return false;
    }
  }
  // A write (a new source, or a window gone by), within the overall cap.
  if (now - window_ >= std::chrono::seconds(1)) {
    window_ = now;
    window_count_ = 0;
  }
  if (++window_count_ > options_.max_rejections_per_second) {
    if (it != sources_.end()) ++it->second.suppressed;
    return false;
  }
  if (it == sources_.end()) {
    if (sources_.size() >= options_.max_sources) {
      sources_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(address);
    it = sources_.emplace(address, Source{.written = {}, .suppressed = 0, .lru = lru_.begin()})
             .first;
  }
  *suppressed = it->second.suppressed;
  it->second.suppressed = 0;
  it->second.written = now;
  return true;
}

void DenialRecorder::Record(const rpc::Denial& d) {
  const bool token = d.reason == "token";
  int64_t suppressed = 0;
  if (token && !Sample(PeerHost(d.peer.address), &suppressed)) {
    ++suppressed_;
    log::Debug("rejected token not audited (sampled)", {{"method", d.method}});
    return;
  }
  nlohmann::json detail = {{"reason", d.reason}, {"organisation", d.organisation}};
  if (suppressed > 0) detail["suppressed"] = suppressed;
  Entry entry{.kind = token ? "token.rejected" : "permission.denied",
              .actor = d.subject,
              .target = d.method,
              .peer = d.peer.address,
              .detail = Detail(detail)};
  if (absl::Status s = write_(entry); !s.ok()) {
    log::Warn("refused call not audited", {{"error", s.ToString()}});
  }
}

}  // namespace atlas::audit
