// HTTPS with Beast: accept, TLS handshake, read a request under limits and a deadline, have the
// site answer it on the store thread, write the answer. Follows sync/src/hub_server.cpp.
#include <utility>  // before Asio: Boost 1.74 under C++20 needs std::exchange declared first

#include "dashboard_server.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <thread>

namespace triad::dashboard {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;

constexpr size_t kMaxHeaderBytes = 8 * 1024;
constexpr size_t kMaxBodyBytes = 4 * 1024;
constexpr int kMaxRequestsPerConnection = 100;

struct DashboardServer::Impl {
  DashboardOptions options;
  std::unique_ptr<DashboardSite> site;  // used on store_thread only
  std::optional<asio::ssl::context> tls;
  asio::thread_pool store_thread{1};
  asio::io_context io{1};  // after what the connections use: destroyed first, with their frames
  tcp::acceptor acceptor{io};
  std::thread io_thread;
  bool stopped = false;
  uint16_t port = 0;

  explicit Impl(DashboardOptions o) : options(std::move(o)) {}
};

namespace {

HttpRequest from_beast(const http::request<http::string_body>& req) {
  const auto field = [&](http::field f) { return std::string(req[f]); };
  return {std::string(req.method_string()), std::string(req.target()), field(http::field::authorization),
          field(http::field::cookie), field(http::field::accept), field(http::field::content_type), req.body()};
}

http::response<http::string_body> to_beast(const HttpResponse& out, unsigned version, bool head) {
  http::response<http::string_body> res{static_cast<http::status>(out.status), version};
  res.set(http::field::server, "triad-hub");
  res.set(http::field::content_type, out.content_type);
  for (const auto& [name, value] : out.headers) res.insert(name, value);
  if (!head) res.body() = out.body;
  res.prepare_payload();
  if (head) res.content_length(out.body.size());
  return res;
}

// A request over the limits gets a plain answer, then the connection closes.
awaitable<void> refuse_oversized(Stream& stream, unsigned version) {
  HttpResponse out;
  out.status = 413;
  out.content_type = "text/plain; charset=utf-8";
  out.body = "request too large\n";
  auto res = to_beast(out, version, false);
  res.keep_alive(false);
  co_await http::async_write(stream, res, use_awaitable);
}

awaitable<void> serve_requests(DashboardServer::Impl& s, Stream& stream) {
  beast::flat_buffer buffer;
  for (int n = 0; n < kMaxRequestsPerConnection; ++n) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
    beast::get_lowest_layer(stream).expires_after(s.options.timeout);
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec == http::error::header_limit || ec == http::error::body_limit || ec == http::error::buffer_overflow)
      co_return co_await refuse_oversized(stream, 11);
    if (ec) co_return;  // the browser left, timed out or sent something that is not HTTP
    const http::request<http::string_body>& req = parser.get();
    const HttpRequest request = from_beast(req);
    HttpResponse out = co_await asio::co_spawn(
        s.store_thread, [&]() -> awaitable<HttpResponse> { co_return s.site->handle(request); }, use_awaitable);
    auto res = to_beast(out, req.version(), req.method() == http::verb::head);
    res.keep_alive(req.keep_alive() && n + 1 < kMaxRequestsPerConnection);
    beast::get_lowest_layer(stream).expires_after(s.options.timeout);
    co_await http::async_write(stream, res, use_awaitable);
    if (!res.keep_alive()) co_return;
  }
}

awaitable<void> serve(DashboardServer::Impl& s, tcp::socket socket) {
  try {
    Stream stream(beast::tcp_stream(std::move(socket)), *s.tls);
    beast::get_lowest_layer(stream).expires_after(s.options.timeout);
    co_await stream.async_handshake(asio::ssl::stream_base::server, use_awaitable);
    co_await serve_requests(s, stream);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    boost::system::error_code ignored;
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ignored));
  } catch (const std::exception&) {
    // A connection that broke off or timed out: nothing to answer, nothing kept.
  }
}

awaitable<void> accept_loop(DashboardServer::Impl& s) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await s.acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !s.acceptor.is_open()) co_return;
    if (!ec) asio::co_spawn(s.io, serve(s, std::move(socket)), asio::detached);
  }
}

core::Status load_tls(DashboardServer::Impl& s) {
  if (s.options.cert_file.empty() || s.options.key_file.empty())
    return core::invalid_argument("the dashboard needs the hub's --cert and --key: it is served over HTTPS only");
  s.tls.emplace(asio::ssl::context::tls_server);
  s.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  s.tls->use_certificate_chain_file(s.options.cert_file, ec);
  if (ec) return core::invalid_argument("cannot use the certificate " + s.options.cert_file + ": " + ec.message());
  s.tls->use_private_key_file(s.options.key_file, asio::ssl::context::pem, ec);
  if (ec) return core::invalid_argument("cannot use the private key " + s.options.key_file + ": " + ec.message());
  return core::Status::ok();
}

core::Status bind(DashboardServer::Impl& s) {
  const std::string& listen = s.options.listen;
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
    return core::invalid_argument("--dashboard needs HOST:PORT, e.g. 127.0.0.1:7443 (port 0 picks one), not '" + listen + "'");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  tcp::resolver resolver(s.io);
  auto endpoints = resolver.resolve(host, listen.substr(colon + 1), tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) return core::invalid_argument("cannot listen on " + listen + ": " + ec.message());
  const tcp::endpoint endpoint = *endpoints.begin();
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return core::unavailable("cannot listen on " + listen + ": " + ec.message());
  s.port = s.acceptor.local_endpoint().port();
  return core::Status::ok();
}

}  // namespace

DashboardServer::DashboardServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DashboardServer::~DashboardServer() { stop(); }

core::Result<std::unique_ptr<DashboardServer>> DashboardServer::start(DashboardOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  TRIAD_RETURN_IF_ERROR(load_tls(*impl));
  auto site = DashboardSite::open(impl->options.db_path, impl->options.site);
  if (!site) return site.status();
  impl->site = std::move(site.value());
  TRIAD_RETURN_IF_ERROR(bind(*impl));
  Impl& s = *impl;
  asio::co_spawn(s.io, accept_loop(s), asio::detached);
  s.io_thread = std::thread([&s] {
    try {
      s.io.run();
    } catch (const std::exception&) {
      // Handlers do not throw (each connection catches its own); a throw here ends the dashboard only.
    }
  });
  return std::unique_ptr<DashboardServer>(new DashboardServer(std::move(impl)));
}

uint16_t DashboardServer::port() const { return impl_->port; }

void DashboardServer::stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  asio::post(s.io, [&s] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
  });
  s.io.stop();
  if (s.io_thread.joinable()) s.io_thread.join();
  s.store_thread.stop();
  s.store_thread.join();
}

}  // namespace triad::dashboard
