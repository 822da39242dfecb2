// HTTPS with Beast: accept (pausing when out of file handles), admit within the connection limits,
// TLS handshake, read a request under limits and a deadline, have the site answer it on the store
// thread, write the answer. Follows sync/src/hub_server.cpp and hub_connection.cpp.
#include "dashboard_server.h"

// clang-format off: Boost 1.74's Asio under C++20 needs std::exchange declared first
#include <utility>
// clang-format on
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <thread>

#include "triad/sync/connection_limits.h"
#include "triad/sync/log_text.h"
#include "triad/sync/tls_policy.h"

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

using Clock = std::chrono::steady_clock;

struct DashboardServer::Impl {
  DashboardOptions options;
  sync::Admission admission;
  sync::AcceptFailures accept_failures;
  sync::LogThrottle admission_log;
  std::unique_ptr<DashboardSite> site;  // used on store_thread only
  std::optional<asio::ssl::context> tls;
  asio::thread_pool store_thread{1};
  asio::io_context io{1};  // after what the connections use: destroyed first, with their frames
  tcp::acceptor acceptor{io};
  std::thread io_thread;
  bool stopped = false;
  uint16_t port = 0;

  explicit Impl(DashboardOptions o)
      : options(std::move(o)), admission(options.max_connections, options.max_per_address) {}

  void log(const std::string& line) const {
    if (options.log) options.log(sync::escape_for_log("dashboard: " + line));
  }
};

namespace {

HttpRequest from_beast(const http::request<http::string_body>& req) {
  const auto field = [&](http::field f) { return std::string(req[f]); };
  return {std::string(req.method_string()),
          std::string(req.target()),
          field(http::field::authorization),
          field(http::field::cookie),
          field(http::field::accept),
          field(http::field::content_type),
          req.body()};
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

// Serves requests until the browser leaves. `first_by`: when the first request must have come
// (the handshake deadline); the connection counts as established once it has.
awaitable<void> serve_requests(DashboardServer::Impl& s, Stream& stream, Clock::time_point first_by,
                               sync::Admission::Ticket& ticket) {
  beast::flat_buffer buffer;
  for (int n = 0; n < kMaxRequestsPerConnection; ++n) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
    if (n == 0)
      beast::get_lowest_layer(stream).expires_at(
          std::min(first_by, Clock::now() + s.options.timeout));
    else
      beast::get_lowest_layer(stream).expires_after(s.options.timeout);
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec == http::error::header_limit || ec == http::error::body_limit ||
        ec == http::error::buffer_overflow)
      co_return co_await refuse_oversized(stream, 11);
    if (ec) co_return;  // the browser left, timed out or sent something that is not HTTP
    ticket.established();
    const http::request<http::string_body>& req = parser.get();
    const HttpRequest request = from_beast(req);
    HttpResponse out = co_await asio::co_spawn(
        s.store_thread, [&]() -> awaitable<HttpResponse> { co_return s.site->handle(request); },
        use_awaitable);
    auto res = to_beast(out, req.version(), req.method() == http::verb::head);
    res.keep_alive(req.keep_alive() && n + 1 < kMaxRequestsPerConnection);
    beast::get_lowest_layer(stream).expires_after(s.options.timeout);
    co_await http::async_write(stream, res, use_awaitable);
    if (!res.keep_alive()) co_return;
  }
}

void note_admission(DashboardServer::Impl& s, sync::Admission::Outcome outcome,
                    const std::string& ip) {
  if (outcome == sync::Admission::Outcome::kAdmitted) return;
  const auto n = s.admission_log.count(Clock::now());
  if (!n) return;
  const bool refused = outcome != sync::Admission::Outcome::kAdmittedPushingOut;
  s.log(ip + " connection " +
        (refused ? "refused: the dashboard holds as many connections as it may (" +
                       std::to_string(s.admission.max_connections()) + ", " +
                       std::to_string(s.admission.max_per_address()) + " per address)"
                 : std::string("admitted by closing an older one that had not sent a request")) +
        (*n > 1 ? "; " + std::to_string(*n) + " connections at a limit since the last such line"
                : ""));
}

// Waits for a connection's first bytes, closing it if none come by `by` (then the wait fails).
awaitable<void> first_bytes(tcp::socket& socket, Clock::time_point by) {
  asio::steady_timer deadline(socket.get_executor(), by);
  auto armed = std::make_shared<bool>(true);  // the timer's handler may run after this returns
  deadline.async_wait([armed, &socket](boost::system::error_code ec) {
    boost::system::error_code ignored;
    if (!ec && *armed) socket.close(ignored);
  });
  boost::system::error_code ec;
  co_await socket.async_wait(tcp::socket::wait_read, asio::redirect_error(use_awaitable, ec));
  *armed = false;
  deadline.cancel();
  if (ec) throw boost::system::system_error(ec);
}

awaitable<void> serve(DashboardServer::Impl& s, tcp::socket socket) {
  boost::system::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) co_return;  // the browser gave up while queued
  const Clock::time_point first_by = Clock::now() + s.options.handshake_timeout;
  try {
    Stream stream(beast::tcp_stream(std::move(socket)), *s.tls);
    auto& lowest = beast::get_lowest_layer(stream);
    auto admitted = s.admission.admit(remote.address().to_string(), [&lowest] {
      boost::system::error_code ignored;
      lowest.socket().close(ignored);
    });
    note_admission(s, admitted.outcome, remote.address().to_string());
    if (!admitted.ticket) co_return;
    co_await first_bytes(lowest.socket(), first_by);
    admitted.ticket->advance(sync::Admission::Stage::kSpoken);
    lowest.expires_at(first_by);
    co_await stream.async_handshake(asio::ssl::stream_base::server, use_awaitable);
    admitted.ticket->advance(sync::Admission::Stage::kSecured);
    co_await serve_requests(s, stream, first_by, *admitted.ticket);
    lowest.expires_after(std::chrono::seconds(2));
    boost::system::error_code ignored;
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ignored));
  } catch (const std::exception&) {
    // It broke off, timed out or was closed to make room: nothing to answer, nothing kept.
  }
}

awaitable<void> accept_loop(DashboardServer::Impl& s) {
  asio::steady_timer pause(s.io);
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await s.acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !s.acceptor.is_open()) co_return;
    if (ec) {
      const sync::AfterAcceptFailure after =
          s.accept_failures.on_failure(ec.value(), ec.message(), Clock::now());
      if (after.log_line) s.log(*after.log_line);
      if (after.pause.count() > 0) {
        pause.expires_after(after.pause);
        co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      continue;
    }
    asio::co_spawn(s.io, serve(s, std::move(socket)), asio::detached);
  }
}

core::Status load_tls(DashboardServer::Impl& s) {
  if (s.options.cert_file.empty() || s.options.key_file.empty())
    return core::invalid_argument(
        "the dashboard needs the hub's --cert and --key: it is served over HTTPS only");
  s.tls.emplace(asio::ssl::context::tls_server);
  TRIAD_RETURN_IF_ERROR(sync::apply_tls_policy(s.tls->native_handle()));
  boost::system::error_code ec;
  s.tls->use_certificate_chain_file(s.options.cert_file, ec);
  if (ec)
    return core::invalid_argument("cannot use the certificate " + s.options.cert_file + ": " +
                                  ec.message());
  s.tls->use_private_key_file(s.options.key_file, asio::ssl::context::pem, ec);
  if (ec)
    return core::invalid_argument("cannot use the private key " + s.options.key_file + ": " +
                                  ec.message());
  return core::Status::ok();
}

core::Status bind(DashboardServer::Impl& s) {
  const std::string& listen = s.options.listen;
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
    return core::invalid_argument(
        "--dashboard needs HOST:PORT, e.g. 127.0.0.1:7443 (port 0 picks one), not '" + listen +
        "'");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  tcp::resolver resolver(s.io);
  auto endpoints = resolver.resolve(host, listen.substr(colon + 1), tcp::resolver::passive, ec);
  if (ec || endpoints.empty())
    return core::invalid_argument("cannot listen on " + listen + ": " + ec.message());
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
  const sync::ConnectionShare share = sync::share_file_limit(sync::process_file_limit());
  if (options.max_connections == 0) options.max_connections = share.dashboard_connections;
  if (options.max_per_address == 0)
    options.max_per_address = std::min(share.dashboard_per_address, options.max_connections);
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
      // Handlers do not throw (each connection catches its own); a throw here ends the dashboard
      // only.
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
