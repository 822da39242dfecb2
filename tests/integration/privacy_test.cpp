// Private records (learning logs and their entries) never leave their author's device: after real
// syncs through a real hub, a marker written only into them is in no byte of the hub's store or of
// another school's store, their WAL files included, and the hub refuses one even when a tampered
// client pushes it.
#include <catch2/catch.hpp>
#include <cstdio>
#include <random>

#include "hub_process.h"
#include "raw_client.h"
#include "triad/core/store.h"
#include "triad/sync/codec.h"

using namespace triad;
using namespace triad::integration;

namespace {

// A marker no other text contains, printed so a failure can be searched for by hand.
std::string unique_marker() {
  const uint64_t seed = testing::test_seed("privacy marker");
  char buf[40];
  std::snprintf(buf, sizeof buf, "PRIVMARK%016llx", static_cast<unsigned long long>(seed));
  return buf;
}

// The store file and its WAL (what SQLite has not yet moved into the file).
std::string store_bytes(const std::string& db) {
  return read_file_bytes(db) + read_file_bytes(db + "-wal");
}

void marker_absent_from(const std::string& what, const std::string& db, const std::string& marker) {
  INFO(what << " (" << db << " and its -wal)");
  REQUIRE_FALSE(read_file_bytes(db).empty());
  CHECK_FALSE(contains(store_bytes(db), marker));
}

}  // namespace

TEST_CASE("private learning logs and their entries never leave the author's device",
          "[integration][privacy]") {
  const std::string marker = unique_marker();
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Woodroffe", "Ben Lee");
  hub.start();

  const std::string log =
      ana.add("learning_log", {"title=Journal " + marker, "kind=reflective-journal"});
  ana.add("log_entry",
          {"log=" + log, "date=2014-03-21", "text=Entry one " + marker, "tags=" + marker});
  const std::string shared = ana.add("enquiry", {"title=Shared enquiry", "focus=Questioning"});
  ana.add("observation",
          {"observed_teacher=Ana Diaz", "scope=private", "notes=Self-review " + marker});
  ana.sync_ok();
  ben.sync_ok();
  // Edits of the private records after the first sync: new rows, still private.
  ana.ok({"set", log, "title=Journal (renamed) " + marker});
  ana.add("log_entry", {"log=" + log, "date=2014-03-22", "text=Entry two " + marker});
  ana.sync_ok();
  ben.sync_ok();

  // The grep below can find the marker where it is: on Ana's own device.
  REQUIRE(contains(store_bytes(ana.db()), marker));
  REQUIRE(contains(ana.export_json("log_entry"), "Entry two " + marker));
  // Shared records did travel, so the syncs really ran.
  REQUIRE(contains(ben.export_json("enquiry"), shared));

  marker_absent_from("the hub's store while it serves", hub.db(), marker);
  marker_absent_from("Ben's store", ben.db(), marker);
  CHECK_FALSE(contains(hub.export_json(), marker));
  CHECK_FALSE(contains(ben.export_json(), marker));
  CHECK(hub.record_count("learning_log") == 0);
  CHECK(hub.record_count("log_entry") == 0);
  CHECK_FALSE(contains(hub.log(), marker));

  hub.stop();  // the WAL is folded into the file
  marker_absent_from("the hub's store after it stopped", hub.db(), marker);
}

TEST_CASE("the hub refuses a private record pushed by a tampered client and stores none of it",
          "[integration][privacy]") {
  const std::string marker = unique_marker();
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  const std::string hub_before = hub.export_json();

  // Ana's own private log, made the way her device makes it, sent the way `triad` would never send
  // it.
  auto store = core::Store::create(":memory:", "Fortismere", "Ana Diaz");
  REQUIRE(store);
  auto log = (*store)->create_record(
      "learning_log", {{"title", core::FieldEdit::Op::kAssign, "Journal " + marker}});
  REQUIRE(log);
  auto entry = (*store)->create_record("log_entry",
                                       {{"log", core::FieldEdit::Op::kAssign, log->to_string()},
                                        {"date", core::FieldEdit::Op::kAssign, "2014-03-21"},
                                        {"text", core::FieldEdit::Op::kAssign, "Entry " + marker}});
  REQUIRE(entry);
  auto states = (*store)->states({*log, *entry});
  REQUIRE(states);
  REQUIRE(states->size() == 2);

  RawConnection conn(hub.port(), hub.tls(), hub.cert());
  const std::string tampered =
      hub.enroll("Fortismere", "Ana Diaz");  // the tampered client's own token
  REQUIRE(conn.send(hello_envelope(tampered, (*store)->identity().site)));
  auto welcome = conn.read_frame(5s);
  REQUIRE(welcome);
  REQUIRE(welcome->has_welcome());
  v1::Envelope push;
  push.mutable_push()->set_batch_seq(7);
  for (const core::RecordState& s : states.value())
    sync::to_proto(s, *push.mutable_push()->add_records());
  REQUIRE(conn.send(push));
  std::string why;
  auto ack = conn.read_frame(5s, &why);
  INFO(why);
  REQUIRE(ack);
  REQUIRE(ack->has_ack());
  CHECK(ack->ack().batch_seq() == 7);
  REQUIRE(ack->ack().refused_size() == 2);
  for (const v1::Refusal& r : ack->ack().refused()) {
    INFO(r.message());
    CHECK(r.code() == v1::PERMISSION_DENIED);
    CHECK(contains(r.message(), "private"));
  }
  v1::Envelope bye;
  bye.mutable_bye();
  CHECK(conn.send(bye));

  CHECK(hub.export_json() == hub_before);
  marker_absent_from("the hub's store while it serves", hub.db(), marker);
  hub.stop();
  marker_absent_from("the hub's store after it stopped", hub.db(), marker);
}

// DESIGN.md: deletion purges a record's field values everywhere; a deleted observation of a
// teacher must not survive on some tablet, nor on the hub.
TEST_CASE(
    "a deleted observation leaves none of its text on the hub or on the other school's device",
    "[integration][privacy]") {
  const std::string marker = unique_marker();
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Woodroffe", "Ben Lee");
  hub.start();
  ana.sync_ok();
  ben.sync_ok();
  const std::string obs = ana.add(
      "observation", {"observed_teacher=Ben Lee", "focus=Focus " + marker, "notes=Notes " + marker,
                      "feedback=Feedback " + marker, "tags=" + marker});
  ana.sync_ok();
  ben.sync_ok();
  ben.ok({"set", obs, "notes=Ben's notes " + marker, "tags+=second-" + marker});
  ben.sync_ok();
  REQUIRE(contains(store_bytes(ben.db()), marker));  // it was there to be purged
  REQUIRE(contains(hub.export_json("observation"), marker));

  const std::string deleted = ana.ok({"delete", obs});
  CHECK(contains(deleted, "deleted " + obs));
  ana.sync_ok();
  ben.sync_ok();
  CHECK(contains(ben.ok({"get", obs}), "deleted"));
  CHECK_FALSE(contains(ben.export_json(), obs));  // exports hold live records only

  marker_absent_from("Ana's store", ana.db(), marker);
  marker_absent_from("Ben's store", ben.db(), marker);
  marker_absent_from("the hub's store while it serves", hub.db(), marker);
  hub.stop();
  marker_absent_from("the hub's store after it stopped", hub.db(), marker);
}

// Issue 15: a passage erased from notes that merge character by character keeps no byte anywhere,
// even when a colleague edited the same notes at the same time and their version still held it.
TEST_CASE("a passage erased from shared notes while a colleague edited them leaves no byte",
          "[integration][privacy][text]") {
  const std::string marker = unique_marker();
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Woodroffe", "Ben Lee");
  hub.start();
  ana.sync_ok();
  ben.sync_ok();
  const std::string obs =
      ana.add("observation", {"observed_teacher=Ben Lee", "scope=alliance",
                              "notes=Y4-07 (" + marker + ") was unsettled. Plenary ran over."});
  ana.sync_ok();
  ben.sync_ok();
  REQUIRE(contains(store_bytes(ben.db()), marker));  // it was there to be erased
  // Offline at the same time: Ana erases the name, Ben adds a sentence to the same notes.
  ana.ok({"set", obs, "notes=Y4-07 was unsettled. Plenary ran over."});
  ben.ok({"set", obs,
          "notes=Y4-07 (" + marker + ") was unsettled. Plenary ran over. Exit tickets next time."});
  ben.sync_ok();  // the hub holds Ben's version, name and all
  ana.sync_ok();  // the hub joins Ana's erasure into it
  ben.sync_ok();
  const std::string expected = "Y4-07 was unsettled. Plenary ran over. Exit tickets next time.";
  CHECK(contains(ana.ok({"get", obs}), expected));
  CHECK(contains(ben.ok({"get", obs}), expected));
  CHECK(contains(hub.export_json("observation"), expected));

  marker_absent_from("Ana's store", ana.db(), marker);
  marker_absent_from("Ben's store", ben.db(), marker);
  marker_absent_from("the hub's store while it serves", hub.db(), marker);
  hub.stop();
  marker_absent_from("the hub's store after it stopped", hub.db(), marker);
}
