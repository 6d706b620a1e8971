// File: tests/integration/net/net_test_util.h
//
// Helpers for the net integration tests: a throw-away PKI written to a temp
// dir (made with the wisp tls module), a handler that exposes held
// responders and streams to the test, a shell runner for curl, and a raw
// OpenSSL client for what curl cannot do (half-sent requests, old TLS).
// Not thread-safe unless a comment says so.
#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "wisp/net/http.h"
#include "wisp/tls/ca.h"

namespace wisp::net::testing {

inline constexpr std::chrono::seconds kWait{10};

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/wisp-net-XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline bool WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  return static_cast<bool>(out);
}

// CA, server cert for 127.0.0.1, client certs "alice" (O system:masters,
// devs), "bob" (no O) and "mallory" (signed by an unrelated CA).
struct Pki {
  TempDir dir;
  std::string ca, server_cert, server_key;
  std::string alice_cert, alice_key, bob_cert, bob_key, mallory_cert, mallory_key;
  bool ok = false;

  Pki() {
    auto ca_or = tls::CertificateAuthority::Create("wisp-net-test-ca");
    auto other = tls::CertificateAuthority::Create("unrelated-ca");
    if (!ca_or.ok() || !other.ok()) return;
    tls::CertRequest server;
    server.common_name = "wisp-net-test-server";
    server.dns_names = {"localhost"};
    server.ip_addresses = {"127.0.0.1"};
    server.usages.server_auth = true;
    tls::CertRequest alice;
    alice.common_name = "alice";
    alice.organizations = {"system:masters", "devs"};
    alice.usages.client_auth = true;
    tls::CertRequest bob;
    bob.common_name = "bob";
    bob.usages.client_auth = true;
    tls::CertRequest mallory = alice;
    mallory.common_name = "mallory";
    ok = Write(*ca_or, server, "server", server_cert, server_key) &&
         Write(*ca_or, alice, "alice", alice_cert, alice_key) &&
         Write(*ca_or, bob, "bob", bob_cert, bob_key) &&
         Write(*other, mallory, "mallory", mallory_cert, mallory_key) &&
         WriteFile(ca = dir / "ca.crt", ca_or->cert_pem());
  }

 private:
  bool Write(const tls::CertificateAuthority& ca_, const tls::CertRequest& req,
             const std::string& name, std::string& cert, std::string& key) {
    auto issued = ca_.Issue(req);
    if (!issued.ok()) return false;
    cert = dir / (name + ".crt");
    key = dir / (name + ".key");
    return WriteFile(cert, issued->cert_pem) && WriteFile(key, issued->key.private_pem);
  }
};

// /echo          200, a text description of the request
// /hold          parks the Responder (TakeHeld)
// /stream        starts a stream, writes "first\n", parks it (TakeStream)
// /noanswer      drops the Responder
// anything else  404
// Thread-safe.
class TestHandler : public HttpHandler {
 public:
  void HandleRequest(HttpRequest request, std::unique_ptr<Responder> responder) override {
    if (request.path == "/echo") {
      HttpResponse r;
      r.headers.Set("Content-Type", "text/plain");
      r.body = Describe(request);
      responder->Respond(std::move(r));
    } else if (request.path == "/hold") {
      std::lock_guard<std::mutex> lock(mu_);
      held_.push_back(std::move(responder));
      cv_.notify_all();
    } else if (request.path == "/stream") {
      auto stream = responder->StartStream();
      HeaderMap h;
      h.Set("Content-Type", "application/json");
      stream->WriteHeaders(200, h);
      stream->WriteChunk("first\n");
      std::lock_guard<std::mutex> lock(mu_);
      streams_.push_back(std::move(stream));
      cv_.notify_all();
    } else if (request.path == "/noanswer") {
      // The Responder dies unanswered: the server answers 500.
    } else {
      HttpResponse r;
      r.status = 404;
      responder->Respond(std::move(r));
    }
  }

  static std::string Describe(const HttpRequest& r) {
    std::string out = "method=" + r.method + "\npath=" + r.path + "\n";
    out += "cn=" + (r.peer_identity ? r.peer_identity->common_name : std::string("<none>")) + "\n";
    std::string orgs;
    if (r.peer_identity) {
      for (const auto& o : r.peer_identity->organizations) orgs += (orgs.empty() ? "" : ",") + o;
    }
    out += "o=" + orgs + "\npeer=" + r.peer_address + "\n";
    out += "body=" + std::to_string(r.body.size()) + "\n";
    for (const auto& [k, v] : r.query) out += "q." + k + "=" + v + "\n";
    return out;
  }

  std::unique_ptr<Responder> TakeHeld() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, kWait, [this] { return !held_.empty(); })) return nullptr;
    auto r = std::move(held_.front());
    held_.pop_front();
    return r;
  }

  std::shared_ptr<ResponseStream> TakeStream() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, kWait, [this] { return !streams_.empty(); })) return nullptr;
    auto s = std::move(streams_.front());
    streams_.pop_front();
    return s;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Responder>> held_;
  std::deque<std::shared_ptr<ResponseStream>> streams_;
};

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline RunResult RunShell(const std::string& command) {
  RunResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A blocking OpenSSL client on 127.0.0.1 with a receive timeout.
class RawTlsClient {
 public:
  // OpenSSL writes with write(2): a peer reset must not kill the test.
  RawTlsClient() { ::signal(SIGPIPE, SIG_IGN); }
  ~RawTlsClient() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }

  // Connects and handshakes; `max_version` 0 means the library's maximum.
  bool Connect(uint16_t port, const std::string& ca_file, int max_version = 0,
               std::chrono::milliseconds recv_timeout = std::chrono::seconds(10)) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr) return false;
    SSL_CTX_set_security_level(ctx_, 0);  // let old versions be offered at all
    SSL_CTX_set_min_proto_version(ctx_, 0);
    if (max_version != 0) {
      SSL_CTX_set_max_proto_version(ctx_, max_version);
      SSL_CTX_set_cipher_list(ctx_, "DEFAULT:@SECLEVEL=0");
    }
    SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return false;
    timeval tv{};
    tv.tv_sec = recv_timeout.count() / 1000;
    tv.tv_usec = (recv_timeout.count() % 1000) * 1000;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    bool ok = SSL_connect(ssl_) == 1;
    ERR_clear_error();
    return ok;
  }

  bool Send(const std::string& data) {
    return SSL_write(ssl_, data.data(), static_cast<int>(data.size())) ==
           static_cast<int>(data.size());
  }

  // Reads until EOF, error or timeout.
  std::string ReadAll() {
    std::string out;
    char buf[4096];
    for (;;) {
      int n = SSL_read(ssl_, buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ERR_clear_error();
    return out;
  }

  // True once the peer has closed (EOF or reset) within the receive timeout.
  bool WaitClosed() {
    char buf[256];
    for (;;) {
      int n = SSL_read(ssl_, buf, sizeof buf);
      if (n > 0) continue;
      int err = SSL_get_error(ssl_, n);
      ERR_clear_error();
      if (err == SSL_ERROR_ZERO_RETURN) return true;
      if (err == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
      return true;
    }
  }

 private:
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace wisp::net::testing
