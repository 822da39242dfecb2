// The hub's server: listen, accept (pausing when out of file handles), polite shutdown, each
// done as every Triad server does it (triad/net/listener.h, open_connections.h). Each accepted
// connection is served by hub_connection.cpp; the state both share is in hub_server_state.h.
#include "triad/hub/hub_server.h"

#include "hub_server_state.h"
#include "triad/net/listener.h"

namespace triad::sync {

using namespace detail;

namespace {

void begin_shutdown(HubServer::Impl& s) {
  if (s.open.stopping()) return;
  s.hub.log("shutting down: no new sessions; open sessions are told to come back later");
  boost::system::error_code ignored;
  s.signals.cancel(ignored);
  s.open.shut_down(s.acceptor, s.options.shutdown_grace, [&s](size_t still_open) {
    s.hub.log("closing " + std::to_string(still_open) + " session(s) that did not finish in time");
    s.io.stop();
  });
}

core::Status load_tls(HubServer::Impl& s) {
  if (s.options.plaintext) return core::Status::ok();
  if (s.options.cert_file.empty() || s.options.key_file.empty())
    return core::invalid_argument(
        "the hub needs --cert and --key (or --insecure-plaintext for tests on loopback)");
  auto tls = net::server_tls_context(s.options.cert_file, s.options.key_file);
  if (!tls) return tls.status();
  s.tls.emplace(std::move(tls).value());
  return core::Status::ok();
}

// Zeros in the options become the sync port's share of the process's file limit.
ServeOptions with_limits(ServeOptions o, uint64_t file_limit) {
  const net::ConnectionShare share = net::share_file_limit(file_limit);
  if (o.max_connections == 0) o.max_connections = share.sync_connections;
  if (o.max_connections_per_address == 0)
    o.max_connections_per_address = std::min(share.sync_per_address, o.max_connections);
  return o;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  return ms.count() % 1000 == 0 ? std::to_string(ms.count() / 1000) + " s"
                                : std::to_string(ms.count()) + " ms";
}

}  // namespace

HubServer::HubServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HubServer::~HubServer() {
  impl_->store_thread.join();
  impl_->open.abandon();  // sessions cut short by the grace period are destroyed with `io`
  impl_->budget.abandon();
}

core::Result<std::unique_ptr<HubServer>> HubServer::create(Hub& hub, ServeOptions options) {
  const uint64_t file_limit = net::process_file_limit();
  auto impl = std::make_unique<Impl>(hub, with_limits(std::move(options), file_limit), file_limit);
  TRIAD_RETURN_IF_ERROR(load_tls(*impl));
  auto endpoint = net::listen_endpoint(impl->io, impl->options.listen);
  if (!endpoint) return endpoint.status();
  if (impl->options.plaintext && !endpoint->address().is_loopback())
    return core::invalid_argument(
        "--insecure-plaintext serves only on a loopback address (127.0.0.1 or [::1]), for "
        "tests on this machine, not on " +
        impl->options.listen + ": to serve other machines give --cert and --key (TLS)");
  TRIAD_RETURN_IF_ERROR(net::start_listening(impl->acceptor, *endpoint, impl->options.listen));
  return std::unique_ptr<HubServer>(new HubServer(std::move(impl)));
}

uint16_t HubServer::port() const { return impl_->acceptor.local_endpoint().port(); }

size_t HubServer::sessions_served() const { return impl_->served; }

const HubMetrics& HubServer::metrics() const { return impl_->metrics; }

std::string HubServer::limits_text() const {
  const ServeOptions& o = impl_->options;
  std::string text = "at most " + std::to_string(o.max_connections) + " connections, " +
                     std::to_string(o.max_connections_per_address) +
                     " per client address (file limit " + std::to_string(impl_->file_limit) +
                     "); TLS and Hello within " + seconds_text(o.handshake_timeout) +
                     "; silence for " + seconds_text(o.read_timeout) + "; " +
                     std::to_string(o.max_buffered_bytes >> 20) + " MiB of frames in flight";
  if (o.max_connections > net::share_file_limit(impl_->file_limit).sync_connections)
    text += ". Warning: the file limit leaves room for only " +
            std::to_string(net::share_file_limit(impl_->file_limit).sync_connections) +
            " connections; raise it (LimitNOFILE= in the service, ulimit -n)";
  return text;
}

core::Status HubServer::run() {
  Impl& s = *impl_;
  if (s.options.handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](boost::system::error_code ec, int) {
      if (!ec) begin_shutdown(s);
    });
  }
  s.hub.log("limits: " + limits_text());
  asio::co_spawn(s.io,
                 net::accept_connections(
                     s.acceptor, [&s](const std::string& line) { s.hub.log(line); },
                     [&s](tcp::socket socket) {
                       asio::co_spawn(s.io, serve_connection(s, std::move(socket)), asio::detached);
                     }),
                 asio::detached);
  try {
    s.io.run();
  } catch (const std::exception& e) {
    return core::store_error(std::string("the hub stopped on an error: ") + e.what());
  }
  return core::Status::ok();
}

void HubServer::stop() {
  asio::post(impl_->io, [&s = *impl_] { begin_shutdown(s); });
}

}  // namespace triad::sync
