// The client's connection to the hub: connect (plain TCP only to a loopback address), verify the
// hub's certificate (saying so when the device's date is outside its validity), run one session.
// An attempt tells a hub that did not answer from one that did (hub_attempt.h).
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cctype>
#include <ctime>

#include "hub_attempt.h"
#include "triad/net/address.h"
#include "triad/net/tls_policy.h"
#include "triad/sync/detail/asio_includes.h"
#include "triad/sync/detail/frame_io.h"
#include "triad/sync/log_text.h"
#include "triad/sync/transport.h"

namespace triad::sync {

using namespace detail;

namespace {

template <class Stream>
awaitable<core::Result<SyncReport>> run_session(Stream& stream, core::Store& store,
                                                const ClientOptions& options,
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
      co_await write_frame(
          stream, error_envelope(code_for_bad_frame(frame.status()), frame.status().message()),
          timeout);
      co_return core::invalid_argument("the hub sent a frame that is not valid (" +
                                       frame.status().message() + ")");
    }
    received += kFrameHeaderBytes + frame->ByteSizeLong();
    for (const v1::Envelope& e : session.receive(*frame)) co_await send(e);
  }
  // The status may quote the hub's words: no control character of theirs reaches the terminal.
  if (!session.status().is_ok())
    co_return core::Status(session.status().code(), escape_for_log(session.status().message()));
  SyncReport report = session.report();
  report.bytes_sent = sent;
  report.bytes_received = received;
  co_return report;
}

// When the certificate check failed on a certificate's dates: which, and its validity window.
struct CertificateDates {
  int error = 0;  // X509_V_ERR_CERT_NOT_YET_VALID or X509_V_ERR_CERT_HAS_EXPIRED
  std::string not_before, not_after;
};

std::string utc_text(const std::tm& t) {
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &t);
  return text;
}

std::string utc_text(const ASN1_TIME* time) {
  std::tm t{};
  if (ASN1_TIME_to_tm(time, &t) != 1) return "(an unreadable date)";
  return utc_text(t);
}

std::string device_date_text() {
  const std::time_t now = std::time(nullptr);
  std::tm t{};
  gmtime_r(&now, &t);
  return utc_text(t);
}

// The hub's certificate check, as asio's host name check, noting a failure on dates on the way.
auto verify_noting_dates(const std::string& host, CertificateDates& dates) {
  return [&dates, check = asio::ssl::host_name_verification(host)](
             bool preverified, asio::ssl::verify_context& context) mutable {
    X509_STORE_CTX* store = context.native_handle();
    const int error = X509_STORE_CTX_get_error(store);
    if (!preverified && dates.error == 0 &&
        (error == X509_V_ERR_CERT_NOT_YET_VALID || error == X509_V_ERR_CERT_HAS_EXPIRED)) {
      X509* certificate = X509_STORE_CTX_get_current_cert(store);
      dates = {error, utc_text(X509_get0_notBefore(certificate)),
               utc_text(X509_get0_notAfter(certificate))};
    }
    return check(preverified, context);
  };
}

core::Status date_looks_wrong(const std::string& address, const CertificateDates& dates) {
  const std::string window = "from " + dates.not_before + " to " + dates.not_after;
  const std::string today = device_date_text();
  if (dates.error == X509_V_ERR_CERT_NOT_YET_VALID)
    return core::failed_precondition(
        "the hub at " + address + " has a certificate valid " + window +
        ", but this device's date is " + today +
        ": this device's date looks wrong. Set the right date and time, then sync "
        "again (if it is right, tell the hub's admin: the certificate is dated ahead)");
  return core::failed_precondition(
      "the hub at " + address + " has a certificate that was valid " + window +
      ", and this device's date is " + today +
      ": if this date looks wrong, set the right date and time, then sync again; if it "
      "is right, the certificate has expired: tell the hub's admin to renew it");
}

bool all_loopback(const tcp::resolver::results_type& endpoints) {
  for (const auto& e : endpoints)
    if (!e.endpoint().address().is_loopback()) return false;
  return !endpoints.empty();
}

std::string seconds_text(std::chrono::milliseconds d) {
  const long long s = (d.count() + 999) / 1000;
  return std::to_string(s) + (s == 1 ? " second" : " seconds");
}

// Why an address did not answer, in a person's words. A Deadline closes the socket when its time
// is up, which aborts the operation it guards.
std::string no_answer_text(const boost::system::error_code& ec, std::chrono::milliseconds timeout,
                           bool handshake) {
  if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor)
    return handshake ? "the TLS handshake did not finish within " + seconds_text(timeout)
                     : "no answer within " + seconds_text(timeout);
  std::string said = ec.message();
  if (!said.empty()) said[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(said[0])));
  return handshake ? "it hung up during the TLS handshake (" + said + ")" : said;
}

// A hub that answered and was then cut off: this sync ends here (hub_failover.cpp says why).
core::Status broke_off(const std::string& address, const boost::system::error_code& ec) {
  return core::unavailable("the connection to the hub at " + address + " broke off (" +
                           ec.message() + "); what was committed is kept, sync again to continue");
}

awaitable<HubAttempt> connect_and_sync(core::Store& store, const HubAddress& hub,
                                       ClientOptions options) {
  auto address = net::parse_address(hub.address);
  if (!address) co_return HubAttempt{address.status()};
  // Read before connecting, so a bad CA file costs the hub nothing.
  asio::ssl::context tls(asio::ssl::context::tls_client);
  if (auto s = net::apply_tls_policy(tls.native_handle()); !s.is_ok()) co_return HubAttempt{s};
  tls.set_verify_mode(asio::ssl::verify_peer);
  boost::system::error_code ec;
  if (hub.ca_file.empty())
    tls.set_default_verify_paths(ec);
  else
    tls.load_verify_file(hub.ca_file, ec);
  if (ec)
    co_return HubAttempt{
        core::invalid_argument("cannot read the CA file " + hub.ca_file + ": " + ec.message())};
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket socket(executor);
  try {
    auto endpoints = co_await resolver.async_resolve(address->host, address->port, use_awaitable);
    if (hub.plaintext && !all_loopback(endpoints))
      co_return HubAttempt{core::invalid_argument(
          "--insecure-plaintext connects only to a hub on this machine (a loopback "
          "address: 127.0.0.1, [::1] or localhost), not to " +
          hub.address + ": give --ca with the hub's certificate to sync over TLS")};
    {
      Deadline d(socket, hub.timeout);
      co_await asio::async_connect(socket, endpoints, use_awaitable);
    }
    socket.set_option(tcp::no_delay(true));  // frames are small and turn-taking: no Nagle delay
  } catch (const boost::system::system_error& e) {
    co_return HubAttempt(
        core::unavailable("cannot reach the hub at " + hub.address + ": " + e.code().message() +
                          "; nothing was exchanged: sync again once the network "
                          "or the hub is back"),
        no_answer_text(e.code(), hub.timeout, false));
  }
  if (hub.plaintext) {
    try {
      co_return HubAttempt{co_await run_session(socket, store, options, hub.timeout)};
    } catch (const boost::system::system_error& e) {
      co_return HubAttempt{broke_off(hub.address, e.code())};
    }
  }
  TlsStream stream(std::move(socket), tls);
  CertificateDates dates;
  stream.set_verify_callback(verify_noting_dates(address->host, dates));
  SSL_set_tlsext_host_name(stream.native_handle(), address->host.c_str());
  try {
    Deadline d(stream.next_layer(), hub.timeout);
    co_await stream.async_handshake(asio::ssl::stream_base::client, use_awaitable);
  } catch (const boost::system::system_error& e) {
    const long verified = SSL_get_verify_result(stream.native_handle());
    if (dates.error != 0 &&
        (verified == X509_V_ERR_CERT_NOT_YET_VALID || verified == X509_V_ERR_CERT_HAS_EXPIRED))
      co_return HubAttempt{date_looks_wrong(hub.address, dates)};
    // A certificate the CA file does not vouch for is the user's to fix, TLS the two ends cannot
    // agree on the hub admin's: the hub answered, and another address is no safer. A handshake
    // cut off or timed out is the network's: the hub did not answer, and a later retry (or the
    // next address) may pass.
    if (e.code().category() == asio::error::get_ssl_category() && verified != X509_V_OK)
      co_return HubAttempt{core::failed_precondition(
          "the hub at " + hub.address + " could not be verified (" + e.code().message() +
          "): check --ca names the hub's CA or certificate")};
    if (e.code().category() == asio::error::get_ssl_category())
      co_return HubAttempt{core::failed_precondition("the hub at " + hub.address +
                                                     " and this device found no TLS they both "
                                                     "accept (" +
                                                     e.code().message() +
                                                     "): tell the hub's admin")};
    co_return HubAttempt(
        core::unavailable("the TLS handshake with the hub at " + hub.address + " did not finish (" +
                          e.code().message() + "); nothing was exchanged: sync again later"),
        no_answer_text(e.code(), hub.timeout, true));
  }
  try {
    auto result = co_await run_session(stream, store, options, hub.timeout);
    Deadline d(stream.next_layer(), std::chrono::milliseconds(2000));
    boost::system::error_code ignored;
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ignored));
    co_return HubAttempt{std::move(result)};
  } catch (const boost::system::system_error& e) {
    co_return HubAttempt{broke_off(hub.address, e.code())};
  }
}

}  // namespace

namespace detail {

HubAttempt attempt_hub(core::Store& store, const HubAddress& hub, ClientOptions options) {
  asio::io_context io{1};
  HubAttempt attempt(core::unavailable("the sync did not run"));
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        attempt = co_await connect_and_sync(store, hub, std::move(options));
      },
      [&attempt](std::exception_ptr error) {
        if (error)
          attempt = HubAttempt(core::unavailable("the sync stopped on an unexpected error"));
      });
  io.run();
  return attempt;
}

}  // namespace detail

core::Result<SyncReport> sync_with_hub(core::Store& store, const HubAddress& hub,
                                       ClientOptions options) {
  return detail::attempt_hub(store, hub, std::move(options)).result;
}

}  // namespace triad::sync
