// File: src/net/https_server.cc — listeners, TLS context, io threads, drain.
#include "wisp/net/https_server.h"

#include <openssl/ssl.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "net/http_session.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::net {
namespace {

constexpr std::chrono::milliseconds kForceCloseWait{2000};
constexpr std::chrono::milliseconds kAcceptRetry{50};

// The state shared by the server and its sessions (see SessionHost).
class Core : public SessionHost {
 public:
  Core(HttpsServerOptions options, HttpHandler& handler)
      : options_(std::move(options)),
        handler_(handler),
        io_(options_.io_threads),
        ssl_(asio::ssl::context::tls_server) {}

  const HttpsServerOptions& options() const override { return options_; }
  HttpHandler& handler() override { return handler_; }
  asio::ssl::context& ssl_context() override { return ssl_; }
  bool Draining() const override { return draining_.load(); }

  bool Post(const Strand& strand, std::function<void()> fn) override {
    std::lock_guard<std::mutex> lock(post_mu_);
    if (stopped_) return false;
    asio::post(strand, std::move(fn));
    return true;
  }

  void Unregister(uint64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase(id);
    if (sessions_.empty()) cv_.notify_all();
  }

  void Register(uint64_t id, std::weak_ptr<HttpSession> session) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.emplace(id, std::move(session));
  }

  // Runs `fn` on every live session's strand.
  void ForEachSession(void (HttpSession::*fn)()) {
    std::vector<std::shared_ptr<HttpSession>> live;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& [id, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) {
      HttpSession* raw = s.get();
      Post(raw->strand(), [s, fn] { ((*s).*fn)(); });
    }
  }

  // Closes every session on the calling thread. REQUIRES: no io thread runs.
  void ForceCloseAllHere() {
    std::vector<std::shared_ptr<HttpSession>> live;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& [id, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->ForceClose();
  }

  // True if every session ended before `deadline`.
  bool WaitNoSessions(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
  }

  size_t SessionCount() {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.size();
  }

  void SetDraining() { draining_ = true; }
  void SetStopped() {
    std::lock_guard<std::mutex> lock(post_mu_);
    stopped_ = true;
  }
  asio::io_context& io() { return io_; }
  uint64_t NextId() { return ++next_id_; }

 private:
  const HttpsServerOptions options_;
  HttpHandler& handler_;
  asio::io_context io_;
  asio::ssl::context ssl_;
  std::atomic<bool> draining_{false};
  std::atomic<uint64_t> next_id_{0};

  std::mutex post_mu_;
  bool stopped_ = false;  // guarded by post_mu_

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, std::weak_ptr<HttpSession>> sessions_;  // guarded by mu_
};

absl::Status SslError(std::string_view what, std::string_view file,
                      const boost::system::error_code& ec) {
  return absl::InvalidArgumentError(base::StrCat(what, " ", file, ": ", ec.message()));
}

absl::Status ConfigureTls(const HttpsServerOptions& o, asio::ssl::context& ctx) {
  boost::system::error_code ec;
  ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                  ec);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  static constexpr unsigned char kSessionContext[] = "wisp-https";
  SSL_CTX_set_session_id_context(native, kSessionContext, sizeof kSessionContext - 1);
  ctx.use_certificate_chain_file(o.cert_file, ec);
  if (ec) return SslError("cannot load cert_file", o.cert_file, ec);
  ctx.use_private_key_file(o.key_file, asio::ssl::context::pem, ec);
  if (ec) return SslError("cannot load key_file", o.key_file, ec);
  if (SSL_CTX_check_private_key(native) != 1) {
    return absl::InvalidArgumentError(
        base::StrCat("key_file ", o.key_file, " does not match cert_file ", o.cert_file));
  }
  if (!o.client_ca_file.empty()) {
    ctx.load_verify_file(o.client_ca_file, ec);
    if (ec) return SslError("cannot load client_ca_file", o.client_ca_file, ec);
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.client_ca_file.c_str());
    if (names == nullptr) {
      return absl::InvalidArgumentError(
          base::StrCat("client_ca_file ", o.client_ca_file, " holds no certificate"));
    }
    SSL_CTX_set_client_CA_list(native, names);  // takes ownership
    // Requested, not required: anonymous clients may use tokens instead. A
    // certificate that is sent must verify, or the handshake fails.
    ctx.set_verify_mode(asio::ssl::verify_peer, ec);
  }
  return absl::OkStatus();
}

absl::StatusOr<tcp::endpoint> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(base::StrCat("listen \"", listen, "\": want host:port"));
  }
  std::string host = listen.substr(0, colon);
  std::string port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "0.0.0.0";
  if (host == "localhost") host = "127.0.0.1";
  int port = -1;
  if (!port_text.empty() && port_text.size() <= 5 &&
      port_text.find_first_not_of("0123456789") == std::string::npos) {
    port = std::stoi(port_text);
  }
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(base::StrCat("listen \"", listen, "\": bad port"));
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        base::StrCat("listen \"", listen, "\": host must be an IP address"));
  }
  return tcp::endpoint(address, static_cast<uint16_t>(port));
}

}  // namespace

class HttpsServer::Impl {
 public:
  Impl(HttpsServerOptions options, HttpHandler& handler)
      : options(std::move(options)), handler(handler) {}

  void Accept(size_t i) {
    acceptors[i]->async_accept(
        asio::make_strand(core->io()),
        [this, i](const boost::system::error_code& ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptors[i]->is_open()) return;
          if (ec) {
            base::LogWarn(options.name, base::StrCat("accept failed: ", ec.message()));
            auto timer = std::make_shared<asio::steady_timer>(core->io(), kAcceptRetry);
            timer->async_wait([this, i, timer](const boost::system::error_code& tec) {
              if (!tec && acceptors[i]->is_open()) Accept(i);
            });
            return;
          }
          boost::system::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          auto executor = socket.get_executor().target<Strand>();
          Strand strand = executor != nullptr ? *executor : asio::make_strand(core->io());
          uint64_t id = core->NextId();
          auto session = std::make_shared<HttpSession>(core, id, strand, std::move(socket));
          core->Register(id, session);
          asio::post(strand, [session] { session->Start(); });
          Accept(i);
        });
  }

  HttpsServerOptions options;
  HttpHandler& handler;
  std::shared_ptr<Core> core;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<uint16_t> ports;
  std::vector<std::thread> threads;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  mutable std::mutex mu;
  enum class State { kNew, kInitialized, kRunning, kStopped } state = State::kNew;
};

HttpsServer::HttpsServer(HttpsServerOptions options, HttpHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

HttpsServer::~HttpsServer() { Stop().IgnoreError(); }

std::string HttpsServer::Name() const { return impl_->options.name; }

absl::Status HttpsServer::Init() {
  const HttpsServerOptions& o = impl_->options;
  if (o.cert_file.empty()) return absl::InvalidArgumentError("cert_file is required");
  if (o.key_file.empty()) return absl::InvalidArgumentError("key_file is required");
  if (o.listen.empty()) return absl::InvalidArgumentError("listen: at least one address");
  if (o.io_threads < 1) return absl::InvalidArgumentError("io_threads must be >= 1");
  if (o.max_header_bytes < 256) return absl::InvalidArgumentError("max_header_bytes < 256");
  for (const auto& l : o.listen) {
    auto ep = ParseListen(l);
    if (!ep.ok()) return ep.status();
  }
  auto core = std::make_shared<Core>(o, impl_->handler);
  if (auto st = ConfigureTls(o, core->ssl_context()); !st.ok()) return st;
  impl_->core = std::move(core);
  impl_->state = Impl::State::kInitialized;
  return absl::OkStatus();
}

absl::Status HttpsServer::Start() {
  Impl& m = *impl_;
  if (m.state != Impl::State::kInitialized) {
    return absl::FailedPreconditionError("HttpsServer::Start needs a successful Init first");
  }
  std::vector<uint16_t> ports;
  for (const auto& l : m.options.listen) {
    auto ep = ParseListen(l);
    if (!ep.ok()) return ep.status();
    // On a strand: the accept loop and Stop()'s close never run concurrently.
    auto acceptor = std::make_unique<tcp::acceptor>(asio::make_strand(m.core->io()));
    boost::system::error_code ec;
    acceptor->open(ep->protocol(), ec);
    if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor->bind(*ep, ec);
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      m.acceptors.clear();
      return absl::UnavailableError(base::StrCat("listen ", l, ": ", ec.message()));
    }
    ports.push_back(acceptor->local_endpoint().port());
    m.acceptors.push_back(std::move(acceptor));
  }
  {
    std::lock_guard<std::mutex> lock(m.mu);
    m.ports = ports;
    m.state = Impl::State::kRunning;
  }
  m.work.emplace(m.core->io().get_executor());
  for (size_t i = 0; i < m.acceptors.size(); ++i) m.Accept(i);
  for (int t = 0; t < m.options.io_threads; ++t) {
    m.threads.emplace_back([core = m.core] { core->io().run(); });
  }
  for (size_t i = 0; i < ports.size(); ++i) {
    base::LogInfo(m.options.name, base::StrCat("serving HTTPS on ", m.options.listen[i], " (port ",
                                               static_cast<int>(ports[i]), ")"));
  }
  return absl::OkStatus();
}

absl::Status HttpsServer::Ready() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->state != Impl::State::kRunning) {
    return absl::UnavailableError(base::StrCat(impl_->options.name, " is not serving"));
  }
  return absl::OkStatus();
}

std::vector<uint16_t> HttpsServer::BoundPorts() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->ports;
}

absl::Status HttpsServer::Stop() {
  Impl& m = *impl_;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    if (m.state == Impl::State::kStopped) return absl::OkStatus();
    bool running = m.state == Impl::State::kRunning;
    m.state = Impl::State::kStopped;
    if (!running) {
      m.acceptors.clear();
      return absl::OkStatus();
    }
  }
  Core& core = *m.core;
  core.SetDraining();  // from now on responses say "Connection: close"
  // 1. Stop accepting. Each acceptor lives on its strand: close it there, so
  //    that no accept completes (and registers a session) after the close.
  for (auto& a : m.acceptors) {
    std::promise<void> closed;
    asio::post(a->get_executor(), [&a, &closed] {
      boost::system::error_code ignored;
      a->close(ignored);
      closed.set_value();
    });
    closed.get_future().wait();
  }
  // 2. Drain: idle connections close, in-flight requests finish, streams end.
  core.ForEachSession(&HttpSession::BeginDrain);
  auto deadline = std::chrono::steady_clock::now() + m.options.drain_timeout;
  if (!core.WaitNoSessions(deadline)) {
    base::LogWarn(m.options.name,
                  base::StrCat("drain timeout: closing ", core.SessionCount(), " connection(s)"));
    core.ForEachSession(&HttpSession::ForceClose);
    core.WaitNoSessions(std::chrono::steady_clock::now() + kForceCloseWait);
  }
  // 3. Join the io threads, then run what is left (closed sockets complete
  //    at once) so that no handler keeps a session or the core alive.
  m.work.reset();
  core.io().stop();
  for (auto& t : m.threads) t.join();
  m.threads.clear();
  core.SetStopped();  // from here on Responders' posts are dropped
  core.ForceCloseAllHere();
  core.io().restart();
  core.io().run();
  m.acceptors.clear();
  base::LogInfo(m.options.name, "stopped");
  return absl::OkStatus();
}

}  // namespace wisp::net
