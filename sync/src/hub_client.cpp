// The client's connection to the hub: connect, verify the hub's certificate, run one session.
#include "address.h"
#include "asio_includes.h"
#include "frame_io.h"
#include "triad/sync/transport.h"

namespace triad::sync {

using namespace detail;

namespace {

template <class Stream>
awaitable<core::Result<SyncReport>> run_session(Stream& stream, core::Store& store, const ClientOptions& options,
                                                std::chrono::milliseconds timeout) {
  ClientSession session(store, options);
  uint64_t sent = 0, received = 0;
  const auto send = [&](const v1::Envelope& e) -> awaitable<void> {
    sent += kFrameHeaderBytes + e.ByteSizeLong();
    co_await write_frame(stream, e, timeout);
  };
  const v1::Envelope hello = session.hello();
  if (session.finished()) co_return session.status();  // the store could not be read
  co_await send(hello);
  while (!session.finished()) {
    auto frame = co_await read_frame(stream, kDefaultMaxFrameBytes, timeout);
    if (!frame) {
      co_await write_frame(stream, error_envelope(code_for_bad_frame(frame.status()), frame.status().message()), timeout);
      co_return core::invalid_argument("the hub sent a frame that is not valid (" + frame.status().message() + ")");
    }
    received += kFrameHeaderBytes + frame->ByteSizeLong();
    for (const v1::Envelope& e : session.receive(*frame)) co_await send(e);
  }
  if (!session.status().is_ok()) co_return session.status();
  SyncReport report = session.report();
  report.bytes_sent = sent;
  report.bytes_received = received;
  co_return report;
}

awaitable<core::Result<SyncReport>> connect_and_sync(core::Store& store, const HubAddress& hub, ClientOptions options) {
  auto address = parse_address(hub.address);
  if (!address) co_return address.status();
  // Read before connecting, so a bad CA file costs the hub nothing.
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  tls.set_verify_mode(asio::ssl::verify_peer);
  boost::system::error_code ec;
  if (hub.ca_file.empty()) tls.set_default_verify_paths(ec);
  else tls.load_verify_file(hub.ca_file, ec);
  if (ec) co_return core::invalid_argument("cannot read the CA file " + hub.ca_file + ": " + ec.message());
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket socket(executor);
  try {
    auto endpoints = co_await resolver.async_resolve(address->host, address->port, use_awaitable);
    {
      Deadline d(socket, hub.timeout);
      co_await asio::async_connect(socket, endpoints, use_awaitable);
    }
    socket.set_option(tcp::no_delay(true));  // frames are small and turn-taking: no Nagle delay
    if (hub.plaintext) co_return co_await run_session(socket, store, options, hub.timeout);
  } catch (const boost::system::system_error& e) {
    co_return core::unavailable("cannot reach the hub at " + hub.address + ": " + e.code().message());
  }
  TlsStream stream(std::move(socket), tls);
  stream.set_verify_callback(asio::ssl::host_name_verification(address->host));
  SSL_set_tlsext_host_name(stream.native_handle(), address->host.c_str());
  try {
    Deadline d(stream.next_layer(), hub.timeout);
    co_await stream.async_handshake(asio::ssl::stream_base::client, use_awaitable);
  } catch (const boost::system::system_error& e) {
    // Only a certificate the CA file does not vouch for is the user's to fix; a handshake cut off
    // or timed out is the network's, and a later retry may pass.
    if (e.code().category() == asio::error::get_ssl_category())
      co_return core::failed_precondition("the hub at " + hub.address + " could not be verified (" + e.code().message() +
                                          "): check --ca names the hub's CA or certificate");
    co_return core::unavailable("the TLS handshake with the hub at " + hub.address + " did not finish (" +
                                e.code().message() + "); try again later");
  }
  try {
    auto result = co_await run_session(stream, store, options, hub.timeout);
    Deadline d(stream.next_layer(), std::chrono::milliseconds(2000));
    boost::system::error_code ignored;
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ignored));
    co_return result;
  } catch (const boost::system::system_error& e) {
    co_return core::unavailable("the connection to the hub at " + hub.address + " broke off (" + e.code().message() +
                                "); what was committed is kept, sync again to continue");
  }
}

}  // namespace

core::Result<SyncReport> sync_with_hub(core::Store& store, const HubAddress& hub, ClientOptions options) {
  asio::io_context io{1};
  core::Result<SyncReport> result = core::unavailable("the sync did not run");
  asio::co_spawn(
      io, [&]() -> awaitable<void> { result = co_await connect_and_sync(store, hub, std::move(options)); },
      [&result](std::exception_ptr error) {
        if (error) result = core::unavailable("the sync stopped on an unexpected error");
      });
  io.run();
  return result;
}

}  // namespace triad::sync
