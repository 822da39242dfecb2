// Status and Result<T>: how every expected failure leaves core (and sync).
//
// Exceptions never cross the public API of core. A Status carries a code that tells the caller
// what to do next (fix the input, retry, update the software, repair the store) and a message a
// person can act on. Thread-safe: values only.
#pragma once

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace triad::core {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from the user or a peer: fix the input, do not retry
  kNotFound,            // the record, store or peer named does not exist
  kFailedPrecondition,  // refused by a rule (scope narrowing, newer schema): change the state first
  kClockAhead,          // a remote stamp is further ahead than the configured bound
  kBusy,                // another process holds the store: retry the call later
  kStoreError,          // SQLite or I/O failure: retry the transaction, then report
  kCorrupt,             // the store or a record's encoding is damaged: repair or restore
  kUnavailable,         // the network or the peer is not reachable now: retry later
  kUnauthenticated,     // the peer does not accept our credentials (unknown or revoked token):
                        // retrying cannot help; get new credentials first
};

const char* to_string(StatusCode code);

// True where a caller may retry the same call unchanged.
inline bool is_retryable(StatusCode code) {
  return code == StatusCode::kBusy || code == StatusCode::kStoreError ||
         code == StatusCode::kUnavailable;
}

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return Status(); }
  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid argument: <message>" for logs; user-facing output prints message() alone.
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status invalid_argument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status failed_precondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status store_error(std::string m) { return {StatusCode::kStoreError, std::move(m)}; }
inline Status corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
inline Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.is_ok()); }  // NOLINT

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }
  T& value() & {
    check_ok();
    return *value_;
  }
  const T& value() const& {
    check_ok();
    return *value_;
  }
  // By value, not T&&: `for (auto& x : f().value())` then iterates a living object.
  T value() && {
    check_ok();
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  // Reading the value of a failed Result is a bug wherever it happens (a test once read an id
  // that was never set, and passed by luck at -O2): it stops the program in every build, saying
  // what had failed, instead of handing on bytes that were never a value.
  void check_ok() const {
    if (is_ok()) [[likely]]
      return;
    std::fprintf(stderr, "triad: the value of a failed result was read (%s)\n",
                 status_.message().c_str());
    std::abort();
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace triad::core

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define TRIAD_RETURN_IF_ERROR(expr)                   \
  do {                                                \
    ::triad::core::Status triad_status_ = (expr);     \
    if (!triad_status_.is_ok()) return triad_status_; \
  } while (0)
