// The log of a real `triad-hub serve` (issue 12 item 8): each session's start and end, with the
// client's address on every line and what was pushed, pulled and refused; and strings a peer
// chose (Hello.name, its error messages) escaped, so no newline, control character or terminal
// escape sequence of theirs reaches the log.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <sstream>

#include "hub_process.h"
#include "raw_client.h"
#include "triad/core/store.h"
#include "triad/core/store_format.h"
#include "triad/sync/protocol.h"
#include "triad/sync/transport.h"

using namespace triad;
using namespace triad::integration;

namespace {

// A name and a message that would forge log lines and drive a terminal if written as they are.
// Valid UTF-8 (the hub refuses a Hello whose strings are not), with the C1 CSI as U+009B.
const std::string kHostileName =
    "evil\n2026-11-29 09:00:00 forged line \x1b[2J\x1b[31mred\x07 c1 \xc2\x9b";
const std::string kHostileMessage = "gone\r\nforged too \x1b]0;title\x07";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

uint64_t now_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

TEST_CASE("the hub logs each session's start and end with the client's address and its figures",
          "[integration][log]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  ana.add("enquiry", {"title=Logged today"});
  {  // one edit stamped two days ahead, synced while the date is still wrong: the hub refuses it
    core::StoreOptions o;
    o.wall = [] { return now_ms() + 48ull * 3600 * 1000; };
    auto store = core::Store::open(ana.db(), o);
    REQUIRE(store);
    REQUIRE(
        (*store)->create_record("enquiry", {{"title", core::FieldEdit::Op::kAssign, "Too early"}}));
    sync::ClientOptions options;
    options.token = ana.token();
    const sync::HubAddress address{hub.address(), hub.cert(), false, std::chrono::seconds(10)};
    REQUIRE(sync::sync_with_hub(**store, address, options));
  }
  const std::string log = hub.log();
  INFO(log);
  const std::string who = "Fortismere / Ana Diaz \\(" + ana.token_id() + "\\)";
  CHECK(std::regex_search(log, std::regex("127\\.0\\.0\\.1:\\d+ session started: " + who)));
  // What the device speaks, and its store's format, for the admin who helps it update.
  CHECK(std::regex_search(log, std::regex("session started: " + who + ", [^\\n]*, protocol " +
                                          std::to_string(sync::kProtocolMajor) + "\\." +
                                          std::to_string(sync::kProtocolMinor) + ", store format " +
                                          std::to_string(core::store_format_version()))));
  CHECK(std::regex_search(log, std::regex("127\\.0\\.0\\.1:\\d+ session ended: " + who +
                                          ": pushed 2, pulled \\d+, refused 1")));
  for (const std::string& line : lines_of(log)) {
    INFO(line);
    if (contains(line, "Ana Diaz") || contains(line, "session") || contains(line, "refused"))
      CHECK(contains(line, "127.0.0.1:"));
  }
}

TEST_CASE("strings a peer chose are escaped in the hub's log", "[integration][log]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  {  // refused: a bad token under a hostile name
    RawConnection c(hub.port(), true, hub.cert());
    v1::Envelope hello = hello_envelope("0badf00d." + std::string(32, 'a'), 0x1e55);
    hello.mutable_hello()->set_name(kHostileName);
    REQUIRE(c.send(hello));
    auto refused = c.read_frame(5s);
    REQUIRE(refused);
    CHECK(refused->has_error());
  }
  {  // an enrolled device that ends its session with a hostile error message
    RawConnection c(hub.port(), true, hub.cert());
    v1::Envelope hello = hello_envelope(ana.token(), 0x1e55);
    hello.mutable_hello()->set_name(kHostileName);
    REQUIRE(c.send(hello));
    auto welcome = c.read_frame(5s);
    REQUIRE(welcome);
    REQUIRE(welcome->has_welcome());
    v1::Envelope error;
    error.mutable_error()->set_code(v1::INTERNAL);
    error.mutable_error()->set_message(kHostileMessage);
    REQUIRE(c.send(error));
    CHECK(c.closed_by_hub(3s));
  }
  ana.sync_ok();
  const std::string log = hub.log();
  INFO(log);
  CHECK(contains(log, "evil\\n2026-11-29 09:00:00 forged line \\x1b[2J"));
  CHECK(contains(log, "gone\\r\\nforged too"));
  const auto control = std::find_if(log.begin(), log.end(), [](unsigned char c) {
    return (c < 0x20 && c != '\n') || c == 0x7f || c == 0x9b;
  });
  INFO("a control byte at offset " << (control - log.begin()));
  CHECK(control == log.end());
  CHECK_FALSE(contains(log, "\xc2\x9b"));  // U+009B, the one-character CSI
  for (const std::string& line : lines_of(log)) {
    INFO(line);
    CHECK(line.rfind("2026-11-29 09:00:00 forged", 0) == std::string::npos);
    CHECK(line.rfind("forged too", 0) == std::string::npos);
  }
}
