// Two hub processes writing to one PostgreSQL at once, and a reader pulling "seq > checkpoint" as
// a device does: with the commit-ordered counter (change_counter.h) the reader sees every committed
// change exactly once; with numbers from a plain SEQUENCE, the same workload makes it skip changes
// (the trap the counter exists for). Writers are triad-change-writer processes
// (change_writer_main.cpp); one of them holds each transaction open, before committing, until the
// reader has passed its numbers, or for 150 ms at most: with a SEQUENCE the reader passes them
// every time, with the counter it cannot.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "change_workload.h"
#include "postgres_database.h"
#include "process.h"
#include "test_support.h"
#include "triad/postgres/connection.h"
#include "triad/postgres/schema.h"

using triad::postgres::Connection;
using triad::postgres::Params;
using namespace triad::testing;

namespace {

struct WriterResult {
  int committed_rows = 0;
  int rolled_back = 0;
  int overtaken = 0;
  int waited_out = 0;
};

// A device's pull, repeated: the changes above its checkpoint, in order; the checkpoint moves to
// the highest seen and is published for the writers.
class Reader {
 public:
  explicit Reader(Connection& conn) : conn_(conn) {}

  void pull() {
    auto rows = conn_.query("pulling", "SELECT seq FROM change WHERE seq > $1 ORDER BY seq",
                            Params().int64(checkpoint_));
    REQUIRE(rows.is_ok());
    for (int i = 0; i < rows->size(); ++i) {
      const int64_t seq = rows->int64(i, 0);
      if (!seen_.insert(seq).second) ++duplicates_;
      checkpoint_ = std::max(checkpoint_, seq);
    }
    REQUIRE(conn_.exec("publishing the checkpoint", "UPDATE reader_checkpoint SET seq = $1",
                       Params().int64(checkpoint_)));
    ++pulls_;
  }
  const std::set<int64_t>& seen() const { return seen_; }
  int duplicates() const { return duplicates_; }
  int pulls() const { return pulls_; }

 private:
  Connection& conn_;
  int64_t checkpoint_ = 0;
  std::set<int64_t> seen_;
  int duplicates_ = 0;
  int pulls_ = 0;
};

struct WorkloadOutcome {
  std::vector<int64_t> committed;  // every seq in the table at the end, in order
  std::vector<int64_t> skipped;    // committed but never seen by the reader
  int duplicates = 0;
  WriterResult steady;   // writer 1: random delays
  WriterResult laggard;  // writer 2: also waits to be overtaken before committing
};

std::vector<std::string> writer_args(const std::string& numbering, int writer, int transactions,
                                     int max_rows, int wait_ms, uint64_t seed) {
  return {"--numbering=" + numbering,
          "--writer=" + std::to_string(writer),
          "--transactions=" + std::to_string(transactions),
          "--max-rows=" + std::to_string(max_rows),
          "--max-delay-ms=8",
          "--rollback-percent=10",
          "--wait-to-be-overtaken-ms=" + std::to_string(wait_ms),
          "--seed=" + std::to_string(seed + writer)};
}

WriterResult finish(ChildProcess& writer, const std::string& err_file) {
  const auto status = writer.wait_for(60s);
  REQUIRE(status.has_value());
  INFO(read_file_bytes(err_file));
  REQUIRE(WIFEXITED(*status));
  REQUIRE(WEXITSTATUS(*status) == 0);
  const auto line = writer.read_line(5s);
  REQUIRE(line.has_value());
  WriterResult r;
  REQUIRE(std::sscanf((*line + "\n").c_str(), kWriterResultFormat, &r.committed_rows,
                      &r.rolled_back, &r.overtaken, &r.waited_out) == 4);
  return r;
}

std::vector<int64_t> all_committed(Connection& conn) {
  auto rows = conn.query("reading every change", "SELECT seq FROM change ORDER BY seq");
  REQUIRE(rows.is_ok());
  std::vector<int64_t> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(rows->int64(i, 0));
  return out;
}

WorkloadOutcome run_workload(const std::string& numbering, uint64_t seed) {
  PostgresTestDatabase db;
  TempDir dir;
  auto conn = Connection::open(db.conninfo());
  REQUIRE(conn.is_ok());
  REQUIRE(triad::postgres::migrate(**conn));
  REQUIRE((*conn)->exec_script("creating the workload's tables", kChangeWorkloadTables));

  const Env env{{kWriterConninfoVariable, db.conninfo()}};
  ChildProcess steady(TRIAD_CHANGE_WRITER_PATH, writer_args(numbering, 1, 80, 4, 0, seed), env,
                      dir.file("steady.err"));
  ChildProcess laggard(TRIAD_CHANGE_WRITER_PATH, writer_args(numbering, 2, 12, 3, 150, seed), env,
                       dir.file("laggard.err"));
  Reader reader(**conn);
  while (steady.wait_for(0ms) == std::nullopt || laggard.wait_for(0ms) == std::nullopt) {
    reader.pull();
    std::this_thread::sleep_for(1ms);
  }
  reader.pull();  // after both have ended: whatever is left

  WorkloadOutcome out;
  out.steady = finish(steady, dir.file("steady.err"));
  out.laggard = finish(laggard, dir.file("laggard.err"));
  out.committed = all_committed(**conn);
  for (int64_t seq : out.committed)
    if (!reader.seen().count(seq)) out.skipped.push_back(seq);
  out.duplicates = reader.duplicates();
  std::printf(
      "%s: %zu changes committed, %zu skipped by the reader (%d pulls); the laggard writer was "
      "overtaken %d times and waited out %d\n",
      numbering.c_str(), out.committed.size(), out.skipped.size(), reader.pulls(),
      out.laggard.overtaken, out.laggard.waited_out);
  CHECK(static_cast<int>(out.committed.size()) ==
        out.steady.committed_rows + out.laggard.committed_rows);
  return out;
}

}  // namespace

TEST_CASE("with the commit-ordered counter a reader sees every change of two writer processes",
          "[postgres][slow]") {
  const uint64_t seed = test_seed("change visibility, counter");
  const WorkloadOutcome out = run_workload("counter", seed);
  CHECK(out.skipped.empty());
  CHECK(out.duplicates == 0);
  // While it held numbers, no one committed a higher one: the reader never passed them.
  CHECK(out.laggard.overtaken == 0);
  CHECK(out.laggard.waited_out > 0);
  // Rolled-back transactions gave their numbers back: 1..N, no gaps.
  std::vector<int64_t> one_to_n(out.committed.size());
  std::iota(one_to_n.begin(), one_to_n.end(), 1);
  CHECK(out.committed == one_to_n);
}

TEST_CASE("with numbers from a plain SEQUENCE the same reader skips changes (the trap)",
          "[postgres][slow]") {
  const uint64_t seed = test_seed("change visibility, sequence");
  const WorkloadOutcome out = run_workload("sequence", seed);
  CHECK(out.laggard.overtaken > 0);
  CHECK_FALSE(out.skipped.empty());
}
