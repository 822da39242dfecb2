// A real `triad-hub serve` sent bad frames by a raw client (proto/triad/v1/sync.proto, FRAMING):
// each is answered with an Error of the right code and the connection is closed, nothing from it
// is stored, and the hub goes on serving well-behaved devices. Over TLS and over plain TCP.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <functional>

#include "hub_process.h"
#include "raw_client.h"
#include "triad/core/store.h"
#include "triad/sync/codec.h"
#include "triad/sync/frame.h"

using namespace triad;
using namespace triad::integration;

namespace {

std::string header(uint32_t n) {
  std::string h;
  for (int shift = 24; shift >= 0; shift -= 8) h += static_cast<char>((n >> shift) & 0xff);
  return h;
}

// A Push holding one alliance-scope enquiry of the device's own person: a record the hub would
// accept in a proper session, so that only the session's state keeps it out.
v1::Envelope push_of_enquiry(const std::string& school, const std::string& person,
                             const std::string& title) {
  auto store = core::Store::create(":memory:", school, person);
  REQUIRE(store);
  auto id = (*store)->create_record("enquiry", {{"title", core::FieldEdit::Op::kAssign, title}});
  REQUIRE(id);
  auto state = (*store)->get(*id);
  REQUIRE(state);
  REQUIRE(state->has_value());
  v1::Envelope e;
  e.mutable_push()->set_batch_seq(1);
  sync::to_proto(**state, *e.mutable_push()->add_records());
  return e;
}

struct BadFrameCase {
  const char* what;
  bool hello_first;                    // a valid Hello (and its Welcome) before the bad frame
  std::function<std::string()> bytes;  // what the client sends
  std::optional<v1::ErrorCode>
      expected;  // the Error the hub answers with; nullopt: the client hangs up
};

// A fresh session with a valid token gets its Welcome: the hub is still serving.
void hub_still_welcomes(const HubProcess& hub, const std::string& token) {
  REQUIRE(hub.serving());
  RawConnection c(hub.port(), hub.tls(), hub.cert());
  REQUIRE(c.send(hello_envelope(token, 0x51735173)));
  std::string why;
  auto welcome = c.read_frame(5s, &why);
  INFO(why);
  REQUIRE(welcome);
  CHECK(welcome->has_welcome());
  v1::Envelope bye;
  bye.mutable_bye();
  CHECK(c.send(bye));
}

void bad_frames_are_refused(bool tls) {
  HubProcess hub(HubOptions{.tls = tls});
  Device ana(hub, "Fortismere", "Ana Diaz");
  // A token of its own for the raw connections: Ana's is bound to her store, which synced first.
  const std::string raw_token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  const std::string hub_before = hub.export_json();
  const size_t records_before = hub.record_count();

  const std::string smuggled = "Smuggled enquiry 7f3a";
  const std::vector<BadFrameCase> cases{
      {"garbage bytes after a valid length", false,
       [] { return header(12) + std::string(12, '\xff'); }, v1::BAD_FRAME},
      {"a length over the 4 MiB limit", false,
       [] { return header(sync::kDefaultMaxFrameBytes + 1); }, v1::FRAME_TOO_LARGE},
      {"a zero length", false, [] { return header(0); }, v1::BAD_FRAME},
      {"a truncated frame, then the client hangs up", false,
       [&] {
         return sync::encode_frame(push_of_enquiry("Fortismere", "Ana Diaz", smuggled))
             .substr(0, 20);
       },
       std::nullopt},
      {"a Hello of protocol major version 2", false,
       [&] { return sync::encode_frame(hello_envelope(raw_token, 0x1234, 2)); },
       v1::UNSUPPORTED_VERSION},
      {"a Push before Hello", false,
       [&] { return sync::encode_frame(push_of_enquiry("Fortismere", "Ana Diaz", smuggled)); },
       v1::UNEXPECTED_MESSAGE},
      {"an envelope of a kind this version does not know", false,
       [] { return header(3) + "\x98\x06\x01"; }, v1::BAD_FRAME},
      {"garbage in the middle of an authenticated session", true,
       [] { return header(5) + std::string("\x1a\xff\xff\xff\xff", 5); }, v1::BAD_FRAME},
      {"a Push frame cut short in an authenticated session", true,
       [&] {
         return sync::encode_frame(push_of_enquiry("Fortismere", "Ana Diaz", smuggled))
             .substr(0, 30);
       },
       std::nullopt},
  };
  for (const BadFrameCase& c : cases) {
    INFO((tls ? "TLS: " : "plain TCP: ") << c.what);
    {
      RawConnection conn(hub.port(), hub.tls(), hub.cert());
      if (c.hello_first) {
        REQUIRE(conn.send(hello_envelope(raw_token, 0x0a0a0a0a)));
        auto welcome = conn.read_frame(5s);
        REQUIRE(welcome);
        REQUIRE(welcome->has_welcome());
      }
      REQUIRE(conn.send_bytes(c.bytes()));
      if (c.expected) {
        std::string why;
        auto answer = conn.read_frame(5s, &why);
        INFO(why);
        REQUIRE(answer);
        REQUIRE(answer->has_error());
        INFO("the hub answered " << answer->error().code() << ": " << answer->error().message());
        CHECK(answer->error().code() == *c.expected);
        CHECK_FALSE(answer->error().message().empty());
        CHECK(conn.closed_by_hub(3s));
      } else {
        conn.drop();
      }
    }
    hub_still_welcomes(hub, raw_token);
  }

  CHECK(hub.export_json() == hub_before);
  CHECK(hub.record_count() == records_before);
  CHECK_FALSE(contains(hub.export_json(), smuggled));
  CHECK(contains(hub.log(), "bad frame"));

  // A well-behaved device still syncs, both ways.
  ana.add("enquiry", {"title=After the bad frames"});
  ana.sync_ok();
  CHECK(contains(hub.export_json("enquiry"), "After the bad frames"));
  CHECK(hub.serving());
  const int status = hub.stop();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

}  // namespace

TEST_CASE("the hub answers bad frames over TLS with an Error and keeps serving",
          "[integration][frames]") {
  bad_frames_are_refused(true);
}

TEST_CASE("the hub answers bad frames over plain TCP with an Error and keeps serving",
          "[integration][frames]") {
  bad_frames_are_refused(false);
}
