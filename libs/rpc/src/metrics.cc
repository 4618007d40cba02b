// Prometheus endpoint, process collector and gRPC server interceptor.
#include "atlas/rpc/metrics.h"

#include <dirent.h>
#include <google/protobuf/descriptor.h>
#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace atlas::rpc {
namespace {

// process_* metrics from /proc, as the Prometheus client libraries name them.
class ProcessCollector final : public prometheus::Collectable {
 public:
  ProcessCollector()
      : start_(static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count())) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out;
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    std::ifstream statm("/proc/self/statm");
    double size = 0, resident = 0;
    statm >> size >> resident;
    out.push_back(
        Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", resident * page));
    out.push_back(
        Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", size * page));
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the ")" that closes the command name; utime is field 14.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    prometheus::MetricFamily cpu{"process_cpu_seconds_total",
                                 "Total user and system CPU time spent in seconds.",
                                 prometheus::MetricType::Counter,
                                 {}};
    prometheus::ClientMetric m;
    m.counter.value = (utime + stime) / ticks;
    cpu.metric.push_back(m);
    out.push_back(cpu);
    int fds = 0;
    if (DIR* d = opendir("/proc/self/fd")) {
      // readdir is safe on a stream no other thread uses (glibc).
      while (readdir(d) != nullptr) ++fds;  // NOLINT(concurrency-mt-unsafe)
      closedir(d);
      fds -= 2;  // "." and ".."
    }
    out.push_back(Gauge("process_open_fds", "Number of open file descriptors.", fds));
    out.push_back(Gauge("process_start_time_seconds",
                        "Start time of the process since unix epoch in seconds.", start_));
    return out;
  }

 private:
  static prometheus::MetricFamily Gauge(const std::string& name, const std::string& help,
                                        double value) {
    prometheus::MetricFamily f{name, help, prometheus::MetricType::Gauge, {}};
    prometheus::ClientMetric m;
    m.gauge.value = value;
    f.metric.push_back(m);
    return f;
  }
  double start_;
};

const char* CodeName(grpc::StatusCode c) {
  static const char* kNames[] = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  int i = static_cast<int>(c);
  return (i >= 0 && i <= 16) ? kNames[i] : "Unknown";
}

const char* TypeName(grpc::experimental::ServerRpcInfo::Type t) {
  using Type = grpc::experimental::ServerRpcInfo::Type;
  switch (t) {
    case Type::UNARY:
      return "unary";
    case Type::CLIENT_STREAMING:
      return "client_stream";
    case Type::SERVER_STREAMING:
      return "server_stream";
    case Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

struct Families {
  prometheus::Family<prometheus::Counter>* started;
  prometheus::Family<prometheus::Counter>* handled;
  prometheus::Family<prometheus::Histogram>* seconds;
};

class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(grpc::experimental::ServerRpcInfo* info, Families f)
      : families_(f), start_(std::chrono::steady_clock::now()) {
    std::string full = info->method() ? info->method() : "/unknown/unknown";
    auto slash = full.rfind('/');
    service_ = full.substr(1, slash > 0 ? slash - 1 : 0);
    method_ = full.substr(slash + 1);
    // The path is the caller's: only methods this binary knows become labels
    // (an unknown one is answered UNIMPLEMENTED and counted as "unknown").
    if (google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(service_ + "." +
                                                                             method_) == nullptr) {
      service_ = method_ = "unknown";
    }
    type_ = TypeName(info->type());
    families_.started
        ->Add({{"grpc_type", type_}, {"grpc_service", service_}, {"grpc_method", method_}})
        .Increment();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      families_.handled
          ->Add({{"grpc_type", type_},
                 {"grpc_service", service_},
                 {"grpc_method", method_},
                 {"grpc_code", CodeName(status.error_code())}})
          .Increment();
      families_.seconds
          ->Add({{"grpc_type", type_}, {"grpc_service", service_}, {"grpc_method", method_}},
                prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})
          .Observe(secs);
    }
    methods->Proceed();
  }

 private:
  Families families_;
  std::chrono::steady_clock::time_point start_;
  std::string service_, method_, type_;
};

class MetricsFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsFactory(prometheus::Registry& r)
      : families_{&prometheus::BuildCounter()
                       .Name("grpc_server_started_total")
                       .Help("Total number of RPCs started on the server.")
                       .Register(r),
                  &prometheus::BuildCounter()
                       .Name("grpc_server_handled_total")
                       .Help("Total number of RPCs completed on the server, regardless of "
                             "success or failure.")
                       .Register(r),
                  &prometheus::BuildHistogram()
                       .Name("grpc_server_handling_seconds")
                       .Help("Histogram of response latency (seconds) of gRPC that had been "
                             "application-level handled by the server.")
                       .Register(r)} {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new MetricsInterceptor(info, families_);
  }

 private:
  Families families_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& host,
                                                                        int port) {
  std::unique_ptr<MetricsEndpoint> m(new MetricsEndpoint());
  m->registry_ = std::make_shared<prometheus::Registry>();
  try {
    m->exposer_ = std::make_unique<prometheus::Exposer>(absl::StrCat(host, ":", port));
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve /metrics on ", host, ":", port, ": ", e.what()));
  }
  m->exposer_->RegisterCollectable(m->registry_);
  m->process_ = std::make_shared<ProcessCollector>();
  m->exposer_->RegisterCollectable(m->process_);
  return m;
}

MetricsEndpoint::~MetricsEndpoint() { Stop(); }

void MetricsEndpoint::Stop() { exposer_.reset(); }

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewServerMetricsFactory(
    prometheus::Registry& registry) {
  return std::make_unique<MetricsFactory>(registry);
}

}  // namespace atlas::rpc
