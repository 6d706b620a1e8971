// File: wisp/net/https_server.h
//
// HttpsServer: HTTP/1.1 over TLS 1.2/1.3 (Boost.Beast + OpenSSL, hidden in
// src/net). Keep-alive, chunked streaming responses, optional client
// certificates (requested, not required; verified against a CA; failures end
// the handshake), size limits (413 for bodies, 431 for headers), read and
// idle timeouts (slow-loris clients are dropped), graceful drain on Stop().
//
// Threading: a fixed pool of io threads (default 2) runs every socket and
// calls the handler. Handlers must not block (see HttpHandler); a blocking
// handler would stall every connection on its thread, so slow work belongs on
// the caller's own worker threads, which may finish the Responder later. We
// chose this over a built-in worker pool because the apiserver's handlers are
// mostly in-memory and the ones that wait (etcd, watches) are asynchronous
// anyway; a pool would add a hop and a second queue to bound.
//
// Lifecycle (component::Component):
//   Init   validates options and loads cert/key/CA (errors name the file)
//   Start  binds every listen address and starts the io threads
//   Stop   stops accepting, lets in-flight plain requests finish until
//          drain_timeout (their responses carry "Connection: close"), ends
//          open streams with their last chunk, closes idle connections,
//          force-closes what is left at the deadline, joins threads.
//          Idempotent. Responders answered after Stop are ignored.
//
// Slow peers: a request must arrive within read_timeout, a kept-alive
// connection may idle for idle_timeout, every write batch must complete
// within write_timeout, and a stream whose unsent backlog passes 64 MiB is
// dropped (its WriteChunk returns false). Requests are logged at info level
// (method, path without query, status, duration, peer, client CN); bodies,
// queries and headers never are.
// Thread-safe: Ready/Healthy/BoundPorts from any thread; Init/Start/Stop from
// one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "wisp/component/component.h"
#include "wisp/net/http.h"

namespace wisp::net {

struct HttpsServerOptions {
  std::string name = "https";
  // "host:port" or "[v6]:port"; port 0 picks a free port (see BoundPorts).
  std::vector<std::string> listen = {"127.0.0.1:0"};
  std::string cert_file;       // PEM chain, required
  std::string key_file;        // PEM key, required
  std::string client_ca_file;  // optional: request + verify client certs
  int io_threads = 2;
  size_t max_header_bytes = 64 * 1024;
  size_t max_body_bytes = 3 * 1024 * 1024;
  // A request (headers + body) must arrive within this time once started.
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};
  // A keep-alive connection with no request in flight is closed after this.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(90)};
  // The TLS handshake must finish within this time.
  std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
  // Writing one response / chunk must make progress within this time.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(10)};
  bool log_requests = true;
  // Formats the answer to a request the server rejects before any handler
  // sees it (413 body too large, 431 headers too large, 400 malformed).
  // Default: a text/plain body with the reason. Called on an io thread.
  std::function<HttpResponse(int status, std::string_view reason)> reject_response;
};

class HttpsServer : public component::Component {
 public:
  // `handler` must outlive the server.
  HttpsServer(HttpsServerOptions options, HttpHandler& handler);
  ~HttpsServer() override;  // calls Stop()

  std::string Name() const override;
  absl::Status Init() override;
  absl::Status Start() override;
  absl::Status Ready() const override;
  absl::Status Stop() override;

  // The ports actually bound, one per listen address, in order. Empty before Start.
  std::vector<uint16_t> BoundPorts() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace wisp::net
