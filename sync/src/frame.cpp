#include "triad/sync/frame.h"

namespace triad::sync {

std::string encode_frame(const v1::Envelope& envelope) {
  const std::string body = envelope.SerializeAsString();
  const auto n = static_cast<uint32_t>(body.size());
  std::string frame;
  frame.reserve(kFrameHeaderBytes + body.size());
  for (int shift = 24; shift >= 0; shift -= 8) frame += static_cast<char>((n >> shift) & 0xff);
  return frame + body;
}

core::Result<uint32_t> decode_frame_length(const unsigned char h[kFrameHeaderBytes],
                                           uint32_t max_bytes) {
  const uint32_t n = (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
  if (n == 0) return core::invalid_argument("an empty frame");
  if (n > max_bytes)
    return core::Status(core::StatusCode::kFailedPrecondition, "a frame of " + std::to_string(n) +
                                                                   " bytes, over the limit of " +
                                                                   std::to_string(max_bytes));
  return n;
}

core::Result<v1::Envelope> decode_frame_body(std::string_view body) {
  v1::Envelope envelope;
  if (!envelope.ParseFromArray(body.data(), static_cast<int>(body.size())))
    return core::invalid_argument("a frame that is not a protocol message");
  if (envelope.body_case() == v1::Envelope::BODY_NOT_SET)
    return core::invalid_argument("a frame with a message kind this version does not know");
  return envelope;
}

v1::Envelope error_envelope(v1::ErrorCode code, const std::string& message) {
  v1::Envelope e;
  e.mutable_error()->set_code(code);
  e.mutable_error()->set_message(message);
  return e;
}

core::Result<std::optional<v1::Envelope>> FrameDecoder::next() {
  if (failed_) return core::invalid_argument("the stream already had a bad frame");
  if (buffer_.size() < kFrameHeaderBytes) return std::optional<v1::Envelope>();
  auto n = decode_frame_length(reinterpret_cast<const unsigned char*>(buffer_.data()), max_);
  if (!n) return failed_ = true, n.status();
  if (buffer_.size() < kFrameHeaderBytes + *n) return std::optional<v1::Envelope>();
  auto envelope = decode_frame_body(std::string_view(buffer_).substr(kFrameHeaderBytes, *n));
  buffer_.erase(0, kFrameHeaderBytes + *n);
  if (!envelope) return failed_ = true, envelope.status();
  return std::optional<v1::Envelope>(std::move(envelope.value()));
}

}  // namespace triad::sync
