// Framing: a 4-byte big-endian length, then one serialized Envelope (see
// proto/triad/v1/sync.proto). FrameDecoder turns a byte stream into envelopes and stops at the
// first bad frame. Pure code, no I/O; the transport and the fuzzers use it. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "triad/core/status.h"
#include "triad/v1/sync.pb.h"

namespace triad::sync {

constexpr uint32_t kDefaultMaxFrameBytes = 4u << 20;
constexpr int kFrameHeaderBytes = 4;

// The frame for `envelope`: header and body.
std::string encode_frame(const v1::Envelope& envelope);
// The body length from a frame header; an error for 0 or for more than `max_bytes`.
core::Result<uint32_t> decode_frame_length(const unsigned char header[kFrameHeaderBytes],
                                           uint32_t max_bytes);
// Parses one frame body. An error for bytes that do not parse or an Envelope with no message.
core::Result<v1::Envelope> decode_frame_body(std::string_view body);

// What a receiver answers to a bad frame before closing.
v1::Envelope error_envelope(v1::ErrorCode code, const std::string& message);

class FrameDecoder {
 public:
  explicit FrameDecoder(uint32_t max_frame_bytes = kDefaultMaxFrameBytes) : max_(max_frame_bytes) {}
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete envelope; nullopt when more bytes are needed; an error (and no further
  // envelopes) once a frame is bad. The error's code maps to BAD_FRAME or FRAME_TOO_LARGE.
  core::Result<std::optional<v1::Envelope>> next();
  size_t buffered() const { return buffer_.size(); }

 private:
  uint32_t max_;
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace triad::sync
