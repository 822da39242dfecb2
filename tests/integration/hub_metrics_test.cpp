// The hub's /metrics for Prometheus, on a real `triad-hub serve --dashboard`: after a real sync
// through the hub (and a Hello with a token it does not know) its counters have moved as they
// should, the text reads back as Prometheus' format 0.0.4, and only a lead's token may read it.
#include <catch2/catch.hpp>

#include "hub_process.h"
#include "prometheus_text.h"
#include "raw_client.h"

using namespace triad;
using namespace triad::integration;

namespace {

struct Reply {
  std::string head, body;
};

// A request to the dashboard over TLS, read to the end (the dashboard closes when asked to).
Reply https(const HubProcess& hub, const std::string& method, const std::string& target,
            const std::string& token) {
  RawConnection c(hub.dashboard_port(), true, hub.cert());
  REQUIRE(c.send_bytes(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                       (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") +
                       "Connection: close\r\n\r\n"));
  std::string all;
  while (auto byte = c.read_bytes(1, 5s)) all += *byte;
  const size_t end = all.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  return {all.substr(0, end), all.substr(end + 4)};
}

std::map<std::string, PromFamily> scrape(const HubProcess& hub, const std::string& lead) {
  const Reply r = https(hub, "GET", "/metrics", lead);
  INFO(r.head);
  REQUIRE(r.head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(contains(r.head, "Content-Type: text/plain; version=0.0.4"));
  return parse_prometheus_text(r.body);
}

double value(const std::map<std::string, PromFamily>& f, const std::string& family,
             const std::string& sample, const std::map<std::string, std::string>& labels = {}) {
  return f.at(family).value(sample, labels);
}

}  // namespace

TEST_CASE("/metrics counts a real sync through the hub, for a lead's token only",
          "[integration][metrics]") {
  HubProcess hub(HubOptions{.dashboard = true});
  Device ana(hub, "Fortismere", "Ana Diaz");
  const std::string lead = hub.enroll("Fortismere", "Lee Lead", "lead");
  hub.start();
  const auto before = scrape(hub, lead);
  CHECK(value(before, "triad_hub_sessions_total", "triad_hub_sessions_total") == 0);

  ana.add("enquiry", {"title=Does wait time deepen answers?", "scope=alliance"});
  ana.sync_ok();
  {  // a Hello with a token the hub never issued: the session is refused
    RawConnection raw(hub.port(), true, hub.cert());
    REQUIRE(raw.send(hello_envelope("00000000.00000000000000000000000000000000", 0x77)));
    const auto answer = raw.read_frame(5s);
    REQUIRE(answer);
    CHECK(answer->error().code() == v1::UNAUTHENTICATED);
  }
  const auto after = scrape(hub, lead);
  CHECK(value(after, "triad_hub_sessions_total", "triad_hub_sessions_total") == 1);
  CHECK(value(after, "triad_hub_sessions_open", "triad_hub_sessions_open") == 0);
  // Ana's enquiry at least went up; the roster came down to her.
  CHECK(value(after, "triad_hub_records_pushed_total", "triad_hub_records_pushed_total") >= 1);
  CHECK(value(after, "triad_hub_records_pulled_total", "triad_hub_records_pulled_total") >= 1);
  CHECK(value(after, "triad_hub_refusals_total", "triad_hub_refusals_total",
              {{"what", "session"}, {"reason", "unauthenticated"}}) == 1);
  CHECK(value(after, "triad_hub_refusals_total", "triad_hub_refusals_total",
              {{"what", "record"}, {"reason", "permission_denied"}}) == 0);
  // Hello, Push, Pull and Ack at least, each timed; and the refused Hello.
  CHECK(value(after, "triad_hub_exchange_seconds", "triad_hub_exchange_seconds_count") >= 4);
  CHECK(value(after, "triad_hub_exchange_seconds", "triad_hub_exchange_seconds_sum") > 0);

  // Only a lead reads it, and only reads it.
  CHECK(https(hub, "GET", "/metrics", "").head.rfind("HTTP/1.1 401", 0) == 0);
  CHECK(https(hub, "GET", "/metrics", ana.token()).head.rfind("HTTP/1.1 403", 0) == 0);
  const Reply post = https(hub, "POST", "/metrics", lead);
  CHECK(post.head.rfind("HTTP/1.1 405", 0) == 0);
  CHECK(contains(post.head, "Allow: GET, HEAD"));
}
