// What the hub refuses record by record (proto REFUSALS; DESIGN.md "Hub, identity and sharing"):
// a change stamped too far ahead of the hub's clock, a record forged in another person's name, a
// tombstone of a record the device has no part in. Each is refused in the Ack with a reason, the
// rest of the batch is applied, and the refused change is kept by the device and offered again.
#include <catch2/catch.hpp>
#include <chrono>

#include "hub_process.h"
#include "raw_client.h"
#include "triad/core/store.h"
#include "triad/sync/codec.h"
#include "triad/sync/transport.h"

using namespace triad;
using namespace triad::integration;

namespace {

uint64_t now_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

core::FieldEdit put(const std::string& field, const std::string& value) {
  return {field, core::FieldEdit::Op::kAssign, value};
}

// Pushes `records` in one batch with `token` over a raw session and returns the hub's Ack.
v1::Ack push_raw(const HubProcess& hub, const std::string& token, uint64_t site,
                 const std::vector<core::RecordState>& records) {
  RawConnection conn(hub.port(), hub.tls(), hub.cert());
  REQUIRE(conn.send(hello_envelope(token, site)));
  auto welcome = conn.read_frame(5s);
  REQUIRE(welcome);
  REQUIRE(welcome->has_welcome());
  v1::Envelope push;
  push.mutable_push()->set_batch_seq(1);
  for (const core::RecordState& r : records) sync::to_proto(r, *push.mutable_push()->add_records());
  REQUIRE(conn.send(push));
  std::string why;
  auto ack = conn.read_frame(5s, &why);
  INFO(why);
  REQUIRE(ack);
  REQUIRE(ack->has_ack());
  v1::Envelope bye;
  bye.mutable_bye();
  CHECK(conn.send(bye));
  return ack->ack();
}

}  // namespace

TEST_CASE(
    "a record stamped two days ahead is refused alone while the date is wrong, and re-stamped once "
    "it is right",
    "[integration][refusal]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  ana.add("enquiry", {"title=Written today"});
  {  // the tablet's date is two days ahead for one edit and for the syncs that follow it
    core::StoreOptions o;
    o.wall = [] { return now_ms() + 48ull * 3600 * 1000; };
    auto store = core::Store::open(ana.db(), o);
    REQUIRE(store);
    REQUIRE((*store)->create_record("enquiry", {put("title", "Written the day after tomorrow")}));
    sync::ClientOptions options;
    options.token = ana.token();
    const sync::HubAddress address{hub.address(), hub.cert(), !hub.tls(), std::chrono::seconds(10)};
    for (int attempt = 0; attempt < 2; ++attempt) {
      INFO("sync " << attempt + 1);
      auto r = sync::sync_with_hub(**store, address, options);
      REQUIRE(r);
      CHECK(r->refused == 1);  // refused alone: the other record of the batch is taken
      CHECK(r->clock_off_ms > 47ll * 3600 * 1000);
      CHECK(r->clock_repaired == 0);
      const std::string held = hub.export_json("enquiry");
      CHECK(contains(held, "Written today"));
      CHECK_FALSE(contains(held, "Written the day after tomorrow"));
    }
  }
  const std::string status = ana.ok({"status"});
  CHECK(contains(status, "refused"));
  CHECK(contains(status, "Written the day after tomorrow"));
  CHECK(contains(status, "clock      ahead"));
  // The date is right again (this process's): the next sync re-stamps the edit and sends it.
  const ProcessResult r = ana.sync();
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == kExitOk);
  CHECK(contains(r.out, "re-stamped with the right date and sent"));
  CHECK_FALSE(contains(r.out, "refused"));
  CHECK(contains(hub.export_json("enquiry"), "Written the day after tomorrow"));
  CHECK_FALSE(contains(ana.ok({"status"}), "refused"));
}

TEST_CASE(
    "records forged in another person's name, or deletions by outsiders, are refused one by one",
    "[integration][refusal]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device cara(hub, "Highgate", "Cara Wu");
  hub.start();
  ana.sync_ok();
  const std::string obs =
      ana.add("observation", {"observed_teacher=Ana Diaz", "focus=Modelling", "notes=Kept safe"});
  ana.sync_ok();
  cara.sync_ok();
  const std::string before = hub.export_json();
  REQUIRE(contains(before, obs));

  // Cara's tampered client sends, in one batch: an enquiry authored as Ana, a tombstone of Ana's
  // observation (which names only Ana), and an honest enquiry of her own.
  auto forger = core::Store::create(":memory:", "Fortismere", "Ana Diaz");
  REQUIRE(forger);
  auto forged = (*forger)->create_record("enquiry", {put("title", "Forged in Ana's name")});
  REQUIRE(forged);
  auto forged_state = (*forger)->get(*forged);
  REQUIRE(forged_state);
  auto held = core::Store::open(ana.db());
  REQUIRE(held);
  auto tombstone = (*held)->get(*core::RecordId::parse(obs));
  REQUIRE(tombstone);
  REQUIRE(tombstone->has_value());
  core::RecordState deleted = **tombstone;
  deleted.deleted = core::Stamp{now_ms() << 16, 0xca7aca7a};
  deleted.fields.clear();
  auto honest_store = core::Store::create(":memory:", "Highgate", "Cara Wu");
  REQUIRE(honest_store);
  auto honest = (*honest_store)->create_record("enquiry", {put("title", "Cara's honest enquiry")});
  REQUIRE(honest);

  const std::string cara_tampered =
      hub.enroll("Highgate", "Cara Wu");  // her tampered client's token
  const v1::Ack ack = push_raw(hub, cara_tampered, 0xca7aca7a,
                               {**forged_state, deleted, *(*honest_store)->get(*honest).value()});
  REQUIRE(ack.refused_size() == 2);
  for (const v1::Refusal& r : ack.refused()) {
    INFO(r.message());
    CHECK(r.code() == v1::PERMISSION_DENIED);
    CHECK_FALSE(r.message().empty());
  }
  CHECK(ack.refused(0).record_id() == std::string(forged->bytes()));
  CHECK(ack.refused(1).record_id() == std::string(core::RecordId::parse(obs)->bytes()));

  const std::string after = hub.export_json();
  CHECK_FALSE(contains(after, "Forged in Ana's name"));
  CHECK(contains(after, "Cara's honest enquiry"));  // the rest of the batch was applied
  CHECK(contains(hub.export_json("observation"), "Kept safe"));
  ana.sync_ok();
  CHECK(contains(ana.ok({"get", obs}), "Kept safe"));
}

// A frame holds at most 4 MiB. A set of thousands of long tags, each within its own limit, adds up
// past that; such a record must never block everything else the device writes. It is refused at
// edit time (the record limits apply to local edits too), and the device's other changes reach
// the hub. Regression test: before the fix, every later sync of the device broke off.
TEST_CASE("a record larger than a frame does not hold back the device's other changes",
          "[integration][refusal]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  ana.sync_ok();
  ana.add("enquiry", {"title=Written before the big record"});
  std::string created;
  {
    auto store = core::Store::open(ana.db());
    REQUIRE(store);
    core::FieldEdits edits{put("observed_teacher", (*store)->identity().person.to_string())};
    for (int i = 0; i < 9000; ++i) {  // 9000 tags of 490 characters (the limit is 500 each): 4.4 MB
      const std::string tag = "tag " + std::to_string(i) + " ";
      edits.push_back(put("tags", tag + std::string(490 - tag.size(), 't')));
    }
    auto big = (*store)->create_record("observation", edits);
    created = big ? "accepted" : big.status().message();
  }
  ana.add("enquiry", {"title=Written after the big record"});

  const ProcessResult first = ana.sync();
  const ProcessResult second = ana.sync();
  INFO("creating the observation: " << created);
  INFO("first sync: exit " << first.exit_code << "\nstdout: " << first.out
                           << "stderr: " << first.err);
  INFO("second sync: exit " << second.exit_code << "\nstdout: " << second.out
                            << "stderr: " << second.err);
  CHECK_FALSE(first.timed_out);
  CHECK(second.exit_code == kExitOk);
  const std::string held = hub.export_json("enquiry");
  CHECK(contains(held, "Written before the big record"));
  CHECK(contains(held, "Written after the big record"));
  CHECK(hub.serving());
}
