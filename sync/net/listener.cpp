#include "triad/net/listener.h"

#include "triad/net/address.h"
#include "triad/net/connection_limits.h"
#include "triad/net/tls_policy.h"

namespace triad::net {

core::Result<asio::ssl::context> server_tls_context(const std::string& cert_file,
                                                    const std::string& key_file) {
  asio::ssl::context tls(asio::ssl::context::tls_server);
  TRIAD_RETURN_IF_ERROR(apply_tls_policy(tls.native_handle()));
  boost::system::error_code ec;
  tls.use_certificate_chain_file(cert_file, ec);
  if (ec)
    return core::invalid_argument("cannot use the certificate " + cert_file + ": " + ec.message());
  tls.use_private_key_file(key_file, asio::ssl::context::pem, ec);
  if (ec)
    return core::invalid_argument("cannot use the private key " + key_file + ": " + ec.message());
  return tls;
}

core::Result<tcp::endpoint> listen_endpoint(asio::io_context& io, const std::string& listen) {
  auto address = parse_address(listen);
  if (!address) return address.status();
  boost::system::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(address->host, address->port, tcp::resolver::passive, ec);
  if (ec || endpoints.empty())
    return core::invalid_argument("cannot listen on " + listen + ": " + ec.message());
  return endpoints.begin()->endpoint();
}

core::Status start_listening(tcp::acceptor& acceptor, const tcp::endpoint& endpoint,
                             const std::string& listen) {
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return core::unavailable("cannot listen on " + listen + ": " + ec.message());
  return core::Status::ok();
}

awaitable<void> accept_connections(tcp::acceptor& acceptor,
                                   std::function<void(const std::string&)> log,
                                   std::function<void(tcp::socket)> serve) {
  AcceptFailures failures;
  asio::steady_timer pause(acceptor.get_executor());
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      const AfterAcceptFailure after =
          failures.on_failure(ec.value(), ec.message(), std::chrono::steady_clock::now());
      if (after.log_line) log(*after.log_line);
      if (after.pause.count() > 0) {
        pause.expires_after(after.pause);
        co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      continue;
    }
    serve(std::move(socket));
  }
}

}  // namespace triad::net
