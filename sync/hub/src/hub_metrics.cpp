#include "triad/hub/hub_metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "triad/v1/sync.pb.h"

namespace triad::sync {

namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;

std::string reason_name(int code) {
  if (code == HubMetrics::kAtConnectionLimit) return "connection_limit";
  if (code == HubMetrics::kAtAddressLimit) return "address_limit";
  std::string name = v1::ErrorCode_IsValid(code)
                         ? v1::ErrorCode_Name(static_cast<v1::ErrorCode>(code))
                         : "code_" + std::to_string(code);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// A bucket's bound or a sum: a whole number as one ("10", not "1e+01"), else the shortest text
// that reads back as the same number.
std::string number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void sample(std::string& out, const std::string& name, uint64_t value) {
  out += name + " " + std::to_string(value) + "\n";
}

}  // namespace

void HubMetrics::session_started() {
  sessions_.fetch_add(1, kRelaxed);
  open_.fetch_add(1, kRelaxed);
}

void HubMetrics::session_ended() { open_.fetch_sub(1, kRelaxed); }

void HubMetrics::records_pushed(uint64_t n) { pushed_.fetch_add(n, kRelaxed); }

void HubMetrics::records_pulled(uint64_t n) { pulled_.fetch_add(n, kRelaxed); }

void HubMetrics::refused(Refused what, int reason) {
  if (what == Refused::kConnection) {
    (reason == kAtAddressLimit ? at_address_limit_ : at_connection_limit_).fetch_add(1, kRelaxed);
    return;
  }
  auto& counts = what == Refused::kRecord ? refused_records_ : refused_sessions_;
  counts[static_cast<size_t>(std::clamp(reason, 0, kCodes - 1))].fetch_add(1, kRelaxed);
}

void HubMetrics::exchange_took(std::chrono::nanoseconds took) {
  const double seconds = std::chrono::duration<double>(took).count();
  const size_t bucket = static_cast<size_t>(
      std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds) -
      kLatencyBuckets.begin());
  latency_[bucket].fetch_add(1, kRelaxed);
  latency_sum_ns_.fetch_add(static_cast<uint64_t>(std::max<int64_t>(took.count(), 0)), kRelaxed);
}

std::string HubMetrics::prometheus_text() const {
  std::string out;
  family(out, "triad_hub_sessions_total", "counter",
         "Sync sessions this hub process has welcomed (a valid Hello) since it started.");
  sample(out, "triad_hub_sessions_total", sessions_.load(kRelaxed));
  family(out, "triad_hub_sessions_open", "gauge", "Sync sessions open now.");
  sample(out, "triad_hub_sessions_open", open_.load(kRelaxed));
  family(out, "triad_hub_records_pushed_total", "counter",
         "Records devices and lower hubs pushed to this hub process (refused ones included).");
  sample(out, "triad_hub_records_pushed_total", pushed_.load(kRelaxed));
  family(out, "triad_hub_records_pulled_total", "counter",
         "Records this hub process sent to devices and lower hubs.");
  sample(out, "triad_hub_records_pulled_total", pulled_.load(kRelaxed));
  family(out, "triad_hub_refusals_total", "counter",
         "What this hub process refused: pushed records and whole sessions by the protocol's "
         "error code, connections by the limit they met.");
  // Every reason the protocol has, at zero too, so that a rate over them is defined from the
  // first scrape.
  for (int code = 1; code < kCodes; ++code) {
    if (!v1::ErrorCode_IsValid(code)) continue;
    sample(out, "triad_hub_refusals_total{what=\"record\",reason=\"" + reason_name(code) + "\"}",
           refused_records_[code].load(kRelaxed));
    sample(out, "triad_hub_refusals_total{what=\"session\",reason=\"" + reason_name(code) + "\"}",
           refused_sessions_[code].load(kRelaxed));
  }
  for (int code : {kAtConnectionLimit, kAtAddressLimit})
    sample(out,
           "triad_hub_refusals_total{what=\"connection\",reason=\"" + reason_name(code) + "\"}",
           (code == kAtAddressLimit ? at_address_limit_ : at_connection_limit_).load(kRelaxed));
  family(out, "triad_hub_exchange_seconds", "histogram",
         "Time from a device's frame read to the hub's answer written (the store's work "
         "included), per frame.");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < latency_.size(); ++i) {
    cumulative += latency_[i].load(kRelaxed);
    const std::string le = i < kLatencyBuckets.size() ? number(kLatencyBuckets[i]) : "+Inf";
    sample(out, "triad_hub_exchange_seconds_bucket{le=\"" + le + "\"}", cumulative);
  }
  out += "triad_hub_exchange_seconds_sum " +
         number(static_cast<double>(latency_sum_ns_.load(kRelaxed)) / 1e9) + "\n";
  sample(out, "triad_hub_exchange_seconds_count", cumulative);  // the +Inf bucket, as it must be
  return out;
}

}  // namespace triad::sync
