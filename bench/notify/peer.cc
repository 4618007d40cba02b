// The named peer of bench/notify: raw JetStream publish -> receive on this
// machine (libnats, a file-backed stream like the platform's, one subscriber),
// the floor under any event-driven notification. Prints p50 and p99 in ms.
//   atlas-bench-jetstream-peer NATS_URL [MESSAGES]
#include <nats/nats.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s NATS_URL [MESSAGES]\n", argv[0]);
    return 2;
  }
  const int n = argc > 2 ? std::stoi(argv[2]) : 2000;
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  if (natsConnection_ConnectTo(&nc, argv[1]) != NATS_OK ||
      natsConnection_JetStream(&js, nc, nullptr) != NATS_OK) {
    std::fprintf(stderr, "cannot connect to %s\n", argv[1]);
    return 1;
  }
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = "BENCHPEER";
  const char* subjects[] = {"benchpeer.>"};
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  js_DeleteStream(js, "BENCHPEER", nullptr, &jerr);
  if (js_AddStream(nullptr, js, &cfg, nullptr, &jerr) != NATS_OK) {
    std::fprintf(stderr, "cannot create the stream (%d)\n", static_cast<int>(jerr));
    return 1;
  }
  natsSubscription* sub = nullptr;
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Config.AckPolicy = js_AckNone;
  if (js_SubscribeSync(&sub, js, "benchpeer.event", nullptr, &so, &jerr) != NATS_OK) {
    std::fprintf(stderr, "cannot subscribe (%d)\n", static_cast<int>(jerr));
    return 1;
  }
  const std::string payload(300, 'x');  // about an event's size
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    jsPubAck* ack = nullptr;
    if (js_Publish(&ack, js, "benchpeer.event", payload.data(), static_cast<int>(payload.size()),
                   nullptr, &jerr) != NATS_OK) {
      std::fprintf(stderr, "publish failed\n");
      return 1;
    }
    jsPubAck_Destroy(ack);
    natsMsg* msg = nullptr;
    if (natsSubscription_NextMsg(&msg, sub, 5000) != NATS_OK) {
      std::fprintf(stderr, "receive timed out\n");
      return 1;
    }
    natsMsg_Destroy(msg);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%.3f %.3f\n", ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
  natsSubscription_Destroy(sub);
  js_DeleteStream(js, "BENCHPEER", nullptr, &jerr);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  return 0;
}
