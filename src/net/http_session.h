// File: src/net/http_session.h (private; includes Asio/Beast — only the
// src/net Beast translation units include it).
//
// One TLS connection of HttpsServer. All session state is touched only on the
// connection's strand; Responder/ResponseStream (any thread) post onto it
// through SessionHost::Post, tagged with the exchange number they belong to so
// that a late answer never lands on a later request.
//
//   Handshake ─► Idle (idle timeout) ─► Reading (read timeout) ─► Busy
//        (handshake timeout)   ▲                                   │ handler
//                              │       ┌── Respond ◄───────────────┤
//                              └───────┴── Streaming ◄─ StartStream┘
//                    keep-alive           (a read stays armed to see the
//                                          client go away)
//
// Writes go through one ordered queue per connection; each batch must finish
// within write_timeout. Lifetime: shared_ptr, kept alive by pending Asio
// operations and, while a handler owns the request, by itself
// (self_while_busy_); Responders hold only a weak_ptr.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wisp/net/http.h"
#include "wisp/net/https_server.h"

namespace wisp::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Strand = asio::strand<asio::io_context::executor_type>;

// Server-side services a session needs; implemented in https_server.cc.
// Sessions hold it by shared_ptr, so it (and the io_context and SSL context it
// owns) outlives every session. Thread-safe.
class SessionHost {
 public:
  virtual ~SessionHost() = default;
  virtual const HttpsServerOptions& options() const = 0;
  virtual HttpHandler& handler() = 0;
  virtual asio::ssl::context& ssl_context() = 0;
  virtual bool Draining() const = 0;
  // Runs `fn` on `strand` unless the server has stopped; false if dropped.
  virtual bool Post(const Strand& strand, std::function<void()> fn) = 0;
  virtual void Unregister(uint64_t id) = 0;
};

// Shared between a session and the ResponseStream a handler holds.
struct StreamShared {
  std::atomic<bool> open{true};
  std::atomic<size_t> queued_bytes{0};
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(std::shared_ptr<SessionHost> host, uint64_t id, Strand strand, tcp::socket socket);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // Everything below runs on strand().
  void Start();
  // Server Stop(): idle connections close now, busy ones after their
  // response, streams get their final chunk.
  void BeginDrain();
  void ForceClose();

  // Called (on the strand) for the Responder / ResponseStream of `exchange`.
  void SendResponse(uint64_t exchange, HttpResponse response);
  void BeginStream(uint64_t exchange, std::shared_ptr<StreamShared> shared);
  void SendStreamHeaders(uint64_t exchange, int status, HeaderMap headers);
  void SendChunk(uint64_t exchange, std::string data);
  void EndStream(uint64_t exchange);

  const Strand& strand() const { return strand_; }
  SessionHost& host() { return *host_; }

 private:
  enum class Phase { kHandshake, kIdle, kReading, kBusy, kStreaming, kClosing, kClosed };

  void OnHandshake(beast::error_code ec);
  void ReadNext();
  void ArmBackgroundRead();
  void OnBackgroundRead(beast::error_code ec, size_t n);
  void ReadHeader();
  void OnHeader(beast::error_code ec);
  void OnRequest(beast::error_code ec);
  void OnReadError(beast::error_code ec);
  void Dispatch();
  void Reject(int status, std::string_view why);
  bool Current(uint64_t exchange) const;
  std::string StatusLine(int status, const HeaderMap& headers, bool chunked, size_t length);

  void Queue(std::string bytes);
  void Flush();
  void OnWrite(beast::error_code ec);
  void FinishExchange();
  void LogExchange();
  void GracefulClose();
  void LingerRead(std::shared_ptr<std::array<char, 4096>> sink);
  void CloseNow();

  void ArmReadDeadline(std::chrono::milliseconds d);
  void DisarmReadDeadline();

  // Declared first: destroyed last (the socket needs the io_context it owns).
  std::shared_ptr<SessionHost> host_;
  const uint64_t id_;
  Strand strand_;
  asio::ssl::stream<tcp::socket> stream_;
  asio::steady_timer read_deadline_;
  asio::steady_timer write_deadline_;
  uint64_t read_deadline_gen_ = 0;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string peer_;
  std::optional<PeerIdentity> identity_;

  Phase phase_ = Phase::kHandshake;
  bool bg_reading_ = false;  // a read that only watches for data/EOF
  bool draining_ = false;
  bool keep_alive_ = true;
  bool head_request_ = false;
  bool finish_after_write_ = false;
  bool answered_ = false;  // the current exchange has its Respond/StartStream
  bool stream_headers_sent_ = false;
  uint64_t exchange_ = 0;
  std::shared_ptr<StreamShared> stream_shared_;
  std::shared_ptr<HttpSession> self_while_busy_;

  std::deque<std::string> out_;        // queued, not yet written
  std::vector<std::string> inflight_;  // being written now
  bool writing_ = false;

  std::string log_method_;
  std::string log_path_;
  int log_status_ = 0;
  bool logged_ = true;
  std::chrono::steady_clock::time_point started_;
};

// The Responder handed to handlers; defined in http_session.cc.
std::unique_ptr<Responder> MakeResponder(std::weak_ptr<HttpSession> session, uint64_t exchange);

}  // namespace wisp::net
