// The hub's server: listen, accept (pausing when out of file handles), polite shutdown. Each
// accepted connection is served by hub_connection.cpp; the state both share is in
// hub_server_state.h.
#include <openssl/ssl.h>

#include "address.h"
#include "hub_server_state.h"
#include "triad/sync/tls_policy.h"

namespace triad::sync {

using namespace detail;

namespace {

awaitable<void> accept_loop(HubServer::Impl& s) {
  asio::steady_timer pause(s.io);
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await s.acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (s.stopping || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      const AfterAcceptFailure after =
          s.accept_failures.on_failure(ec.value(), ec.message(), std::chrono::steady_clock::now());
      if (after.log_line) s.hub.log(*after.log_line);
      if (after.pause.count() > 0) {
        pause.expires_after(after.pause);
        co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      continue;
    }
    asio::co_spawn(s.io, serve_connection(s, std::move(socket)), asio::detached);
  }
}

void begin_shutdown(HubServer::Impl& s) {
  if (s.stopping) return;
  s.stopping = true;
  s.hub.log("shutting down: no new sessions; open sessions are told to come back later");
  boost::system::error_code ignored;
  s.acceptor.close(ignored);
  s.signals.cancel(ignored);
  for (tcp::socket* socket : s.live) socket->cancel(ignored);  // idle reads end now
  if (s.live.empty()) return;
  s.grace.emplace(s.io, s.options.shutdown_grace);
  s.grace->async_wait([&s](boost::system::error_code ec) {
    if (!ec && !s.live.empty()) {
      s.hub.log("closing " + std::to_string(s.live.size()) +
                " session(s) that did not finish in time");
      s.io.stop();
    }
  });
}

core::Status load_tls(HubServer::Impl& s) {
  if (s.options.plaintext) return core::Status::ok();
  if (s.options.cert_file.empty() || s.options.key_file.empty())
    return core::invalid_argument(
        "the hub needs --cert and --key (or --insecure-plaintext for tests on loopback)");
  s.tls.emplace(asio::ssl::context::tls_server);
  TRIAD_RETURN_IF_ERROR(apply_tls_policy(s.tls->native_handle()));
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

// Zeros in the options become the sync port's share of the process's file limit.
ServeOptions with_limits(ServeOptions o, uint64_t file_limit) {
  const ConnectionShare share = share_file_limit(file_limit);
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
  impl_->torn_down = true;  // sessions cut short by the grace period are destroyed with `io`
  impl_->budget.abandon();
}

core::Result<std::unique_ptr<HubServer>> HubServer::create(Hub& hub, ServeOptions options) {
  const uint64_t file_limit = process_file_limit();
  auto impl = std::make_unique<Impl>(hub, with_limits(std::move(options), file_limit), file_limit);
  TRIAD_RETURN_IF_ERROR(load_tls(*impl));
  auto address = parse_address(impl->options.listen);
  if (!address) return address.status();
  boost::system::error_code ec;
  tcp::resolver resolver(impl->io);
  auto endpoints = resolver.resolve(address->host, address->port, tcp::resolver::passive, ec);
  if (ec || endpoints.empty())
    return core::invalid_argument("cannot listen on " + impl->options.listen + ": " + ec.message());
  const tcp::endpoint endpoint = *endpoints.begin();
  if (impl->options.plaintext && !endpoint.address().is_loopback())
    return core::invalid_argument(
        "--insecure-plaintext serves only on a loopback address (127.0.0.1 or [::1]), for "
        "tests on this machine, not on " +
        impl->options.listen + ": to serve other machines give --cert and --key (TLS)");
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return core::unavailable("cannot listen on " + impl->options.listen + ": " + ec.message());
  return std::unique_ptr<HubServer>(new HubServer(std::move(impl)));
}

uint16_t HubServer::port() const { return impl_->acceptor.local_endpoint().port(); }

size_t HubServer::sessions_served() const { return impl_->served; }

std::string HubServer::limits_text() const {
  const ServeOptions& o = impl_->options;
  std::string text = "at most " + std::to_string(o.max_connections) + " connections, " +
                     std::to_string(o.max_connections_per_address) +
                     " per client address (file limit " + std::to_string(impl_->file_limit) +
                     "); TLS and Hello within " + seconds_text(o.handshake_timeout) +
                     "; silence for " + seconds_text(o.read_timeout) + "; " +
                     std::to_string(o.max_buffered_bytes >> 20) + " MiB of frames in flight";
  if (o.max_connections > share_file_limit(impl_->file_limit).sync_connections)
    text += ". Warning: the file limit leaves room for only " +
            std::to_string(share_file_limit(impl_->file_limit).sync_connections) +
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
  asio::co_spawn(s.io, accept_loop(s), asio::detached);
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
