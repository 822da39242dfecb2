#include "sync_problem.h"

namespace triad::client {

namespace {

bool mentions(const std::string& text, const char* word) {
  return text.find(word) != std::string::npos;
}

SyncProblemKind kind_of(const core::Status& status) {
  const std::string& m = status.message();
  switch (status.code()) {
    case core::StatusCode::kUnauthenticated:
      return SyncProblemKind::kTokenRefused;
    case core::StatusCode::kClockAhead:
      return SyncProblemKind::kClock;
    case core::StatusCode::kBusy:
      return SyncProblemKind::kBusy;
    case core::StatusCode::kStoreError:
    case core::StatusCode::kCorrupt:
      return SyncProblemKind::kStore;
    default:
      break;
  }
  // The messages are the engine's own (sync_settings.cpp, hub_client.cpp): a CA file or a
  // certificate named is the certificate's problem, whatever the code.
  if (mentions(m, "CA file") || mentions(m, "certificate")) return SyncProblemKind::kCertificate;
  if (status.code() == core::StatusCode::kUnavailable) {
    if (mentions(m, "another sync")) return SyncProblemKind::kBusy;
    return SyncProblemKind::kHubUnreachable;
  }
  if (mentions(m, "no hub to sync with") || mentions(m, "no device token"))
    return SyncProblemKind::kNotSetUp;
  return SyncProblemKind::kOther;
}

}  // namespace

SyncProblem describe_sync_failure(const core::Status& status) {
  SyncProblem p;
  p.kind = kind_of(status);
  p.detail = status.message();
  switch (p.kind) {
    case SyncProblemKind::kHubUnreachable:
      p.headline = "The hub is not answering";
      p.advice =
          "Check that this device is online. If it is, the hub may be stopped: your changes are "
          "kept here and sent at the next sync.";
      break;
    case SyncProblemKind::kCertificate:
      p.headline = "The hub's certificate cannot be checked";
      p.advice =
          "The certificate file saved on this device is missing, unreadable or not the hub's. "
          "Ask your hub's administrator for the hub's certificate and choose it in Settings.";
      break;
    case SyncProblemKind::kTokenRefused:
      p.headline = "The hub no longer accepts this device";
      p.advice =
          "Its device token was revoked or is not known. Ask your hub's administrator to enrol "
          "this device again. Your changes are kept here.";
      break;
    case SyncProblemKind::kNotSetUp:
      p.headline = "Sync is not set up";
      p.advice = "Add the hub's address and this device's token in Settings.";
      break;
    case SyncProblemKind::kBusy:
      p.headline = "Another sync is running";
      p.advice = "It finishes by itself; try again in a moment.";
      break;
    case SyncProblemKind::kClock:
      p.headline = "This device's date looks wrong";
      p.advice = "Set the date and time in the device's settings, then sync again.";
      break;
    case SyncProblemKind::kStore:
      p.headline = "The records on this device could not be read or saved";
      p.advice = "Close other apps using them and try again; if it persists, tell your IT support.";
      break;
    case SyncProblemKind::kOther:
      p.headline = "Sync stopped";
      p.advice = "Try again later; if it persists, tell your hub's administrator what it says.";
      break;
  }
  return p;
}

const char* to_string(SyncProblemKind kind) {
  switch (kind) {
    case SyncProblemKind::kHubUnreachable:
      return "hub-unreachable";
    case SyncProblemKind::kCertificate:
      return "certificate";
    case SyncProblemKind::kTokenRefused:
      return "token-refused";
    case SyncProblemKind::kNotSetUp:
      return "not-set-up";
    case SyncProblemKind::kBusy:
      return "busy";
    case SyncProblemKind::kClock:
      return "clock";
    case SyncProblemKind::kStore:
      return "store";
    case SyncProblemKind::kOther:
      return "other";
  }
  return "other";
}

}  // namespace triad::client
