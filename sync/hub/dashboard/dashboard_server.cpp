// HTTPS with Beast: accept (pausing when out of file handles), admit within the connection limits,
// TLS handshake, read a request under limits and a deadline, have the site answer it on the store
// thread, write the answer, stop politely. What every Triad server does (certificate, listening,
// accepting, deadlines, shutdown) is triad_net's, as for the hub's sync port.
#include "dashboard_server.h"

#include "triad/net/asio.h"
// after triad/net/asio.h (std::exchange first)
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <thread>

#include "triad/net/connection_limits.h"
#include "triad/net/deadline.h"
#include "triad/net/listener.h"
#include "triad/net/open_connections.h"
#include "triad/sync/log_text.h"

namespace triad::dashboard {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using net::awaitable;
using net::tcp;
using net::use_awaitable;
using Stream = beast::ssl_stream<beast::tcp_stream>;

constexpr size_t kMaxHeaderBytes = 8 * 1024;
constexpr size_t kMaxBodyBytes = 4 * 1024;
constexpr int kMaxRequestsPerConnection = 100;
// On stop, how long open connections have to finish the request they are answering.
constexpr std::chrono::milliseconds kShutdownGrace{2'000};

using Clock = std::chrono::steady_clock;

struct DashboardServer::Impl {
  DashboardOptions options;
  net::Admission admission;
  net::LogThrottle admission_log;
  std::unique_ptr<DashboardSite> site;  // used on store_thread only
  std::optional<asio::ssl::context> tls;
  asio::thread_pool store_thread{1};
  net::OpenConnections open;
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
                               net::Admission::Ticket& ticket) {
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
    res.keep_alive(req.keep_alive() && n + 1 < kMaxRequestsPerConnection && !s.open.stopping());
    beast::get_lowest_layer(stream).expires_after(s.options.timeout);
    co_await http::async_write(stream, res, use_awaitable);
    if (!res.keep_alive()) co_return;
  }
}

void note_admission(DashboardServer::Impl& s, net::Admission::Outcome outcome,
                    const std::string& ip) {
  if (outcome == net::Admission::Outcome::kAdmitted) return;
  const auto n = s.admission_log.count(Clock::now());
  if (!n) return;
  const bool refused = outcome != net::Admission::Outcome::kAdmittedPushingOut;
  s.log(ip + " connection " +
        (refused ? "refused: the dashboard holds as many connections as it may (" +
                       std::to_string(s.admission.max_connections()) + ", " +
                       std::to_string(s.admission.max_per_address()) + " per address)"
                 : std::string("admitted by closing an older one that had not sent a request")) +
        (*n > 1 ? "; " + std::to_string(*n) + " connections at a limit since the last such line"
                : ""));
}

awaitable<void> serve(DashboardServer::Impl& s, tcp::socket socket) {
  boost::system::error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) co_return;  // the browser gave up while queued
  const Clock::time_point first_by = Clock::now() + s.options.handshake_timeout;
  try {
    Stream stream(beast::tcp_stream(std::move(socket)), *s.tls);
    auto& lowest = beast::get_lowest_layer(stream);
    net::OpenConnections::Held held(s.open, lowest.socket());  // a stop cancels what it awaits
    auto admitted = s.admission.admit(remote.address().to_string(), [&lowest] {
      boost::system::error_code ignored;
      lowest.socket().close(ignored);
    });
    note_admission(s, admitted.outcome, remote.address().to_string());
    if (!admitted.ticket) co_return;
    if (const auto ec = co_await net::wait_first_bytes(lowest.socket(), first_by); ec)
      co_return;  // silent until the deadline, or closed to make room
    admitted.ticket->advance(net::Admission::Stage::kSpoken);
    lowest.expires_at(first_by);
    co_await stream.async_handshake(asio::ssl::stream_base::server, use_awaitable);
    admitted.ticket->advance(net::Admission::Stage::kSecured);
    co_await serve_requests(s, stream, first_by, *admitted.ticket);
    lowest.expires_after(std::chrono::seconds(2));
    boost::system::error_code ignored;
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ignored));
  } catch (const std::exception&) {
    // It broke off, timed out or was closed to make room: nothing to answer, nothing kept.
  }
}

core::Status load_tls(DashboardServer::Impl& s) {
  if (s.options.cert_file.empty() || s.options.key_file.empty())
    return core::invalid_argument(
        "the dashboard needs the hub's --cert and --key: it is served over HTTPS only");
  auto tls = net::server_tls_context(s.options.cert_file, s.options.key_file);
  if (!tls) return tls.status();
  s.tls.emplace(std::move(tls).value());
  return core::Status::ok();
}

core::Status bind(DashboardServer::Impl& s) {
  auto endpoint = net::listen_endpoint(s.io, s.options.listen);
  if (!endpoint) return endpoint.status();
  TRIAD_RETURN_IF_ERROR(net::start_listening(s.acceptor, *endpoint, s.options.listen));
  s.port = s.acceptor.local_endpoint().port();
  return core::Status::ok();
}

}  // namespace

DashboardServer::DashboardServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DashboardServer::~DashboardServer() { stop(); }

core::Result<std::unique_ptr<DashboardServer>> DashboardServer::start(DashboardOptions options) {
  const net::ConnectionShare share = net::share_file_limit(net::process_file_limit());
  if (options.max_connections == 0) options.max_connections = share.dashboard_connections;
  if (options.max_per_address == 0)
    options.max_per_address = std::min(share.dashboard_per_address, options.max_connections);
  auto impl = std::make_unique<Impl>(std::move(options));
  TRIAD_RETURN_IF_ERROR(load_tls(*impl));
  auto site = DashboardSite::open(impl->options.db_path, impl->options.site);
  if (!site) return site.status();
  impl->site = std::move(site.value());
  // What the admin page does goes to the hub's log ("dashboard: admin ...").
  // Hub::log escapes the line already.
  impl->site->set_log([impl = impl.get()](const std::string& line) {
    if (impl->options.log) impl->options.log("dashboard: " + line);
  });
  TRIAD_RETURN_IF_ERROR(bind(*impl));
  Impl& s = *impl;
  asio::co_spawn(s.io,
                 net::accept_connections(
                     s.acceptor, [&s](const std::string& line) { s.log(line); },
                     [&s](tcp::socket socket) {
                       asio::co_spawn(s.io, serve(s, std::move(socket)), asio::detached);
                     }),
                 asio::detached);
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
    s.open.shut_down(s.acceptor, kShutdownGrace, [&s](size_t still_open) {
      s.log("closing " + std::to_string(still_open) + " connection(s) that did not finish in time");
      s.io.stop();
    });
  });
  if (s.io_thread.joinable()) s.io_thread.join();
  s.open.abandon();  // connections cut short are destroyed with `io`
  s.store_thread.stop();
  s.store_thread.join();
}

}  // namespace triad::dashboard
