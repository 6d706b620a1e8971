// File: src/net/https_client.cc — synchronous Beast client (see https_client.h).
//
// Every operation is an async Beast/Asio operation run to completion on the
// client's private io_context, so that beast::tcp_stream's timeouts apply.
#include "wisp/net/https_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "wisp/base/strings.h"

namespace wisp::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr uint32_t kMaxResponseHeader = 1024 * 1024;
constexpr uint64_t kMaxResponseBody = uint64_t{1} << 31;

absl::Status TransportError(std::string_view what, const beast::error_code& ec) {
  if (ec == beast::error::timeout) {
    return absl::DeadlineExceededError(base::StrCat(what, ": timed out"));
  }
  if (&ec.category() == &beast::error_code(bhttp::error::bad_target).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return absl::DataLossError(base::StrCat(what, ": malformed response: ", ec.message()));
  }
  return absl::UnavailableError(base::StrCat(what, ": ", ec.message()));
}

// A reused connection that the server had already closed fails like this
// before any response byte; the request is then safe to send again.
bool StaleConnection(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated ||
         ec == asio::error::eof;
}

template <typename Fields>
void CopyHeaders(const Fields& fields, HeaderMap& out) {
  for (const auto& f : fields) out.Add(std::string(f.name_string()), std::string(f.value()));
}

}  // namespace

class HttpsClient::Impl {
 public:
  Impl(std::string host, std::string port, HttpsClientOptions options)
      : host_(std::move(host)), port_(std::move(port)), options_(std::move(options)) {}

  absl::Status Configure() {
    beast::error_code ec;
    SSL_CTX_set_min_proto_version(ctx_.native_handle(), TLS1_2_VERSION);
    ctx_.set_verify_mode(asio::ssl::verify_peer, ec);
    if (options_.ca_file.empty()) {
      ctx_.set_default_verify_paths(ec);
    } else {
      ctx_.load_verify_file(options_.ca_file, ec);
      if (ec) return FileError("ca_file", options_.ca_file, ec);
    }
    if (!options_.cert_file.empty()) {
      ctx_.use_certificate_chain_file(options_.cert_file, ec);
      if (ec) return FileError("cert_file", options_.cert_file, ec);
      if (options_.key_file.empty()) {
        return absl::InvalidArgumentError("key_file is required with cert_file");
      }
      ctx_.use_private_key_file(options_.key_file, asio::ssl::context::pem, ec);
      if (ec) return FileError("key_file", options_.key_file, ec);
    }
    if (options_.server_name.empty()) options_.server_name = host_;
    return absl::OkStatus();
  }

  absl::StatusOr<HttpResponse> Do(std::string_view method, std::string_view target,
                                  const HeaderMap& headers, std::string body) {
    for (int attempt = 0;; ++attempt) {
      bool reused = stream_ != nullptr;
      if (!reused) {
        if (auto st = Connect(); !st.ok()) return st;
      }
      bool may_retry = reused && attempt == 0;
      auto req = MakeRequest(method, target, headers);
      bool has_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
      if (has_body) req.body() = may_retry ? body : std::move(body);
      req.prepare_payload();
      Timeout();
      beast::error_code ec = Run([&](auto handler) { bhttp::async_write(*stream_, req, handler); });
      if (ec) {
        Close();
        if (may_retry && StaleConnection(ec)) continue;
        return TransportError("sending the request", ec);
      }
      bhttp::response_parser<bhttp::string_body> parser;
      parser.header_limit(kMaxResponseHeader);
      parser.body_limit(kMaxResponseBody);
      if (method == "HEAD") parser.skip(true);
      ec = Run([&](auto handler) { bhttp::async_read(*stream_, buffer_, parser, handler); });
      if (ec) {
        bool nothing_read = !parser.got_some();
        Close();
        if (may_retry && nothing_read && StaleConnection(ec)) continue;
        return TransportError("reading the response", ec);
      }
      HttpResponse out;
      auto& msg = parser.get();
      out.status = static_cast<int>(msg.result_int());
      CopyHeaders(msg, out.headers);
      out.body = std::move(msg.body());
      if (!msg.keep_alive()) Close();
      return out;
    }
  }

  absl::Status Stream(std::string_view method, std::string_view target, const HeaderMap& headers,
                      const std::function<bool(std::string_view)>& on_data, HttpResponse* head) {
    bhttp::response_parser<bhttp::buffer_body> parser;
    parser.header_limit(kMaxResponseHeader);
    parser.body_limit(boost::none);
    for (int attempt = 0;; ++attempt) {
      bool reused = stream_ != nullptr;
      if (!reused) {
        if (auto st = Connect(); !st.ok()) return st;
      }
      auto req = MakeRequest(method, target, headers);
      req.prepare_payload();
      Timeout();
      beast::error_code ec = Run([&](auto handler) { bhttp::async_write(*stream_, req, handler); });
      if (!ec) {
        ec = Run(
            [&](auto handler) { bhttp::async_read_header(*stream_, buffer_, parser, handler); });
      }
      if (!ec) break;
      bool nothing_read = !parser.got_some();
      Close();
      if (reused && attempt == 0 && nothing_read && StaleConnection(ec)) continue;
      return TransportError("starting the stream", ec);
    }
    auto& msg = parser.get();
    bool keep_alive = msg.keep_alive();
    if (head != nullptr) {
      head->status = static_cast<int>(msg.result_int());
      CopyHeaders(msg, head->headers);
    }
    beast::get_lowest_layer(*stream_).expires_never();
    char buf[16 * 1024];
    while (!parser.is_done()) {
      msg.body().data = buf;
      msg.body().size = sizeof buf;
      beast::error_code ec =
          Run([&](auto handler) { bhttp::async_read_some(*stream_, buffer_, parser, handler); });
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) {
        Close();
        return TransportError("reading the stream", ec);
      }
      size_t n = sizeof buf - msg.body().size;
      if (n > 0 && !on_data(std::string_view(buf, n))) {
        Close();
        return absl::OkStatus();
      }
    }
    if (!keep_alive) Close();
    return absl::OkStatus();
  }

  void Close() {
    if (stream_ == nullptr) return;
    beast::error_code ignored;
    beast::get_lowest_layer(*stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*stream_).close();
    stream_.reset();
    buffer_.clear();
  }

  int opened() const { return opened_; }

 private:
  using Stream_ = beast::ssl_stream<beast::tcp_stream>;

  static absl::Status FileError(std::string_view field, std::string_view file,
                                const beast::error_code& ec) {
    return absl::InvalidArgumentError(
        base::StrCat("cannot load ", field, " ", file, ": ", ec.message()));
  }

  // Runs one async operation to completion; returns its error code.
  template <typename Start>
  beast::error_code Run(Start&& start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    io_.restart();
    io_.run();
    return result;
  }

  void Timeout() { beast::get_lowest_layer(*stream_).expires_after(options_.timeout); }

  absl::Status Connect() {
    Close();
    std::string where = base::StrCat(host_, ":", port_);
    tcp::resolver resolver(io_);
    tcp::resolver::results_type endpoints;
    beast::error_code ec = Run([&](auto handler) {
      resolver.async_resolve(
          host_, port_,
          [&endpoints, handler](beast::error_code e, tcp::resolver::results_type r) mutable {
            endpoints = std::move(r);
            handler(e);
          });
    });
    if (ec) return TransportError(base::StrCat("resolving ", where), ec);
    stream_ = std::make_unique<Stream_>(io_, ctx_);
    beast::error_code parse_ec;
    asio::ip::make_address(options_.server_name, parse_ec);
    if (parse_ec) {  // SNI only for names, never for IP literals (RFC 6066)
      SSL_set_tlsext_host_name(stream_->native_handle(), options_.server_name.c_str());
    }
    stream_->set_verify_callback(asio::ssl::host_name_verification(options_.server_name));
    Timeout();
    ec = Run([&](auto handler) {
      beast::get_lowest_layer(*stream_).async_connect(
          endpoints, [handler](beast::error_code e, const tcp::endpoint&) mutable { handler(e); });
    });
    if (ec) {
      stream_.reset();
      return TransportError(base::StrCat("connecting to ", where), ec);
    }
    ++opened_;
    beast::get_lowest_layer(*stream_).socket().set_option(tcp::no_delay(true), ec);
    Timeout();
    ec = Run(
        [&](auto handler) { stream_->async_handshake(asio::ssl::stream_base::client, handler); });
    if (ec) {
      Close();
      return TransportError(base::StrCat("TLS handshake with ", where), ec);
    }
    return absl::OkStatus();
  }

  bhttp::request<bhttp::string_body> MakeRequest(std::string_view method, std::string_view target,
                                                 const HeaderMap& headers) {
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    bool has_host = false;
    for (const auto& [name, value] : headers.fields()) {
      if (beast::iequals(name, "host")) has_host = true;
      req.insert(name, value);
    }
    if (!has_host) req.set(bhttp::field::host, base::StrCat(host_, ":", port_));
    return req;
  }

  std::string host_;
  std::string port_;
  HttpsClientOptions options_;
  asio::io_context io_;
  asio::ssl::context ctx_{asio::ssl::context::tls_client};
  std::unique_ptr<Stream_> stream_;
  beast::flat_buffer buffer_;
  int opened_ = 0;
};

absl::StatusOr<std::unique_ptr<HttpsClient>> HttpsClient::Create(std::string address,
                                                                 HttpsClientOptions options) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size()) {
    return absl::InvalidArgumentError(base::StrCat("address \"", address, "\": want host:port"));
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return absl::InvalidArgumentError("address: empty host");
  auto impl = std::make_unique<Impl>(host, address.substr(colon + 1), std::move(options));
  if (auto st = impl->Configure(); !st.ok()) return st;
  return std::unique_ptr<HttpsClient>(new HttpsClient(std::move(impl)));
}

HttpsClient::HttpsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpsClient::~HttpsClient() { impl_->Close(); }

absl::StatusOr<HttpResponse> HttpsClient::Do(std::string_view method, std::string_view target,
                                             const HeaderMap& headers, std::string body) {
  return impl_->Do(method, target, headers, std::move(body));
}

absl::Status HttpsClient::Stream(std::string_view method, std::string_view target,
                                 const HeaderMap& headers,
                                 std::function<bool(std::string_view)> on_data,
                                 HttpResponse* head) {
  return impl_->Stream(method, target, headers, on_data, head);
}

void HttpsClient::Close() { impl_->Close(); }
int HttpsClient::connections_opened() const { return impl_->opened(); }

}  // namespace wisp::net
