// File: wisp/net/https_client.h
//
// HttpsClient: a small synchronous HTTP/1.1-over-TLS client (Boost.Beast +
// OpenSSL, hidden in src/net) for tests and for wisp's Kubernetes client.
// One kept-alive connection to one "host:port", opened on first use and
// re-opened when the server has closed it. TLS 1.2 minimum; the server
// certificate is verified against ca_file (or the system store) and against
// server_name (default: the host of the address).
//
// Timeouts: `timeout` bounds connecting, the TLS handshake, sending a request
// and receiving a whole Do() response, or Stream()'s status line and headers.
// A Stream() body has no deadline (watches sit idle for minutes); it ends
// when the server ends it or the callback returns false.
//
// Thread-compatible: one connection, callers serialise.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "wisp/net/http.h"

namespace wisp::net {

struct HttpsClientOptions {
  std::string ca_file;      // PEM trust anchors; empty: the system store
  std::string cert_file;    // optional client certificate (PEM)
  std::string key_file;     // its key, required with cert_file
  std::string server_name;  // SNI + name to verify; empty: the address's host
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

class HttpsClient {
 public:
  // Loads the TLS files (errors name the file); does not connect yet.
  // `address` is "host:port" or "[v6]:port".
  static absl::StatusOr<std::unique_ptr<HttpsClient>> Create(std::string address,
                                                             HttpsClientOptions options);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends one request and reads the whole response. Any status is OK here;
  // errors are transport failures (Unavailable, DeadlineExceeded) or a
  // malformed response (DataLoss). Content-Length is set from `body` for
  // methods that carry one. Retried once on a fresh connection when a reused
  // connection turns out to be closed before any response byte.
  absl::StatusOr<HttpResponse> Do(std::string_view method, std::string_view target,
                                  const HeaderMap& headers = {}, std::string body = {});

  // Sends a body-less request and hands the response body to `on_data` as it
  // arrives (chunked encoding already removed; piece boundaries are not
  // chunk boundaries). `on_data` returning false ends the read and closes the
  // connection. `head`, if given, receives status and headers before the
  // first call to `on_data`. Returns OK when the body ended or was abandoned.
  absl::Status Stream(std::string_view method, std::string_view target, const HeaderMap& headers,
                      std::function<bool(std::string_view chunk_data)> on_data,
                      HttpResponse* head = nullptr);

  // Drops the connection (the next call reconnects).
  void Close();
  // How many TCP connections this client has opened.
  int connections_opened() const;

 private:
  class Impl;
  explicit HttpsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wisp::net
