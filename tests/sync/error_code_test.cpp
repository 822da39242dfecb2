// How the protocol's Error codes map to core::StatusCode on the client (sync/src/codec.cpp): a
// token the hub refuses (unknown or revoked) is a status of its own, so `triad sync --every` can
// stop retrying on it while it retries everything else.
#include <catch2/catch.hpp>

#include "triad/sync/codec.h"

using namespace triad;

TEST_CASE("a refused token is told apart from every other refusal", "[sync][codec]") {
  CHECK(sync::to_status_code(v1::UNAUTHENTICATED) == core::StatusCode::kUnauthenticated);
  CHECK(sync::to_error_code(core::StatusCode::kUnauthenticated) == v1::UNAUTHENTICATED);
  for (const v1::ErrorCode other :
       {v1::ERROR_UNSPECIFIED, v1::BAD_FRAME, v1::FRAME_TOO_LARGE, v1::UNSUPPORTED_VERSION,
        v1::PERMISSION_DENIED, v1::CLOCK_AHEAD, v1::INVALID_RECORD, v1::UNEXPECTED_MESSAGE,
        v1::INTERNAL, v1::SHUTTING_DOWN, v1::TIMEOUT}) {
    INFO(v1::ErrorCode_Name(other));
    CHECK(sync::to_status_code(other) != core::StatusCode::kUnauthenticated);
  }
  CHECK_FALSE(core::is_retryable(core::StatusCode::kUnauthenticated));
}
