// What one hub process has done since it started, for the school's monitoring: the dashboard's
// GET /metrics, in Prometheus' text exposition format (version 0.0.4). Each hub process counts
// its own sessions (several may serve one PostgreSQL database; Prometheus tells them apart by the
// address it scrapes), so the figures start at zero with the process and are never stored.
//
// Counted by the hub's server as its sessions run (hub_connection.cpp, on its I/O thread) and read
// by the dashboard on a thread of its own: every figure is an atomic on its own, updated and read
// with relaxed ordering. A scrape may see one figure a moment ahead of another; each one is exact.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace triad::sync {

class HubMetrics {
 public:
  // Upper bounds (seconds) of the exchange-latency histogram's buckets, +Inf beyond them.
  static constexpr std::array<double, 12> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,   0.25,   0.5,   1,    2.5,   10};
  // What a refusal refused: a record of a push, a whole session (the hub's Error frame), or a
  // connection before it became a session (at the connection limits).
  enum class Refused { kRecord, kSession, kConnection };
  // Connections refused at the limits have these reasons, beside the protocol's error codes.
  static constexpr int kAtConnectionLimit = 1000, kAtAddressLimit = 1001;

  void session_started();  // a valid Hello was answered
  void session_ended();    // of a started session
  void records_pushed(uint64_t n);
  void records_pulled(uint64_t n);
  // `reason`: a v1::ErrorCode, or kAtConnectionLimit / kAtAddressLimit.
  void refused(Refused what, int reason);
  // One exchange: a frame from a device read, handled, and the hub's answer to it written.
  void exchange_took(std::chrono::nanoseconds took);

  uint64_t sessions_total() const { return sessions_.load(std::memory_order_relaxed); }
  uint64_t sessions_open() const { return open_.load(std::memory_order_relaxed); }

  // The figures in Prometheus' text format 0.0.4: "# HELP" and "# TYPE" lines, then samples.
  std::string prometheus_text() const;

 private:
  static constexpr int kCodes = 16;  // v1::ErrorCode values, with room to grow

  std::atomic<uint64_t> sessions_{0}, open_{0}, pushed_{0}, pulled_{0};
  std::array<std::atomic<uint64_t>, kCodes> refused_records_{}, refused_sessions_{};
  std::atomic<uint64_t> at_connection_limit_{0}, at_address_limit_{0};
  std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> latency_{};  // the last: +Inf
  std::atomic<uint64_t> latency_sum_ns_{0};
};

}  // namespace triad::sync
