// File: src/apiserver/metrics.cc
#include "apiserver/metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

// A label value escaped for the exposition format.
std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Scope(const RequestInfo& info) {
  if (!info.is_resource) return "";
  if (!info.name.empty()) return "resource";
  return info.namespace_.empty() ? "cluster" : "namespace";
}

std::string Labels(const RequestInfo& info, const std::string& verb, bool dry_run) {
  return base::StrCat("verb=\"", verb, "\",dry_run=\"", dry_run ? "All" : "", "\",group=\"",
                      Escape(info.group), "\",version=\"", Escape(info.version), "\",resource=\"",
                      Escape(info.resource), "\",subresource=\"", Escape(info.subresource),
                      "\",scope=\"", Scope(info), "\",component=\"apiserver\"");
}

// The shortest text that reads back as `v` (Go's FormatFloat(v, 'g', -1)).
std::string Number(double v) {
  char buf[64];
  int precision = 1;
  for (; precision < 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  // Go's shortest 'g' form decides on an exponent as if the precision
  // were at least 6: "60", not "6e+01".
  std::snprintf(buf, sizeof buf, "%.*g", precision < 6 ? 6 : precision, v);
  return buf;
}

// Process metrics from /proc/self (as the Prometheus client libraries
// compute them).
void RenderProcess(std::string& out) {
  static const long kTicks = sysconf(_SC_CLK_TCK);
  static const long kPage = sysconf(_SC_PAGESIZE);
  std::ifstream stat("/proc/self/stat");
  std::string line;
  std::getline(stat, line);
  size_t paren = line.rfind(')');
  if (paren == std::string::npos) return;
  std::istringstream fields(line.substr(paren + 2));
  std::vector<std::string> f;
  for (std::string x; fields >> x;) f.push_back(x);
  // After "pid (comm) ": field 3 is f[0]; utime=14, stime=15, starttime=22,
  // vsize=23, rss=24.
  if (f.size() < 22) return;
  double cpu = (std::stod(f[11]) + std::stod(f[12])) / static_cast<double>(kTicks);
  double vsize = std::stod(f[20]);
  double rss = std::stod(f[21]) * static_cast<double>(kPage);
  double boot = 0;
  std::ifstream proc_stat("/proc/stat");
  for (std::string l; std::getline(proc_stat, l);) {
    if (l.rfind("btime ", 0) == 0) boot = std::stod(l.substr(6));
  }
  double start = boot + std::stod(f[19]) / static_cast<double>(kTicks);
  int fds = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d) != nullptr) ++fds;
    closedir(d);
    fds -= 3;  // ".", ".." and the directory's own descriptor
  }
  auto gauge = [&out](const char* name, const char* help, const char* type, double v) {
    out += base::StrCat("# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n", name, " ",
                        Number(v), "\n");
  };
  gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter",
        cpu);
  gauge("process_open_fds", "Number of open file descriptors.", "gauge", fds);
  gauge("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", rss);
  gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
        "gauge", start);
  gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", vsize);
}

class Metered final : public net::Responder {
 public:
  Metered(std::unique_ptr<net::Responder> inner, ApiMetrics& metrics, RequestInfo info,
          bool dry_run)
      : inner_(std::move(inner)),
        metrics_(metrics),
        info_(std::move(info)),
        dry_run_(dry_run),
        start_(std::chrono::steady_clock::now()) {}

  void Respond(net::HttpResponse response) override {
    Observe(response.status);
    inner_->Respond(std::move(response));
  }
  std::shared_ptr<net::ResponseStream> StartStream() override {
    Observe(200);
    return inner_->StartStream();
  }
  void* TakeUpgradeSocket() override { return inner_->TakeUpgradeSocket(); }

 private:
  void Observe(int code) {
    if (observed_) return;
    observed_ = true;
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start_;
    metrics_.ObserveRequest(info_, dry_run_, code, took.count());
  }

  std::unique_ptr<net::Responder> inner_;
  ApiMetrics& metrics_;
  const RequestInfo info_;
  const bool dry_run_;
  const std::chrono::steady_clock::time_point start_;
  bool observed_ = false;
};

}  // namespace

std::string ReportedVerb(const RequestInfo& info, const net::HttpRequest& request) {
  const std::string& v = info.verb;
  const std::string& sub = info.subresource;
  if (info.is_resource &&
      (sub == "exec" || sub == "attach" || sub == "portforward" || sub == "proxy")) {
    return "CONNECT";
  }
  if (v == "create") return "POST";
  if (v == "update") return "PUT";
  if (v == "patch") {
    std::string type = request.headers.Get("Content-Type").value_or("");
    return type.rfind("application/apply-patch", 0) == 0 ? "APPLY" : "PATCH";
  }
  std::string out = v;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view known : {"GET", "LIST", "WATCH", "DELETE", "DELETECOLLECTION", "HEAD",
                                 "POST", "PUT", "PATCH", "OPTIONS"}) {
    if (out == known) return out;
  }
  return "other";  // upstream's cleanVerb
}

void ApiMetrics::ObserveRequest(const RequestInfo& info, bool dry_run, int code, double seconds) {
  // info.verb is already the reported verb (MeteredResponder's caller).
  std::string labels = Labels(info, info.verb, dry_run);
  std::lock_guard<std::mutex> lock(mu_);
  ++totals_[base::StrCat(labels, ",code=\"", code, "\"")];
  Histogram& h = latency_[labels];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string ApiMetrics::Render(
    const std::vector<std::pair<std::string, int64_t>>& storage_objects) const {
  std::string out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out +=
        "# HELP apiserver_request_total Counter of apiserver requests broken out for each "
        "verb, dry run value, group, version, resource, scope, component, and HTTP response "
        "code.\n# TYPE apiserver_request_total counter\n";
    for (const auto& [labels, n] : totals_) {
      out += base::StrCat("apiserver_request_total{", labels, "} ", n, "\n");
    }
    out +=
        "# HELP apiserver_request_duration_seconds Response latency distribution in seconds "
        "for each verb, dry run value, group, version, resource, subresource, scope and "
        "component.\n# TYPE apiserver_request_duration_seconds histogram\n";
    for (const auto& [labels, h] : latency_) {
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out += base::StrCat("apiserver_request_duration_seconds_bucket{", labels, ",le=\"",
                            Number(kBuckets[i]), "\"} ", h.counts[i], "\n");
      }
      out += base::StrCat("apiserver_request_duration_seconds_bucket{", labels, ",le=\"+Inf\"} ",
                          h.count, "\n");
      out += base::StrCat("apiserver_request_duration_seconds_sum{", labels, "} ", Number(h.sum),
                          "\n");
      out += base::StrCat("apiserver_request_duration_seconds_count{", labels, "} ", h.count, "\n");
    }
  }
  out +=
      "# HELP apiserver_storage_objects Number of stored objects at the time of last check "
      "split by kind.\n# TYPE apiserver_storage_objects gauge\n";
  for (const auto& [resource, n] : storage_objects) {
    out += base::StrCat("apiserver_storage_objects{resource=\"", Escape(resource), "\"} ", n, "\n");
  }
  RenderProcess(out);
  return out;
}

std::unique_ptr<net::Responder> MeteredResponder(std::unique_ptr<net::Responder> inner,
                                                 ApiMetrics& metrics, RequestInfo info,
                                                 bool dry_run) {
  return std::make_unique<Metered>(std::move(inner), metrics, std::move(info), dry_run);
}

}  // namespace wisp::apiserver
