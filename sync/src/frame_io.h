// Reading and writing frames on an Asio stream (TLS or plain TCP), with a timeout on every read
// and write: when it fires the socket is closed, so the pending operation fails. Internal.
#pragma once

#include "asio_includes.h"
#include "triad/sync/frame.h"

namespace triad::sync::detail {

// Closes `socket` if the operation it guards has not finished in `timeout`. The timer's handler
// may run after the Deadline is gone (it had already fired), so it checks a shared flag first.
class Deadline {
 public:
  Deadline(tcp::socket& socket, std::chrono::milliseconds timeout)
      : timer_(socket.get_executor()), armed_(std::make_shared<bool>(true)) {
    timer_.expires_after(timeout);
    timer_.async_wait([armed = armed_, &socket](boost::system::error_code ec) {
      if (ec || !*armed) return;
      boost::system::error_code ignored;
      socket.close(ignored);
    });
  }
  ~Deadline() {
    *armed_ = false;
    timer_.cancel();
  }

 private:
  asio::steady_timer timer_;
  std::shared_ptr<bool> armed_;
};

inline tcp::socket& lowest(tcp::socket& s) { return s; }
inline tcp::socket& lowest(TlsStream& s) { return s.next_layer(); }

// A frame read: an envelope, or a protocol error to answer (bad or oversized frame). I/O errors
// (closed, reset, timed out) throw boost::system::system_error.
template <class Stream>
awaitable<core::Result<v1::Envelope>> read_frame(Stream& stream, uint32_t max_bytes, std::chrono::milliseconds timeout) {
  unsigned char header[kFrameHeaderBytes];
  {
    Deadline d(lowest(stream), timeout);
    co_await asio::async_read(stream, asio::buffer(header), use_awaitable);
  }
  auto n = decode_frame_length(header, max_bytes);
  if (!n) co_return n.status();
  std::string body(*n, '\0');
  {
    Deadline d(lowest(stream), timeout);
    co_await asio::async_read(stream, asio::buffer(body), use_awaitable);
  }
  co_return decode_frame_body(body);
}

template <class Stream>
awaitable<void> write_frame(Stream& stream, const v1::Envelope& envelope, std::chrono::milliseconds timeout) {
  const std::string frame = encode_frame(envelope);
  Deadline d(lowest(stream), timeout);
  co_await asio::async_write(stream, asio::buffer(frame), use_awaitable);
}

// The Error code to answer a frame that read_frame refused.
inline v1::ErrorCode code_for_bad_frame(const core::Status& s) {
  return s.code() == core::StatusCode::kFailedPrecondition ? v1::FRAME_TOO_LARGE : v1::BAD_FRAME;
}

}  // namespace triad::sync::detail
