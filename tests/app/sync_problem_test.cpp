// Why a sync failed, as the apps name it (sync/client/sync_problem.h), for each failure the
// engine reports: the kind, and a headline and advice in words. The three a teacher meets most
// (a stopped hub, a revoked token, an unreadable CA) are also driven for real in app_sync_test.
#include "sync_problem.h"

#include <catch2/catch.hpp>

using triad::client::describe_sync_failure;
using triad::client::SyncProblemKind;
using triad::core::Status;
using triad::core::StatusCode;

TEST_CASE("each sync failure is named in words with what to do", "[app]") {
  struct Case {
    Status status;
    SyncProblemKind kind;
  };
  const Case cases[] = {
      {{StatusCode::kUnavailable, "cannot reach the hub at 10.0.0.5:7400: Connection refused"},
       SyncProblemKind::kHubUnreachable},
      {{StatusCode::kUnavailable,
        "the hub at hub:7400 has a certificate that was valid until 2025-01-01"},
       SyncProblemKind::kCertificate},
      {{StatusCode::kInvalidArgument, "cannot read the CA file /x/hub.crt: No such file"},
       SyncProblemKind::kCertificate},
      {{StatusCode::kUnauthenticated, "the hub refused the session: the token was revoked"},
       SyncProblemKind::kTokenRefused},
      {{StatusCode::kInvalidArgument, "no hub to sync with: give --hub HOST:PORT"},
       SyncProblemKind::kNotSetUp},
      {{StatusCode::kBusy, "another sync of this store is running"}, SyncProblemKind::kBusy},
      {{StatusCode::kClockAhead, "the hub's clock is 3 days ahead"}, SyncProblemKind::kClock},
      {{StatusCode::kStoreError, "disk I/O error"}, SyncProblemKind::kStore},
      {{StatusCode::kFailedPrecondition, "the hub speaks protocol 2"}, SyncProblemKind::kOther},
  };
  for (const Case& c : cases) {
    INFO(c.status.message());
    const auto problem = describe_sync_failure(c.status);
    CHECK(problem.kind == c.kind);
    CHECK_FALSE(problem.headline.empty());
    CHECK_FALSE(problem.advice.empty());
    CHECK(problem.detail == c.status.message());
  }
}
