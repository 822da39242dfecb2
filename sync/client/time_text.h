// Times as the command-line tools show them to a person, in local time. Thread-safe.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace triad::client {

// "2014-03-21 09:05" for Unix milliseconds (`with_seconds` adds ":07"); "never" for 0.
inline std::string local_time_text(uint64_t unix_ms, bool with_seconds = false) {
  if (unix_ms == 0) return "never";
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
  return buf;
}

}  // namespace triad::client
