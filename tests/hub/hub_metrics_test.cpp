// The hub's counters in Prometheus' text format: read back by a strict parser, every figure where
// it was counted, the histogram cumulative, and counting from many threads at once loses nothing.
#include "triad/hub/hub_metrics.h"

#include <catch2/catch.hpp>
#include <thread>

#include "prometheus_text.h"
#include "triad/v1/sync.pb.h"

using namespace triad;
using namespace triad::testing;
using namespace std::chrono_literals;
using Refused = sync::HubMetrics::Refused;

TEST_CASE("the hub's metrics read back from Prometheus' text format", "[hub][metrics]") {
  sync::HubMetrics m;
  auto fresh = parse_prometheus_text(m.prometheus_text());
  CHECK(fresh.at("triad_hub_sessions_total").value("triad_hub_sessions_total") == 0);
  CHECK(fresh.at("triad_hub_exchange_seconds").value("triad_hub_exchange_seconds_count") == 0);
  // Every refusal reason is there from the start, at zero.
  CHECK(fresh.at("triad_hub_refusals_total")
            .value("triad_hub_refusals_total",
                   {{"what", "session"}, {"reason", "unauthenticated"}}) == 0);

  m.session_started(), m.session_started(), m.session_ended();
  m.records_pushed(5), m.records_pulled(7), m.records_pulled(1);
  m.refused(Refused::kRecord, v1::PERMISSION_DENIED);
  m.refused(Refused::kRecord, v1::PERMISSION_DENIED);
  m.refused(Refused::kSession, v1::UNAUTHENTICATED);
  m.refused(Refused::kConnection, sync::HubMetrics::kAtAddressLimit);
  m.exchange_took(300us);
  m.exchange_took(20ms);
  m.exchange_took(20ms);
  m.exchange_took(30s);
  const auto f = parse_prometheus_text(m.prometheus_text());
  CHECK(f.at("triad_hub_sessions_total").type == "counter");
  CHECK(f.at("triad_hub_sessions_total").value("triad_hub_sessions_total") == 2);
  CHECK(f.at("triad_hub_sessions_open").type == "gauge");
  CHECK(f.at("triad_hub_sessions_open").value("triad_hub_sessions_open") == 1);
  CHECK(f.at("triad_hub_records_pushed_total").value("triad_hub_records_pushed_total") == 5);
  CHECK(f.at("triad_hub_records_pulled_total").value("triad_hub_records_pulled_total") == 8);
  const PromFamily& refusals = f.at("triad_hub_refusals_total");
  CHECK(refusals.value("triad_hub_refusals_total",
                       {{"what", "record"}, {"reason", "permission_denied"}}) == 2);
  CHECK(refusals.value("triad_hub_refusals_total",
                       {{"what", "session"}, {"reason", "unauthenticated"}}) == 1);
  CHECK(refusals.value("triad_hub_refusals_total",
                       {{"what", "connection"}, {"reason", "address_limit"}}) == 1);
  CHECK(refusals.value("triad_hub_refusals_total",
                       {{"what", "connection"}, {"reason", "connection_limit"}}) == 0);
  const PromFamily& latency = f.at("triad_hub_exchange_seconds");
  CHECK(latency.type == "histogram");
  CHECK(latency.value("triad_hub_exchange_seconds_bucket", {{"le", "0.001"}}) == 1);
  CHECK(latency.value("triad_hub_exchange_seconds_bucket", {{"le", "0.01"}}) == 1);
  CHECK(latency.value("triad_hub_exchange_seconds_bucket", {{"le", "0.025"}}) == 3);
  CHECK(latency.value("triad_hub_exchange_seconds_bucket", {{"le", "10"}}) == 3);
  CHECK(latency.value("triad_hub_exchange_seconds_bucket", {{"le", "+Inf"}}) == 4);
  CHECK(latency.value("triad_hub_exchange_seconds_count") == 4);
  CHECK(latency.value("triad_hub_exchange_seconds_sum") == Approx(30.0403));
}

TEST_CASE("counting from many threads while another reads loses nothing", "[hub][metrics]") {
  sync::HubMetrics m;
  constexpr int kThreads = 4, kEach = 20'000;
  std::atomic<bool> done{false};
  size_t scrapes = 0;  // Catch2's checks are for the test's own thread: counted, checked after
  std::thread reader([&] {
    do scrapes += m.prometheus_text().find("triad_hub_sessions_open") != std::string::npos;
    while (!done);
  });
  std::vector<std::thread> counters;
  for (int t = 0; t < kThreads; ++t)
    counters.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        m.session_started();
        m.records_pushed(2);
        m.exchange_took(1ms);
        m.session_ended();
      }
    });
  for (std::thread& t : counters) t.join();
  done = true;
  reader.join();
  CHECK(scrapes > 0);
  const auto f = parse_prometheus_text(m.prometheus_text());
  CHECK(f.at("triad_hub_sessions_total").value("triad_hub_sessions_total") == kThreads * kEach);
  CHECK(f.at("triad_hub_sessions_open").value("triad_hub_sessions_open") == 0);
  CHECK(f.at("triad_hub_records_pushed_total").value("triad_hub_records_pushed_total") ==
        2.0 * kThreads * kEach);
  CHECK(f.at("triad_hub_exchange_seconds").value("triad_hub_exchange_seconds_count") ==
        kThreads * kEach);
}
