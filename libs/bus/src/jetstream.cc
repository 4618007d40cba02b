// JetStream connection, stream management and publishing.
#include "atlas/bus/jetstream.h"

#include <nats/nats.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "atlas/core/log.h"

namespace atlas::bus {
namespace {

absl::Status FromNats(natsStatus s, const char* what, jsErrCode code = static_cast<jsErrCode>(0)) {
  if (s == NATS_OK) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", natsStatus_GetText(s));
  if (code != 0) absl::StrAppend(&msg, " (JetStream error ", static_cast<int>(code), ")");
  const char* last = nats_GetLastError(nullptr);
  if (last != nullptr && *last != '\0') absl::StrAppend(&msg, ": ", last);
  if (s == NATS_MAX_PAYLOAD || code == JSStreamMessageExceedsMaximumErr) {
    return absl::OutOfRangeError(msg);
  }
  switch (s) {
    case NATS_TIMEOUT:
    case NATS_NO_SERVER:
    case NATS_CONNECTION_CLOSED:
    case NATS_CONNECTION_DISCONNECTED:
    case NATS_STALE_CONNECTION:
    case NATS_NO_RESPONDERS:
      return absl::UnavailableError(msg);
    default:
      return absl::InternalError(msg);
  }
}

}  // namespace

// libnats calls back on its own thread, also while and after the connection
// closes; the closed callback is always the last one.
struct JetStream::Callbacks {
  std::function<void(bool)> on_state;
  prometheus::Gauge* connected = nullptr;      // atlas_nats_connected
  prometheus::Counter* disconnects = nullptr;  // atlas_nats_disconnects_total
  std::atomic<bool> closing{false};

  void State(bool up) const {
    if (connected != nullptr) connected->Set(up ? 1 : 0);
    if (!up && disconnects != nullptr) disconnects->Increment();
    on_state(up);
  }
  std::mutex mu;
  std::condition_variable cv;
  bool closed = false;

  static void OnDisconnected(natsConnection*, void* closure) {
    auto* self = static_cast<Callbacks*>(closure);
    if (self->closing) return;
    log::Warn("NATS disconnected");
    self->State(false);
  }
  static void OnReconnected(natsConnection*, void* closure) {
    auto* self = static_cast<Callbacks*>(closure);
    if (self->closing) return;
    log::Info("NATS reconnected");
    self->State(true);
  }
  static void OnClosed(natsConnection*, void* closure) {
    auto* self = static_cast<Callbacks*>(closure);
    std::lock_guard lock(self->mu);
    self->closed = true;
    self->cv.notify_all();
  }
};

absl::StatusOr<std::unique_ptr<JetStream>> JetStream::Connect(
    const std::string& url, const std::string& client_name,
    std::function<void(bool connected)> on_state, prometheus::Registry* metrics,
    const core::NatsTlsConfig& tls) {
  std::unique_ptr<JetStream> js(new JetStream());
  js->callbacks_ = std::make_unique<Callbacks>();
  js->callbacks_->on_state = on_state ? std::move(on_state) : [](bool) {};
  Callbacks* cb = js->callbacks_.get();
  if (metrics != nullptr) {
    cb->connected = &prometheus::BuildGauge()
                         .Name("atlas_nats_connected")
                         .Help("1 while this process is connected to a NATS server")
                         .Register(*metrics)
                         .Add({});
    cb->disconnects = &prometheus::BuildCounter()
                           .Name("atlas_nats_disconnects_total")
                           .Help("Times this process lost its NATS connection")
                           .Register(*metrics)
                           .Add({});
  }
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  // One server, or a cluster's as a comma-separated list (libnats takes a
  // list only as servers: as a URL it would be one unreachable address).
  std::vector<std::string> servers = absl::StrSplit(url, ',', absl::SkipWhitespace());
  for (std::string& server : servers) server = std::string(absl::StripAsciiWhitespace(server));
  std::vector<const char*> server_ptrs;
  for (const std::string& server : servers) server_ptrs.push_back(server.c_str());
  if (s == NATS_OK && server_ptrs.size() > 1) {
    s = natsOptions_SetURL(opts, nullptr);
    if (s == NATS_OK) {
      s = natsOptions_SetServers(opts, server_ptrs.data(), static_cast<int>(server_ptrs.size()));
    }
  } else if (s == NATS_OK) {
    s = natsOptions_SetServers(opts, nullptr, 0);
    if (s == NATS_OK) s = natsOptions_SetURL(opts, url.c_str());
  }
  if (s == NATS_OK) s = natsOptions_SetName(opts, client_name.c_str());
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 250);
  if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(opts, Callbacks::OnDisconnected, cb);
  if (s == NATS_OK) s = natsOptions_SetReconnectedCB(opts, Callbacks::OnReconnected, cb);
  if (s == NATS_OK) s = natsOptions_SetClosedCB(opts, Callbacks::OnClosed, cb);
  if (s == NATS_OK && tls.enabled()) {
    s = natsOptions_SetSecure(opts, true);
    if (s == NATS_OK) s = natsOptions_LoadCATrustedCertificates(opts, tls.ca_file.c_str());
    if (s == NATS_OK && !tls.cert_file.empty()) {
      s = natsOptions_LoadCertificatesChain(opts, tls.cert_file.c_str(), tls.key_file.c_str());
    }
    if (s != NATS_OK) {
      natsOptions_Destroy(opts);
      return absl::InvalidArgumentError(
          absl::StrCat("ATLAS_NATS_TLS_*: cannot load ", tls.ca_file, " / ", tls.cert_file, ": ",
                       natsStatus_GetText(s), " ", nats_GetLastError(nullptr)));
    }
  }
  if (s == NATS_OK) s = natsConnection_Connect(&js->nc_, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) return FromNats(s, absl::StrCat("cannot connect to NATS at ", url).c_str());
  s = natsConnection_JetStream(&js->js_, js->nc_, nullptr);
  if (s != NATS_OK) return FromNats(s, "cannot open JetStream context");
  if (cb->connected != nullptr) cb->connected->Set(1);
  cb->on_state(true);
  return js;
}

JetStream::~JetStream() {
  if (js_ != nullptr) jsCtx_Destroy(js_);
  if (nc_ == nullptr) return;
  callbacks_->closing = true;
  natsConnection_Close(nc_);
  bool closed;
  {
    std::unique_lock lock(callbacks_->mu);
    closed =
        callbacks_->cv.wait_for(lock, std::chrono::seconds(5), [&] { return callbacks_->closed; });
  }
  natsConnection_Destroy(nc_);
  // Should the closed callback never come, keep its state alive rather than
  // let a late callback touch freed memory.
  if (!closed) (void)callbacks_.release();
}

bool JetStream::connected() const {
  return nc_ != nullptr && natsConnection_Status(nc_) == NATS_CONN_STATUS_CONNECTED;
}

StreamOptions StreamOptionsFrom(const core::StreamConfig& config) {
  StreamOptions o;
  o.name = config.name;
  o.replicas = config.replicas;
  o.max_age = std::chrono::hours(config.max_age_h);
  o.max_bytes = int64_t{config.max_mb} * 1024 * 1024;
  return o;
}

absl::Status JetStream::EnsureStream(const StreamOptions& options) {
  std::vector<const char*> subjects;
  for (const auto& s : options.subjects) subjects.push_back(s.c_str());
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = options.name.c_str();
  cfg.Subjects = subjects.data();
  cfg.SubjectsLen = static_cast<int>(subjects.size());
  cfg.Storage = js_FileStorage;
  cfg.Replicas = options.replicas;
  cfg.Duplicates =
      std::chrono::duration_cast<std::chrono::nanoseconds>(options.duplicate_window).count();
  cfg.MaxAge = std::chrono::duration_cast<std::chrono::nanoseconds>(options.max_age).count();
  cfg.MaxBytes = options.max_bytes > 0 ? options.max_bytes : -1;
  // When full, refuse new messages (they wait in the outboxes) rather than
  // drop old ones a lagging consumer has not read yet.
  cfg.Discard = js_DiscardNew;
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js_, options.name.c_str(), nullptr, &code);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    info = nullptr;
    s = js_UpdateStream(&info, js_, &cfg, nullptr, &code);
    if (s != NATS_OK) return FromNats(s, "cannot update stream", code);
  } else if (s == NATS_NOT_FOUND) {
    s = js_AddStream(&info, js_, &cfg, nullptr, &code);
    // Another process may have created it between our two calls.
    if (s != NATS_OK && code != JSStreamNameExistErr) {
      return FromNats(s, "cannot create stream", code);
    }
  } else {
    return FromNats(s, "cannot read stream info", code);
  }
  if (info != nullptr) jsStreamInfo_Destroy(info);
  return absl::OkStatus();
}

absl::StatusOr<StreamState> JetStream::GetStreamState(const std::string& stream) {
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js_, stream.c_str(), nullptr, &code);
  if (s != NATS_OK) return FromNats(s, "cannot read stream info", code);
  StreamState out{.messages = info->State.Msgs,
                  .bytes = info->State.Bytes,
                  .consumers = info->State.Consumers,
                  .max_age = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::nanoseconds(info->Config->MaxAge)),
                  .max_bytes = info->Config->MaxBytes};
  jsStreamInfo_Destroy(info);
  return out;
}

absl::StatusOr<bool> JetStream::Publish(const Event& e, std::string_view msg_id) {
  natsMsg* msg = nullptr;
  natsStatus s = natsMsg_Create(&msg, e.nats_subject.c_str(), nullptr, e.payload.data(),
                                static_cast<int>(e.payload.size()));
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "ce-specversion", "1.0");
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "ce-id", e.id.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "ce-source", e.source.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "ce-type", e.type.c_str());
  // An empty header value makes nats.c drop every header of the message when
  // it is read back: the optional CloudEvents subject only when there is one.
  if (s == NATS_OK && !e.subject.empty())
    s = natsMsgHeader_Set(msg, "ce-subject", e.subject.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "ce-time", e.time.c_str());
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "content-type", "application/protobuf");
  if (s == NATS_OK && !e.traceparent.empty()) {
    s = natsMsgHeader_Set(msg, "traceparent", e.traceparent.c_str());
  }
  if (s != NATS_OK) {
    natsMsg_Destroy(msg);
    return FromNats(s, "cannot build message");
  }
  jsPubOptions po;
  jsPubOptions_Init(&po);
  const std::string id = msg_id.empty() ? e.id : std::string(msg_id);
  po.MsgId = id.c_str();
  po.MaxWait = 5000;
  jsPubAck* ack = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  s = js_PublishMsg(&ack, js_, msg, &po, &code);
  natsMsg_Destroy(msg);
  if (s != NATS_OK) return FromNats(s, "publish failed", code);
  bool duplicate = ack->Duplicate;
  jsPubAck_Destroy(ack);
  return duplicate;
}

absl::StatusOr<Event> EventFromMessage(void* raw) {
  natsMsg* msg = static_cast<natsMsg*>(raw);
  auto header = [&](const char* key) -> std::string {
    const char* v = nullptr;
    if (natsMsgHeader_Get(msg, key, &v) == NATS_OK && v != nullptr) return v;
    return "";
  };
  Event e;
  e.id = header("ce-id");
  e.source = header("ce-source");
  e.type = header("ce-type");
  e.subject = header("ce-subject");
  e.time = header("ce-time");
  e.traceparent = header("traceparent");
  e.nats_subject = natsMsg_GetSubject(msg);
  const char* data = natsMsg_GetData(msg);
  e.payload.assign(data ? data : "", static_cast<size_t>(natsMsg_GetDataLength(msg)));
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
    e.stream_sequence = meta->Sequence.Stream;
    e.delivery_count = meta->NumDelivered;
    jsMsgMetaData_Destroy(meta);
  }
  if (e.id.empty() || e.source.empty() || e.type.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("message on ", e.nats_subject, " lacks ce-id, ce-source or ce-type"));
  }
  return e;
}

}  // namespace atlas::bus
