// Reading and writing frames on an Asio stream (TLS or plain TCP), with a timeout on every read
// and write (triad/net/deadline.h): when it fires the socket is closed, so the pending operation
// fails. A frame's buffer grows as its bytes arrive, never by what its header declares, and may
// take its bytes from the hub's FrameBudget. Internal; used by the hub's connections and the
// client.
#pragma once

#include <optional>

#include "triad/net/deadline.h"
#include "triad/net/tls_socket.h"
#include "triad/sync/detail/asio_includes.h"
#include "triad/sync/detail/frame_budget.h"
#include "triad/sync/frame.h"

namespace triad::sync::detail {

using net::Deadline;

inline tcp::socket& lowest(tcp::socket& s) { return s; }
inline tcp::socket& lowest(TlsStream& s) { return s.next_layer(); }
inline tcp::socket& lowest(net::TlsSocket& s) { return s.next_layer(); }

// The first bytes of a frame body held; the buffer then doubles as bytes arrive, up to the
// declared length. A header declaring 4 MiB followed by 4 bytes costs 16 KiB, not 4 MiB.
constexpr size_t kFirstBodyBytes = 16 * 1024;

// How one frame is read: its size limit, how long each part may take (the header from when the
// read starts, the whole body from when the header arrived), and an optional time by which all of
// it must have come (a session's handshake deadline).
struct FrameReadLimits {
  using Clock = std::chrono::steady_clock;
  uint32_t max_bytes = kDefaultMaxFrameBytes;
  Clock::duration timeout = std::chrono::seconds(60);
  std::optional<Clock::time_point> not_after;

  Clock::time_point deadline() const {
    const Clock::time_point by_timeout = Clock::now() + timeout;
    return not_after ? std::min(by_timeout, *not_after) : by_timeout;
  }
};

// A frame read: an envelope, or a protocol error to answer (bad or oversized frame:
// kInvalidArgument or kFailedPrecondition; no room in the budget before the deadline:
// kUnavailable). Its buffer's bytes are taken through `lease` (from the hub's budget, or from
// none) and stay there until the caller releases it, after handling the frame. I/O errors
// (closed, reset, timed out) throw boost::system::system_error.
template <class Stream>
awaitable<core::Result<v1::Envelope>> read_frame(Stream& stream, const FrameReadLimits& limits,
                                                 FrameBudget::Lease& lease) {
  using Clock = FrameReadLimits::Clock;
  unsigned char header[kFrameHeaderBytes];
  {
    Deadline d(lowest(stream), limits.deadline() - Clock::now());
    co_await asio::async_read(stream, asio::buffer(header), use_awaitable);
  }
  auto n = decode_frame_length(header, limits.max_bytes);
  if (!n) co_return n.status();
  const Clock::time_point deadline = limits.deadline();
  std::string body;
  size_t have = 0;
  while (have < *n) {
    if (have == body.size()) {
      const size_t size = std::min<size_t>(*n, std::max(kFirstBodyBytes, body.size() * 2));
      const bool room = co_await lease.grow(size - body.size(), deadline - Clock::now());
      if (!room)
        co_return core::unavailable(
            "the hub is busy receiving other devices' changes and had no room for this frame "
            "in time; sync again in a minute");
      body.resize(size);
    }
    Deadline d(lowest(stream), deadline - Clock::now());
    have += co_await stream.async_read_some(asio::buffer(body.data() + have, body.size() - have),
                                            use_awaitable);
  }
  co_return decode_frame_body(body);
}

// The same, with no budget: the client reading the hub's frames.
template <class Stream>
awaitable<core::Result<v1::Envelope>> read_frame(Stream& stream, uint32_t max_bytes,
                                                 std::chrono::milliseconds timeout) {
  FrameBudget::Lease unbudgeted;
  co_return co_await read_frame(stream, FrameReadLimits{max_bytes, timeout, std::nullopt},
                                unbudgeted);
}

template <class Stream>
awaitable<void> write_frame(Stream& stream, const v1::Envelope& envelope,
                            std::chrono::milliseconds timeout) {
  const std::string frame = encode_frame(envelope);
  Deadline d(lowest(stream), timeout);
  co_await asio::async_write(stream, asio::buffer(frame), use_awaitable);
}

// Writes `envelope` with its bytes taken from `budget` while they are in flight; false, having
// written nothing, when the budget had no room for them within `timeout`.
template <class Stream>
awaitable<bool> write_frame(Stream& stream, const v1::Envelope& envelope,
                            std::chrono::milliseconds timeout, FrameBudget& budget) {
  FrameBudget::Lease lease(&budget);
  const bool room = co_await lease.grow(kFrameHeaderBytes + envelope.ByteSizeLong(), timeout);
  if (!room) co_return false;
  co_await write_frame(stream, envelope, timeout);
  co_return true;
}

// The Error code to answer a frame that read_frame refused. No room in the hub's budget is a
// TIMEOUT, which clients take as "retry later".
inline v1::ErrorCode code_for_bad_frame(const core::Status& s) {
  if (s.code() == core::StatusCode::kUnavailable) return v1::TIMEOUT;
  return s.code() == core::StatusCode::kFailedPrecondition ? v1::FRAME_TOO_LARGE : v1::BAD_FRAME;
}

}  // namespace triad::sync::detail
