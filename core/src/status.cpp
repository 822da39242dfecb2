#include "triad/core/status.h"

namespace triad::core {

const char* to_string(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kFailedPrecondition:
      return "refused";
    case StatusCode::kClockAhead:
      return "clock ahead";
    case StatusCode::kBusy:
      return "busy";
    case StatusCode::kStoreError:
      return "store error";
    case StatusCode::kCorrupt:
      return "corrupt";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  return std::string(triad::core::to_string(code_)) + ": " + message_;
}

}  // namespace triad::core
