// triad-change-writer: one hub process's writes, for change_visibility_test.cpp. Runs transactions
// that each number 1..max-rows new rows of `change` (change_workload.h), waiting a random time
// before taking the numbers and again between taking them and committing, and rolling back some.
//
//   TRIAD_TEST_CONNINFO=... triad-change-writer --numbering=counter|sequence --writer=N
//     --transactions=N --max-rows=N --max-delay-ms=N --rollback-percent=N
//     --wait-to-be-overtaken-ms=N --seed=N
//
// With --wait-to-be-overtaken-ms above 0, each transaction, before it commits, waits up to that
// long for the reader's checkpoint to pass the numbers it holds. Prints kWriterResultFormat and
// exits 0, or prints the error and exits 1 (2 for bad arguments).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "change_workload.h"
#include "triad/postgres/change_counter.h"
#include "triad/postgres/connection.h"
#include "triad/postgres/transaction.h"

namespace {

using triad::core::Result;
using triad::core::Status;
using namespace triad::postgres;

struct Options {
  bool counter = true;
  int writer = 0;
  int transactions = 0;
  int max_rows = 1;
  int max_delay_ms = 0;
  int rollback_percent = 0;
  int wait_to_be_overtaken_ms = 0;
  uint64_t seed = 0;
};

struct Tally {
  int committed_rows = 0;
  int rolled_back = 0;
  int overtaken = 0;
  int waited_out = 0;
};

bool parse(int argc, char** argv, Options& o) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) return false;
    args[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
  }
  auto number = [&](const char* key) { return std::strtoull(args[key].c_str(), nullptr, 10); };
  o.counter = args["numbering"] == "counter";
  o.writer = static_cast<int>(number("writer"));
  o.transactions = static_cast<int>(number("transactions"));
  o.max_rows = static_cast<int>(number("max-rows"));
  o.max_delay_ms = static_cast<int>(number("max-delay-ms"));
  o.rollback_percent = static_cast<int>(number("rollback-percent"));
  o.wait_to_be_overtaken_ms = static_cast<int>(number("wait-to-be-overtaken-ms"));
  o.seed = number("seed");
  return (o.counter || args["numbering"] == "sequence") && o.max_rows >= 1 && args.size() == 8;
}

Result<std::vector<int64_t>> take_numbers(Transaction& txn, bool counter, int count) {
  std::vector<int64_t> numbers;
  if (counter) {
    auto reserved = reserve_change_numbers(txn, count);
    if (!reserved) return reserved.status();
    for (int64_t n = reserved->first; n <= reserved->last; ++n) numbers.push_back(n);
    return numbers;
  }
  auto rows =
      txn.query("taking numbers from the sequence",
                "SELECT nextval('change_seq') FROM generate_series(1, $1)", Params().int64(count));
  if (!rows) return rows.status();
  for (int i = 0; i < rows->size(); ++i) numbers.push_back(rows->int64(i, 0));
  return numbers;
}

// True when the reader's checkpoint passed `highest` within `limit`.
Result<bool> wait_to_be_overtaken(Transaction& txn, int64_t highest,
                                  std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto rows = txn.query("reading the reader's checkpoint", "SELECT seq FROM reader_checkpoint");
    if (!rows) return rows.status();
    if (rows->int64(0, 0) > highest) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Status one_transaction(Connection& conn, const Options& o, int index, std::mt19937_64& random,
                       Tally& tally) {
  auto pause = [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % (o.max_delay_ms + 1)));
  };
  auto txn = Transaction::begin(conn);
  if (!txn) return txn.status();
  pause();  // the work a hub does before it needs the numbers
  const int count = 1 + static_cast<int>(random() % o.max_rows);
  auto numbers = take_numbers(*txn, o.counter, count);
  if (!numbers) return numbers.status();
  for (int64_t seq : *numbers)
    TRIAD_RETURN_IF_ERROR(txn->exec("inserting a change", "INSERT INTO change VALUES ($1, $2, $3)",
                                    Params().int64(seq).int64(o.writer).int64(index)));
  pause();  // between taking the numbers and committing
  if (o.wait_to_be_overtaken_ms > 0) {
    auto overtaken = wait_to_be_overtaken(*txn, numbers->back(),
                                          std::chrono::milliseconds(o.wait_to_be_overtaken_ms));
    if (!overtaken) return overtaken.status();
    ++(*overtaken ? tally.overtaken : tally.waited_out);
  }
  if (static_cast<int>(random() % 100) < o.rollback_percent) {
    ++tally.rolled_back;
    return txn->rollback();
  }
  TRIAD_RETURN_IF_ERROR(txn->commit());
  tally.committed_rows += count;
  return Status::ok();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: see change_writer_main.cpp\n");
    return 2;
  }
  const char* conninfo = std::getenv(triad::testing::kWriterConninfoVariable);
  auto conn = Connection::open(conninfo ? conninfo : "");
  if (!conn) {
    std::fprintf(stderr, "writer %d: %s\n", o.writer, conn.status().message().c_str());
    return 1;
  }
  std::mt19937_64 random(o.seed);
  Tally tally;
  for (int i = 0; i < o.transactions; ++i) {
    if (Status s = one_transaction(**conn, o, i, random, tally); !s) {
      std::fprintf(stderr, "writer %d: %s\n", o.writer, s.message().c_str());
      return 1;
    }
  }
  std::printf(triad::testing::kWriterResultFormat, tally.committed_rows, tally.rolled_back,
              tally.overtaken, tally.waited_out);
  return 0;
}
