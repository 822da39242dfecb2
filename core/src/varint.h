// The integers and strings of core's binary encodings (a record's body, record_codec.h):
// LEB128 varints, and strings as a varint length then the bytes. Internal to core.
// Thread-safe: pure functions; a Reader is used by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace triad::core::detail {

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// 8 bytes, little-endian (a site id).
inline void put_fixed64(std::string& out, uint64_t v) {
  for (int byte = 0; byte < 8; ++byte) out += static_cast<char>((v >> (8 * byte)) & 0xff);
}

inline void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

// Reads what put_* wrote, front to back; each read returns false when the input ends first.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const auto byte = static_cast<uint8_t>(in_[pos_++]);
      v |= uint64_t{byte & 0x7fu} << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool string(std::string& s) {
    uint64_t n;
    if (!varint(n) || n > in_.size() - pos_) return false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool fixed64(uint64_t& v) {
    if (in_.size() - pos_ < 8) return false;
    v = 0;
    for (int byte = 0; byte < 8; ++byte)
      v |= uint64_t{static_cast<uint8_t>(in_[pos_ + byte])} << (8 * byte);
    pos_ += 8;
    return true;
  }
  bool byte(uint8_t& b) {
    if (pos_ >= in_.size()) return false;
    b = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace triad::core::detail
