// File: wisp/net/http.h
//
// Plain HTTP/1.1 value types and the handler contract of wisp's HTTPS server.
// No Boost or OpenSSL type appears here: this header is included widely
// (apiserver, kubelet) and Beast is slow to compile, so Beast lives only in
// src/net/*.cc.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wisp::net {

// Case-insensitive ordering for header names (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  using is_transparent = void;  // lookups by string_view without a copy
  bool operator()(std::string_view a, std::string_view b) const;
};

// Header fields; a name may repeat. Lookup ignores case. Fields with the
// same name keep their insertion order. Thread-compatible value type.
class HeaderMap {
 public:
  void Add(std::string name, std::string value);
  // Replaces every field named `name`.
  void Set(std::string name, std::string value);
  // The first value of `name`, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  const std::multimap<std::string, std::string, CaseInsensitiveLess>& fields() const {
    return fields_;
  }

 private:
  std::multimap<std::string, std::string, CaseInsensitiveLess> fields_;
};

// The verified TLS client certificate, if any (Kubernetes x509 authn maps
// CN → user name, O → groups).
struct PeerIdentity {
  std::string common_name;
  std::vector<std::string> organizations;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded path, without the query
  std::string raw_target;
  std::multimap<std::string, std::string> query;  // decoded parameters
  HeaderMap headers;
  std::string body;
  std::string peer_address;                   // "ip:port"
  std::optional<PeerIdentity> peer_identity;  // set only for a verified cert
};

struct HttpResponse {
  int status = 200;
  HeaderMap headers;
  std::string body;
};

// Decodes %XX and (when `plus_is_space`) '+'. Errors name the bad byte offset.
absl::StatusOr<std::string> PercentDecode(std::string_view in, bool plus_is_space);
// Parses "a=1&b=x%20y&c" into {a:1, b:"x y", c:""}.
absl::StatusOr<std::multimap<std::string, std::string>> ParseQuery(std::string_view query);
// The standard reason phrase for `status` ("Not Found"), or "" if unknown.
std::string_view ReasonPhrase(int status);

// A response body written incrementally as HTTP/1.1 chunks (Kubernetes
// watches). Obtained from Responder::StartStream.
// Thread-safe: every method may be called from any thread; calls are queued
// to the connection's io thread and never block on the network.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Sends the status line and headers (Transfer-Encoding: chunked is added).
  // REQUIRES: called once, before WriteChunk. Returns false if the client is gone.
  virtual bool WriteHeaders(int status, const HeaderMap& headers) = 0;
  // Queues one chunk. Returns false once the client has disconnected or the
  // stream was closed (also when the server stops); the producer should end.
  // Empty `data` is ignored (an empty chunk would end the body).
  virtual bool WriteChunk(std::string_view data) = 0;
  // Ends the body; the connection then serves its next request. Idempotent.
  virtual void Close() = 0;
  // True while the client is connected and Close() has not been called.
  virtual bool Open() const = 0;
};

// Given to a handler for one request; exactly one of Respond / StartStream
// must be called, from any thread, exactly once (a Responder that is
// destroyed without either answers 500).
class Responder {
 public:
  virtual ~Responder() = default;
  virtual void Respond(HttpResponse response) = 0;
  virtual std::shared_ptr<ResponseStream> StartStream() = 0;
  // Reserved for protocol upgrades (SPDY/WebSocket exec): not implemented;
  // returns nullptr today.
  virtual void* TakeUpgradeSocket() { return nullptr; }
};

// Handles requests. HandleRequest runs on a server io thread and MUST NOT
// block (no I/O waits, no long locks): answer inline, or hand the Responder
// to another thread (it is thread-safe) and return.
// Thread-safe: called concurrently from several io threads.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual void HandleRequest(HttpRequest request, std::unique_ptr<Responder> responder) = 0;
};

}  // namespace wisp::net
