// File: src/apiserver/metrics.h (private to the apiserver)
//
// The API server's Prometheus metrics, served at GET /metrics in the text
// exposition format (0.0.4) under upstream's names, so dashboards and
// alerts written for kube-apiserver read them:
//   apiserver_request_total{verb,dry_run,group,version,resource,subresource,scope,component,code}
//   apiserver_request_duration_seconds (histogram, upstream's buckets)
//   apiserver_storage_objects{resource}
//   process_resident_memory_bytes, process_virtual_memory_bytes,
//   process_cpu_seconds_total, process_open_fds, process_start_time_seconds
// A request is observed when its response starts (for a watch: when the
// stream opens).
//
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "apiserver/request_info.h"
#include "wisp/net/http.h"

namespace wisp::apiserver {

class ApiMetrics {
 public:
  // Upstream's apiserver_request_duration_seconds buckets.
  static constexpr std::array<double, 23> kBuckets = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8,
                                                      1.0,   1.25,  1.5,  2,   3,   4,   5,   6,
                                                      8,     10,    15,   20,  30,  45,  60};

  void ObserveRequest(const RequestInfo& info, bool dry_run, int code, double seconds);
  // The exposition text; `storage_objects` are (resource, count) pairs.
  std::string Render(const std::vector<std::pair<std::string, int64_t>>& storage_objects) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> totals_;    // label set (with code) -> count
  std::map<std::string, Histogram> latency_;  // label set -> histogram
};

// Upstream's reported verb: GET LIST WATCH POST PUT PATCH APPLY DELETE
// DELETECOLLECTION CONNECT.
std::string ReportedVerb(const RequestInfo& info, const net::HttpRequest& request);

// A Responder that observes the request in `metrics` when the response
// starts, then forwards everything to `inner`.
std::unique_ptr<net::Responder> MeteredResponder(std::unique_ptr<net::Responder> inner,
                                                 ApiMetrics& metrics, RequestInfo info,
                                                 bool dry_run);

}  // namespace wisp::apiserver
