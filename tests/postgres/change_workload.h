// The workload of the change-visibility tests (change_visibility_test.cpp), shared with the writer
// processes they start (triad-change-writer, change_writer_main.cpp). Writers insert rows into
// `change`, numbered either by the commit-ordered counter (change_counter.h) or by a plain
// SEQUENCE; the test reads them as a device pulls (seq > checkpoint) and publishes its checkpoint
// in `reader_checkpoint`, so a writer can hold its transaction open until the reader has passed
// its numbers: the trap, made to happen on purpose. Header-only.
#pragma once

namespace triad::testing {

constexpr const char* kChangeWorkloadTables = R"sql(
CREATE TABLE change (seq bigint PRIMARY KEY, writer int NOT NULL, txn int NOT NULL);
CREATE SEQUENCE change_seq;
CREATE TABLE reader_checkpoint (id boolean PRIMARY KEY DEFAULT true CHECK (id), seq bigint NOT NULL);
INSERT INTO reader_checkpoint (seq) VALUES (0);
)sql";

// The environment variable that gives a writer its connection string (never on a command line).
constexpr const char* kWriterConninfoVariable = "TRIAD_TEST_CONNINFO";

// The last line a writer prints on success, in this format, read back by the test:
//   result committed_rows=N rolled_back=N overtaken=N waited_out=N
// overtaken: how often, holding uncommitted numbers, it saw the reader pass them; waited_out: how
// often it waited for that in vain (until --wait-to-be-overtaken-ms ran out).
constexpr const char* kWriterResultFormat =
    "result committed_rows=%d rolled_back=%d overtaken=%d waited_out=%d\n";

}  // namespace triad::testing
