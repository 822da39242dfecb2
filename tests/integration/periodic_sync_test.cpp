// `triad sync --every` as a service or cron job runs it (issue 12, items 6 and 15): one line per
// sync in its log the moment it happens (stdout is not a terminal there), no progress lines,
// a last line when SIGTERM stops it; it stops, saying why and exiting 2, when the hub refuses
// the device's token as revoked or unknown, and goes on retrying every other failure.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <regex>

#include "hub_process.h"
#include "triad/core/store.h"

using namespace triad;
using namespace triad::integration;

namespace {

std::vector<std::string> every(const Device& device, const std::string& period) {
  std::vector<std::string> args = device.sync_args();
  args.insert(args.end(), {"--every", period});
  return args;
}

// Adds `n` alliance-scope enquiries to the device's store in one transaction (thousands of
// `triad add` would be slow).
void add_enquiries(const Device& device, size_t n) {
  auto store = core::Store::open(device.db());
  REQUIRE(store);
  REQUIRE((*store)
              ->in_one_transaction([&]() -> core::Status {
                for (size_t i = 0; i < n; ++i) {
                  auto id = (*store)->create_record(
                      "enquiry",
                      {{"title", core::FieldEdit::Op::kAssign, "Enquiry " + std::to_string(i)},
                       {"scope", core::FieldEdit::Op::kAssign, "alliance"}});
                  if (!id) return id.status();
                }
                return core::Status::ok();
              })
              .is_ok());
}

}  // namespace

TEST_CASE("sync --every writes one line per sync to its log at once, and a last line on SIGTERM",
          "[integration][periodic]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  add_enquiries(ana, 10'001);  // 21 batches: the old progress line came every 20
  hub.start();
  const std::string log = hub.dir().file("every.err");
  ChildProcess sync(TRIAD_CLI_PATH, every(ana, "1h"), triad_env(hub.dir().path().string()), log);
  const std::optional<std::string> first = sync.read_line(60s);
  INFO("stderr: " << read_file_bytes(log));
  REQUIRE(first);  // written when it happened, not held in a buffer until the process ends
  CHECK(contains(*first, "synced with the hub of The Mead at " + hub.address() + ": sent 10003"));
  CHECK(std::regex_search(
      *first, std::regex("; next sync in (5[4-9]|6[0-6]) min$")));  // 1 h, give or take 10%
  CHECK(hub.record_count("enquiry") == 10'001);

  sync.signal(SIGTERM);
  const std::optional<std::string> last = sync.read_line(10s);
  REQUIRE(last);
  CHECK(contains(*last, "stopped by SIGTERM after 1 sync"));
  const std::optional<int> status = sync.wait_for(10s);
  REQUIRE(status);
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == kExitOk);
  CHECK(read_file_bytes(log).empty());  // no progress lines when nobody watches a terminal
}

TEST_CASE("sync --every stops when the hub refuses the token as revoked or unknown",
          "[integration][periodic]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  Device ben(hub, "Fortismere", "Ben Lee");
  hub.start();
  ana.sync_ok();
  REQUIRE(hub.admin({"revoke", ana.token_id()}).exit_code == kExitOk);
  const std::string home = hub.dir().path().string();

  const ProcessResult revoked = run_triad(every(ana, "2s"), home, 20s);
  INFO("stdout: " << revoked.out << "\nstderr: " << revoked.err);
  CHECK_FALSE(revoked.timed_out);  // it used to retry for ever
  CHECK(revoked.exit_code == kExitBadInput);
  CHECK(contains(revoked.err, "revoked"));
  CHECK(contains(
      revoked.err,
      "stopped: the hub does not accept this device's token, so syncing again cannot help"));
  CHECK(contains(revoked.err, "triad config token --token-file FILE"));

  const ProcessResult unknown =
      run_triad(every(ben, "2s"), home, 20s, {{"TRIAD_TOKEN", "0badf00d." + std::string(32, 'a')}});
  INFO("stdout: " << unknown.out << "\nstderr: " << unknown.err);
  CHECK_FALSE(unknown.timed_out);
  CHECK(unknown.exit_code == kExitBadInput);
  CHECK(contains(unknown.err, "the hub does not accept this device's token"));
  CHECK(contains(unknown.err, "stopped:"));
}

TEST_CASE("sync --every keeps retrying a hub that is away, backing off",
          "[integration][periodic]") {
  HubProcess hub;
  Device ana(hub, "Fortismere", "Ana Diaz");
  hub.start();
  const std::vector<std::string> args = every(ana, "1s");
  hub.stop();  // the port is closed now: "cannot reach the hub"
  const std::string log = hub.dir().file("retry.err");
  ChildProcess sync(TRIAD_CLI_PATH, args, triad_env(hub.dir().path().string()), log);
  CHECK_FALSE(sync.wait_for(3s));  // still running
  sync.signal(SIGTERM);
  const std::optional<int> status = sync.wait_for(10s);
  REQUIRE(status);
  CHECK(WEXITSTATUS(*status) == kExitOk);
  const std::string err = read_file_bytes(log);
  INFO(err);
  CHECK(contains(err, "cannot reach the hub"));
  CHECK(contains(err, "trying again in"));
  CHECK(contains(err, "(1 failure in a row)"));
}
