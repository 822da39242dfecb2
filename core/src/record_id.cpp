#include "triad/core/record_id.h"

#include <cctype>
#include <random>

namespace triad::core {
namespace {

uint64_t random_u64() {
  thread_local std::mt19937_64 rng([] {
    std::random_device device;
    return (uint64_t{device()} << 32) ^ device();
  }());
  return rng();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// FNV-1a over 128 bits: stable across versions and platforms, which is all a derived id needs.
std::array<uint8_t, 16> fnv1a_128(std::string_view data) {
  __extension__ using u128 = unsigned __int128;
  const u128 prime = (u128{0x0000000001000000ull} << 64) | 0x000000000000013Bull;
  u128 hash = (u128{0x6c62272e07bb0142ull} << 64) | 0x62b821756295c58dull;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= prime;
  }
  std::array<uint8_t, 16> out{};
  for (int i = 15; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(hash & 0xff);
    hash >>= 8;
  }
  return out;
}

}  // namespace

RecordId RecordId::generate(uint64_t unix_ms) {
  return generate(unix_ms, random_u64(), random_u64());
}

RecordId RecordId::generate(uint64_t unix_ms, uint64_t r1, uint64_t r2) {
  std::array<uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(unix_ms >> (8 * (5 - i)));
  for (int i = 6; i < 16; ++i) b[i] = static_cast<uint8_t>((i < 11 ? r1 : r2) >> (8 * (i % 5)));
  b[6] = static_cast<uint8_t>(0x70 | (b[6] & 0x0f));  // version 7
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3f));  // RFC 4122 variant
  return RecordId(b);
}

RecordId RecordId::derive(std::string_view kind, std::string_view name) {
  std::string key(kind);
  key += ':';
  bool pending_space = false;
  for (char c : name) {  // case- and space-insensitive: "  the  Mead" == "The Mead"
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = true;
      continue;
    }
    if (pending_space && key.back() != ':') key += ' ';
    pending_space = false;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto b = fnv1a_128(key);
  b[6] = static_cast<uint8_t>(0x80 | (b[6] & 0x0f));  // version 8: custom
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3f));
  return RecordId(b);
}

std::optional<RecordId> RecordId::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::array<uint8_t, 16> b{};
  size_t out = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    b[out++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return RecordId(b);
}

std::optional<RecordId> RecordId::from_bytes(std::string_view raw) {
  if (raw.size() != 16) return std::nullopt;
  std::array<uint8_t, 16> b{};
  for (size_t i = 0; i < 16; ++i) b[i] = static_cast<uint8_t>(raw[i]);
  return RecordId(b);
}

bool RecordId::is_nil() const {
  for (uint8_t v : bytes_)
    if (v != 0) return false;
  return true;
}

std::string RecordId::to_string() const {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += kHex[bytes_[i] >> 4];
    s += kHex[bytes_[i] & 0x0f];
  }
  return s;
}

}  // namespace triad::core
