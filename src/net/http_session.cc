// File: src/net/http_session.cc — one server connection (see http_session.h).
#include "net/http_session.h"

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include "net/peer_identity.h"
#include "net/response_head.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"

namespace wisp::net {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
// Lingering close: how long to swallow a client's unread request bytes after
// the last response, so that the close is not a reset that eats the response.
constexpr std::chrono::milliseconds kLingerTime{1000};

std::string Endpoint(const tcp::socket& socket) {
  beast::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  if (ep.address().is_v6()) {
    return base::StrCat("[", ep.address().to_string(), "]:", static_cast<int>(ep.port()));
  }
  return base::StrCat(ep.address().to_string(), ":", static_cast<int>(ep.port()));
}

}  // namespace

HttpSession::HttpSession(std::shared_ptr<SessionHost> host, uint64_t id, Strand strand,
                         tcp::socket socket)
    : host_(std::move(host)),
      id_(id),
      strand_(std::move(strand)),
      stream_(std::move(socket), host_->ssl_context()),
      read_deadline_(strand_),
      write_deadline_(strand_) {
  peer_ = Endpoint(stream_.next_layer());
}

HttpSession::~HttpSession() { host_->Unregister(id_); }

void HttpSession::Start() {
  ArmReadDeadline(host_->options().handshake_timeout);
  stream_.async_handshake(
      asio::ssl::stream_base::server,
      [self = shared_from_this()](beast::error_code ec) { self->OnHandshake(ec); });
}

void HttpSession::OnHandshake(beast::error_code ec) {
  if (ec) {
    base::LogDebug(host_->options().name,
                   base::StrCat("TLS handshake with ", peer_, " failed: ", ec.message()));
    CloseNow();
    return;
  }
  identity_ = VerifiedPeerIdentity(stream_.native_handle());
  ReadNext();
}

// Waits for the next request on a kept-alive connection.
void HttpSession::ReadNext() {
  if (phase_ == Phase::kClosing || phase_ == Phase::kClosed) return;
  if (draining_ || host_->Draining()) {
    GracefulClose();
    return;
  }
  phase_ = Phase::kIdle;
  if (bg_reading_) {
    // Left over from a stream. Pipelined bytes already buffered: stop the
    // watcher read (its completion moves on to ReadHeader).
    if (buffer_.size() > 0) {
      beast::error_code ignored;
      stream_.next_layer().cancel(ignored);
    } else {
      ArmReadDeadline(host_->options().idle_timeout);
    }
    return;
  }
  if (buffer_.size() > 0) {
    ReadHeader();
    return;
  }
  ArmReadDeadline(host_->options().idle_timeout);
  ArmBackgroundRead();
}

void HttpSession::ArmBackgroundRead() {
  if (bg_reading_ || phase_ == Phase::kClosed) return;
  bg_reading_ = true;
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            self->OnBackgroundRead(ec, n);
                          });
}

void HttpSession::OnBackgroundRead(beast::error_code ec, size_t n) {
  bg_reading_ = false;
  if (!ec) buffer_.commit(n);
  if (phase_ == Phase::kClosed) return;
  if (ec &&
      !(ec == asio::error::operation_aborted && phase_ == Phase::kIdle && buffer_.size() > 0)) {
    // The client went away (or the idle deadline closed the socket).
    CloseNow();
    return;
  }
  switch (phase_) {
    case Phase::kIdle:
      ReadHeader();
      break;
    case Phase::kBusy:
    case Phase::kStreaming:
      // Pipelined bytes are kept for later; stop watching once a full header
      // block's worth is waiting (the write timeout still guards the stream).
      if (buffer_.size() < host_->options().max_header_bytes) ArmBackgroundRead();
      break;
    case Phase::kClosing:
      CloseNow();
      break;
    default:
      break;
  }
}

void HttpSession::ReadHeader() {
  const HttpsServerOptions& opt = host_->options();
  phase_ = Phase::kReading;
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(std::min<size_t>(opt.max_header_bytes, UINT32_MAX)));
  parser_->body_limit(opt.max_body_bytes);
  started_ = std::chrono::steady_clock::now();
  ArmReadDeadline(opt.read_timeout);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void HttpSession::OnHeader(beast::error_code ec) {
  if (ec) {
    OnReadError(ec);
    return;
  }
  if (parser_->is_done()) {
    OnRequest({});
    return;
  }
  auto expect = parser_->get()[bhttp::field::expect];
  if (beast::iequals(expect, "100-continue")) {
    Queue("HTTP/1.1 100 Continue\r\n\r\n");
    Flush();
  }
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRequest(ec); });
}

void HttpSession::OnRequest(beast::error_code ec) {
  if (ec) {
    OnReadError(ec);
    return;
  }
  DisarmReadDeadline();
  Dispatch();
}

void HttpSession::OnReadError(beast::error_code ec) {
  if (phase_ == Phase::kClosed) return;
  const auto& http_category = beast::error_code(bhttp::error::bad_target).category();
  log_method_ = "-";
  log_path_ = "-";
  if (ec == bhttp::error::header_limit) {
    Reject(431, "request headers too large");
  } else if (ec == bhttp::error::body_limit) {
    Reject(413, "request body too large");
  } else if (ec.category() == http_category && ec != bhttp::error::end_of_stream &&
             ec != bhttp::error::partial_message && ec != bhttp::error::need_more) {
    Reject(400, base::StrCat("malformed request: ", ec.message()));
  } else {
    CloseNow();  // EOF, reset, timeout (the deadline closed the socket)
  }
}

// Answers a request that never reaches the handler, then closes.
void HttpSession::Reject(int status, std::string_view why) {
  parser_.reset();
  keep_alive_ = false;
  ++exchange_;
  phase_ = Phase::kBusy;
  answered_ = false;
  logged_ = false;
  DisarmReadDeadline();
  HttpResponse response;
  if (host_->options().reject_response) {
    response = host_->options().reject_response(status, why);
  } else {
    response.status = status;
    response.headers.Set("Content-Type", "text/plain; charset=utf-8");
    response.body = base::StrCat(why, "\n");
  }
  SendResponse(exchange_, std::move(response));
}

void HttpSession::Dispatch() {
  auto& msg = parser_->get();
  HttpRequest request;
  request.method = std::string(msg.method_string());
  request.raw_target = std::string(msg.target());
  std::string_view target = msg.target();
  size_t q = target.find('?');
  log_method_ = request.method;
  log_path_ = std::string(target.substr(0, q));
  auto path = PercentDecode(target.substr(0, q), /*plus_is_space=*/false);
  if (!path.ok() || path->empty() || (*path)[0] != '/') {
    Reject(400, path.ok() ? "request target must start with '/'"
                          : base::StrCat("bad request path: ", path.status().message()));
    return;
  }
  request.path = *std::move(path);
  if (q != std::string_view::npos) {
    auto query = ParseQuery(target.substr(q + 1));
    if (!query.ok()) {
      Reject(400, base::StrCat("bad query: ", query.status().message()));
      return;
    }
    request.query = *std::move(query);
  }
  for (const auto& field : msg) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(msg.body());
  request.peer_address = peer_;
  request.peer_identity = identity_;
  keep_alive_ = msg.keep_alive() && !draining_;
  head_request_ = msg.method() == bhttp::verb::head;
  parser_.reset();

  ++exchange_;
  phase_ = Phase::kBusy;
  answered_ = false;
  logged_ = false;
  log_status_ = 0;
  stream_headers_sent_ = false;
  self_while_busy_ = shared_from_this();
  // While the handler works, watch for pipelined bytes or the client leaving.
  if (buffer_.size() == 0) ArmBackgroundRead();
  try {
    host_->handler().HandleRequest(std::move(request), MakeResponder(weak_from_this(), exchange_));
  } catch (...) {
    base::LogError(host_->options().name, "handler threw an exception");
    HttpResponse response;
    response.status = 500;
    SendResponse(exchange_, std::move(response));
  }
}

bool HttpSession::Current(uint64_t exchange) const {
  return exchange == exchange_ && (phase_ == Phase::kBusy || phase_ == Phase::kStreaming);
}

std::string HttpSession::StatusLine(int status, const HeaderMap& headers, bool chunked,
                                    size_t length) {
  ResponseFraming framing{.chunked = chunked, .content_length = length, .keep_alive = keep_alive_};
  int dropped = 0;
  std::string head = SerializeResponseHead(status, headers, framing, &dropped);
  keep_alive_ = framing.keep_alive;
  if (dropped > 0) {
    base::LogWarn(host_->options().name,
                  base::StrCat("dropped ", dropped, " header field(s) with CR/LF/NUL from ",
                               log_method_, " ", log_path_));
  }
  return head;
}

void HttpSession::SendResponse(uint64_t exchange, HttpResponse response) {
  if (!Current(exchange) || phase_ != Phase::kBusy || answered_) return;
  answered_ = true;
  if (draining_ || host_->Draining()) keep_alive_ = false;
  log_status_ = response.status;
  bool no_body = response.status == 204 || response.status == 304 || head_request_;
  Queue(StatusLine(response.status, response.headers, false, response.body.size()));
  if (!no_body) Queue(std::move(response.body));
  finish_after_write_ = true;
  Flush();
}

void HttpSession::BeginStream(uint64_t exchange, std::shared_ptr<StreamShared> shared) {
  if (!Current(exchange) || answered_) {
    shared->open = false;
    return;
  }
  answered_ = true;
  stream_shared_ = std::move(shared);
}

void HttpSession::SendStreamHeaders(uint64_t exchange, int status, HeaderMap headers) {
  if (!Current(exchange) || !stream_shared_ || stream_headers_sent_) return;
  if (draining_ || host_->Draining()) keep_alive_ = false;
  phase_ = Phase::kStreaming;
  stream_headers_sent_ = true;
  log_status_ = status;
  Queue(StatusLine(status, headers, true, 0));
  Flush();
  ArmBackgroundRead();
}

void HttpSession::SendChunk(uint64_t exchange, std::string data) {
  if (!Current(exchange) || !stream_shared_ || finish_after_write_) return;
  if (!stream_headers_sent_) SendStreamHeaders(exchange, 200, {});
  Queue(ChunkSizeLine(data.size()));
  Queue(std::move(data));
  Queue("\r\n");
  Flush();
}

void HttpSession::EndStream(uint64_t exchange) {
  if (!Current(exchange) || !stream_shared_ || finish_after_write_) return;
  if (!stream_headers_sent_) SendStreamHeaders(exchange, 200, {});
  if (stream_shared_) stream_shared_->open = false;
  Queue(std::string(kLastChunk));
  finish_after_write_ = true;
  Flush();
}

void HttpSession::Queue(std::string bytes) {
  if (bytes.empty() || phase_ == Phase::kClosed) return;
  if (stream_shared_) stream_shared_->queued_bytes += bytes.size();
  out_.push_back(std::move(bytes));
}

void HttpSession::Flush() {
  if (writing_ || phase_ == Phase::kClosed) return;
  if (out_.empty()) {
    if (finish_after_write_) FinishExchange();
    return;
  }
  inflight_.clear();
  std::vector<asio::const_buffer> buffers;
  buffers.reserve(out_.size());
  while (!out_.empty()) {
    inflight_.push_back(std::move(out_.front()));
    out_.pop_front();
  }
  for (const auto& s : inflight_) buffers.emplace_back(s.data(), s.size());
  writing_ = true;
  write_deadline_.expires_after(host_->options().write_timeout);
  write_deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec && self->writing_) {
      base::LogDebug(self->host_->options().name,
                     base::StrCat("write timeout, closing ", self->peer_));
      self->CloseNow();
    }
  });
  asio::async_write(stream_, buffers, [self = shared_from_this()](beast::error_code ec, size_t) {
    self->OnWrite(ec);
  });
}

void HttpSession::OnWrite(beast::error_code ec) {
  writing_ = false;
  write_deadline_.cancel();
  if (stream_shared_) {
    size_t n = 0;
    for (const auto& s : inflight_) n += s.size();
    stream_shared_->queued_bytes -= std::min(n, stream_shared_->queued_bytes.load());
  }
  inflight_.clear();
  if (ec) {
    CloseNow();
    return;
  }
  Flush();
}

void HttpSession::FinishExchange() {
  finish_after_write_ = false;
  LogExchange();
  if (stream_shared_) stream_shared_->open = false;
  stream_shared_.reset();
  auto keep = std::move(self_while_busy_);  // `this` lives until return
  if (!keep_alive_ || phase_ == Phase::kClosing) {
    GracefulClose();
  } else {
    ReadNext();
  }
}

void HttpSession::LogExchange() {
  if (logged_) return;
  logged_ = true;
  if (!host_->options().log_requests) return;
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started_)
                    .count();
  base::LogInfo(host_->options().name,
                base::StrCat(log_method_, " ", log_path_, " ", log_status_, " ",
                             static_cast<int64_t>(micros), "us peer=", peer_,
                             " user=", identity_ ? identity_->common_name : std::string("-")));
}

// Sends FIN after the last response and swallows what the client still
// sends, so that the response is not lost to a TCP reset; bounded in time.
void HttpSession::GracefulClose() {
  if (phase_ == Phase::kClosing || phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosing;
  if (stream_shared_) stream_shared_->open = false;
  beast::error_code ignored;
  stream_.next_layer().shutdown(tcp::socket::shutdown_send, ignored);
  ArmReadDeadline(kLingerTime);
  if (bg_reading_) return;  // its completion closes
  LingerRead(std::make_shared<std::array<char, 4096>>());
}

void HttpSession::LingerRead(std::shared_ptr<std::array<char, 4096>> sink) {
  auto* data = sink.get();
  stream_.next_layer().async_read_some(
      asio::buffer(*data),
      [self = shared_from_this(), sink = std::move(sink)](beast::error_code ec, size_t) mutable {
        if (ec || self->phase_ == Phase::kClosed) {
          self->CloseNow();
          return;
        }
        self->LingerRead(std::move(sink));
      });
}

void HttpSession::CloseNow() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  if (stream_shared_) stream_shared_->open = false;
  if (!logged_) {
    if (log_status_ == 0) log_status_ = 499;  // client gone before the answer
    LogExchange();
  }
  DisarmReadDeadline();
  write_deadline_.cancel();
  beast::error_code ignored;
  stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.next_layer().close(ignored);
  out_.clear();
  self_while_busy_.reset();
}

void HttpSession::BeginDrain() {
  draining_ = true;
  switch (phase_) {
    case Phase::kHandshake:
    case Phase::kIdle:
      CloseNow();
      break;
    case Phase::kBusy:
      keep_alive_ = false;
      break;
    case Phase::kStreaming:
      keep_alive_ = false;
      EndStream(exchange_);
      break;
    default:
      break;  // kReading: the request finishes (read timeout / drain deadline)
  }
}

void HttpSession::ForceClose() { CloseNow(); }

void HttpSession::ArmReadDeadline(std::chrono::milliseconds d) {
  uint64_t gen = ++read_deadline_gen_;
  read_deadline_.expires_after(d);
  read_deadline_.async_wait([self = shared_from_this(), gen](beast::error_code ec) {
    if (ec || gen != self->read_deadline_gen_) return;
    base::LogDebug(self->host_->options().name,
                   base::StrCat("read/idle timeout, closing ", self->peer_));
    self->CloseNow();
  });
}

void HttpSession::DisarmReadDeadline() {
  ++read_deadline_gen_;
  read_deadline_.cancel();
}

// --- Responder / ResponseStream: any thread → the session's strand ---------

namespace {

// A stream whose client reads slower than this is dropped.
constexpr size_t kMaxStreamBacklog = 64 * 1024 * 1024;

// Runs `fn(session, exchange)` on the session's strand: inline when already
// there (a handler answering synchronously saves a hop), else posted. False
// if the session or the server is gone.
template <typename Fn>
bool OnSession(const std::weak_ptr<HttpSession>& weak, uint64_t exchange, Fn&& fn) {
  std::shared_ptr<HttpSession> session = weak.lock();
  if (session == nullptr) return false;
  if (session->strand().running_in_this_thread()) {
    fn(*session, exchange);
    return true;
  }
  HttpSession* raw = session.get();
  return raw->host().Post(
      raw->strand(), [session = std::move(session), exchange, fn = std::forward<Fn>(fn)]() mutable {
        fn(*session, exchange);
      });
}

class StreamImpl : public ResponseStream {
 public:
  StreamImpl(std::weak_ptr<HttpSession> session, uint64_t exchange,
             std::shared_ptr<StreamShared> shared)
      : session_(std::move(session)), exchange_(exchange), shared_(std::move(shared)) {}
  ~StreamImpl() override { Close(); }

  bool WriteHeaders(int status, const HeaderMap& headers) override {
    if (!Open()) return false;
    return Alive(OnSession(session_, exchange_, [status, headers](HttpSession& s, uint64_t ex) {
      s.SendStreamHeaders(ex, status, headers);
    }));
  }

  bool WriteChunk(std::string_view data) override {
    if (!Open()) return false;
    if (data.empty()) return true;
    if (shared_->queued_bytes.load() > kMaxStreamBacklog) {
      shared_->open = false;
      OnSession(session_, exchange_, [](HttpSession& s, uint64_t) { s.ForceClose(); });
      return false;
    }
    return Alive(OnSession(session_, exchange_,
                           [d = std::string(data)](HttpSession& s, uint64_t ex) mutable {
                             s.SendChunk(ex, std::move(d));
                           }));
  }

  void Close() override {
    if (closed_.exchange(true)) return;
    OnSession(session_, exchange_, [](HttpSession& s, uint64_t ex) { s.EndStream(ex); });
  }

  bool Open() const override { return !closed_.load() && shared_->open.load(); }

 private:
  bool Alive(bool posted) {
    if (!posted) shared_->open = false;
    return posted && shared_->open.load();
  }

  std::weak_ptr<HttpSession> session_;
  const uint64_t exchange_;
  std::shared_ptr<StreamShared> shared_;
  std::atomic<bool> closed_{false};
};

class ResponderImpl : public Responder {
 public:
  ResponderImpl(std::weak_ptr<HttpSession> session, uint64_t exchange)
      : session_(std::move(session)), exchange_(exchange) {}
  ~ResponderImpl() override {
    if (answered_) return;
    HttpResponse response;
    response.status = 500;
    response.body = "the handler did not answer\n";
    Respond(std::move(response));
  }

  void Respond(HttpResponse response) override {
    if (answered_) return;
    answered_ = true;
    OnSession(session_, exchange_, [r = std::move(response)](HttpSession& s, uint64_t ex) mutable {
      s.SendResponse(ex, std::move(r));
    });
  }

  std::shared_ptr<ResponseStream> StartStream() override {
    auto shared = std::make_shared<StreamShared>();
    if (answered_) {
      shared->open = false;
    } else {
      answered_ = true;
      if (!OnSession(session_, exchange_,
                     [shared](HttpSession& s, uint64_t ex) { s.BeginStream(ex, shared); })) {
        shared->open = false;
      }
    }
    return std::make_shared<StreamImpl>(session_, exchange_, std::move(shared));
  }

 private:
  std::weak_ptr<HttpSession> session_;
  const uint64_t exchange_;
  bool answered_ = false;
};

}  // namespace

std::unique_ptr<Responder> MakeResponder(std::weak_ptr<HttpSession> session, uint64_t exchange) {
  return std::make_unique<ResponderImpl>(std::move(session), exchange);
}

}  // namespace wisp::net
