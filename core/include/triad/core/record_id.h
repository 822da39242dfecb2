// RecordId: the 128-bit identity of a record.
//
// New records get a UUIDv7 (48 bits of Unix milliseconds, then random bits), so ids sort by
// creation time and never collide between offline devices. Schools and people get a name-derived
// id (UUIDv8 layout, FNV-1a 128 of "kind:normalised name"), so two devices of one school that both
// enrol "Fortismere" name the same school record. Thread-safe: values only.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace triad::core {

class RecordId {
 public:
  RecordId() = default;
  explicit RecordId(const std::array<uint8_t, 16>& bytes) : bytes_(bytes) {}

  // A fresh time-ordered id for the given Unix time in milliseconds.
  static RecordId generate(uint64_t unix_ms);
  // The same from caller-supplied random bits (a seeded simulation replays exactly).
  static RecordId generate(uint64_t unix_ms, uint64_t random_a, uint64_t random_b);
  // A stable id for a named thing; `kind` separates name spaces ("school", "person").
  static RecordId derive(std::string_view kind, std::string_view name);
  // Parses the canonical 36-character form (8-4-4-4-12 hex, either case); nullopt otherwise.
  static std::optional<RecordId> parse(std::string_view text);
  // Reads 16 raw bytes; nullopt when the size is wrong.
  static std::optional<RecordId> from_bytes(std::string_view raw);

  bool is_nil() const;
  std::string to_string() const;  // canonical lower-case 36-character form
  std::string_view bytes() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

  auto operator<=>(const RecordId&) const = default;

 private:
  std::array<uint8_t, 16> bytes_{};
};

}  // namespace triad::core
