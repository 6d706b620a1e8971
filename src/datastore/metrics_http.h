// File: src/datastore/metrics_http.h (private to the datastore)
//
// etcd's `--listen-metrics-urls`: plain HTTP on its own addresses (typically
// http://127.0.0.1:2381, kubeadm's health-probe port) for what probes and
// Prometheus scrape, never the data:
//
//   GET /health   200 {"health":"true","reason":""}   (503 and "false" + reason)
//   GET /livez    200 ok  (the process serves)
//   GET /readyz   200 ok  (503 when the store cannot commit)
//   GET /metrics  Prometheus text: etcd_server_*, etcd_mvcc_*, process_*
//
// One thread answers one short request per connection (Connection: close),
// with 2 s socket timeouts so a stalled peer cannot hold it for long.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wisp::datastore {

struct MetricsReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// Maps a request path ("/health") to its reply, 404 included.
using MetricsHandler = std::function<MetricsReply(const std::string& path)>;

class MetricsServer {
 public:
  // Listens on every `http://HOST:PORT` URL (HOST: an IP address, [v6] or
  // localhost; PORT may be 0 for any), then serves from its own thread.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Listen(const std::vector<std::string>& urls,
                                                               MetricsHandler handler);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The bound port of each URL, in order (useful with port 0).
  const std::vector<int>& ports() const { return ports_; }

 private:
  MetricsServer(std::vector<int> fds, std::vector<int> ports, MetricsHandler handler);
  void Serve();
  void Answer(int fd);

  const std::vector<int> fds_;
  const std::vector<int> ports_;
  const MetricsHandler handler_;
  int wake_fd_ = -1;
  std::thread thread_;
};

// Appends one metric family with a single sample to Prometheus text;
// `sample` may carry labels ("etcd_server_version{server_version=\"3.5.16\"}").
void AppendMetric(std::string* out, const std::string& sample, const char* type, const char* help,
                  const std::string& value);

// Prometheus text for this process: process_resident_memory_bytes,
// process_virtual_memory_bytes, process_cpu_seconds_total, process_open_fds,
// process_start_time_seconds (from /proc/self).
std::string ProcessMetricsText();

// Parses "http://HOST:PORT" into host and port; the error names the flag.
absl::Status ParseMetricsUrl(const std::string& url, std::string* host, std::string* port);

}  // namespace wisp::datastore
