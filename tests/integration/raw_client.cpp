#include "raw_client.h"

// clang-format off: Boost 1.74's Asio under C++20 needs std::exchange declared first
#include <utility>
// clang-format on
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <catch2/catch.hpp>

#include "triad/core/store_format.h"
#include "triad/sync/frame.h"
#include "triad/sync/protocol.h"

namespace triad::integration {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

struct RawConnection::Impl {
  asio::io_context io;
  asio::ssl::context tls_context{asio::ssl::context::tls_client};
  tcp::socket plain{io};
  std::optional<asio::ssl::stream<tcp::socket>> tls;

  tcp::socket& lowest() { return tls ? tls->next_layer() : plain; }

  // Runs one asynchronous operation to completion or until `timeout`, then cancels it.
  // `start` is given a completion handler (error_code, size_t).
  template <class Start>
  error_code run(std::chrono::milliseconds timeout, Start start, size_t* transferred = nullptr) {
    bool done = false;
    error_code result;
    start([&](error_code ec, size_t n) {
      done = true;
      result = ec;
      if (transferred) *transferred = n;
    });
    io.restart();
    io.run_for(timeout);
    if (done) return result;
    error_code ignored;
    lowest().cancel(ignored);
    io.restart();
    io.run_for(std::chrono::seconds(2));
    return asio::error::timed_out;
  }

  template <class Buffer>
  error_code read(const Buffer& buffer, std::chrono::milliseconds timeout, size_t* n = nullptr) {
    return run(
        timeout,
        [&](auto handler) {
          if (tls)
            asio::async_read(*tls, buffer, handler);
          else
            asio::async_read(plain, buffer, handler);
        },
        n);
  }
};

RawConnection::RawConnection(uint16_t port, bool tls, const std::string& ca_file)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  const tcp::endpoint hub(asio::ip::make_address("127.0.0.1"), port);
  error_code ec = s.run(std::chrono::seconds(5), [&](auto handler) {
    s.plain.async_connect(hub, [handler](error_code e) mutable { handler(e, 0); });
  });
  INFO("connecting to 127.0.0.1:" << port << ": " << ec.message());
  REQUIRE_FALSE(ec);
  if (!tls) return;
  s.tls_context.set_verify_mode(asio::ssl::verify_peer);
  s.tls_context.load_verify_file(ca_file);
  s.tls.emplace(std::move(s.plain), s.tls_context);
  ec = s.run(std::chrono::seconds(5), [&](auto handler) {
    s.tls->async_handshake(asio::ssl::stream_base::client,
                           [handler](error_code e) mutable { handler(e, 0); });
  });
  INFO("TLS handshake with 127.0.0.1:" << port << ": " << ec.message());
  REQUIRE_FALSE(ec);
}

RawConnection::~RawConnection() { drop(); }

bool RawConnection::send_bytes(const std::string& bytes) {
  Impl& s = *impl_;
  const error_code ec = s.run(std::chrono::seconds(5), [&](auto handler) {
    if (s.tls)
      asio::async_write(*s.tls, asio::buffer(bytes), handler);
    else
      asio::async_write(s.plain, asio::buffer(bytes), handler);
  });
  return !ec;
}

bool RawConnection::send(const v1::Envelope& envelope) {
  return send_bytes(sync::encode_frame(envelope));
}

std::optional<v1::Envelope> RawConnection::read_frame(std::chrono::milliseconds timeout,
                                                      std::string* why) {
  Impl& s = *impl_;
  unsigned char header[sync::kFrameHeaderBytes];
  error_code ec = s.read(asio::buffer(header), timeout);
  if (ec) {
    if (why) *why = "no frame header: " + ec.message();
    return std::nullopt;
  }
  // The client's own limit, as `triad` reads the hub's frames.
  auto length = sync::decode_frame_length(header, sync::kDefaultMaxFrameBytes);
  if (!length) {
    if (why) *why = "bad frame header: " + length.status().message();
    return std::nullopt;
  }
  std::string body(*length, '\0');
  ec = s.read(asio::buffer(body), timeout);
  if (ec) {
    if (why) *why = "frame body cut short: " + ec.message();
    return std::nullopt;
  }
  auto envelope = sync::decode_frame_body(body);
  if (!envelope) {
    if (why) *why = "bad frame body: " + envelope.status().message();
    return std::nullopt;
  }
  return std::move(envelope.value());
}

std::optional<std::string> RawConnection::read_bytes(size_t n, std::chrono::milliseconds timeout) {
  std::string bytes(n, '\0');
  if (impl_->read(asio::buffer(bytes), timeout)) return std::nullopt;
  return bytes;
}

bool RawConnection::closed_by_hub(std::chrono::milliseconds timeout) {
  char byte;
  size_t n = 0;
  const error_code ec = impl_->read(asio::buffer(&byte, 1), timeout, &n);
  INFO("after the hub's answer: " << (ec ? ec.message() : "one more byte"));
  if (!ec || ec == asio::error::timed_out) return false;
  return n == 0;  // end of stream, a reset, or a TLS stream cut short: the hub hung up
}

void RawConnection::drop() {
  error_code ignored;
  impl_->lowest().close(ignored);
}

v1::Envelope hello_envelope(const std::string& token, uint64_t site_id, uint32_t major) {
  v1::Envelope e;
  v1::Hello* h = e.mutable_hello();
  sync::state_protocol(*h);
  h->mutable_version()->set_major(major);
  h->set_site_id(site_id);
  h->set_device_token(token);
  h->set_schema_version(core::store_format_version());
  h->set_app_version("triad integration test");
  h->set_name("raw client");
  return e;
}

}  // namespace triad::integration
