// The physical reference: workload W done with plain SQLite. The same rows in a plain table and a
// tag table, the same durability (WAL, synchronous=FULL), no CRDT metadata; its "sync" copies each
// final row once to each replica that lacks it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workload_w.h"

namespace triad::bench {

// One observation as the plain tables hold it.
struct PlainRow {
  std::string id, school, author;  // 16-byte plain ids
  std::string focus, notes;
  int64_t created_at = 0, updated_at = 0;
  std::vector<std::string> tags;
};

class PlainReplica {
 public:
  explicit PlainReplica(const std::string& path);
  ~PlainReplica();
  PlainReplica(const PlainReplica&) = delete;
  PlainReplica& operator=(const PlainReplica&) = delete;

  void begin();
  void commit();
  // One user action of school `school` (inside begin/commit).
  void act(const SchoolWork& work, int school, const Action& action);
  // Copies every row of `from` that this replica lacks, `batch` rows per transaction; returns the
  // row payload bytes copied (ids, values and tags as stored).
  uint64_t copy_missing_from(PlainReplica& from, size_t batch);
  // Every observation held, with its tags, in id order.
  void for_each_row(const std::function<void(const PlainRow&)>& visit);
  // Inserts one observation and its tags (inside begin/commit).
  void insert_row(const PlainRow& row);
  // SHA-256 of the canonical lines of every observation held (see workload_w.h).
  std::string state_hash();
  const std::string& path() const { return path_; }

 private:
  sqlite3_stmt* prepare(const char* sql);
  void exec(const char* sql);
  void step_done(sqlite3_stmt* st);

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* insert_tag_ = nullptr;
  sqlite3_stmt* update_ = nullptr;
  sqlite3_stmt* delete_ = nullptr;
  sqlite3_stmt* delete_tags_ = nullptr;
  sqlite3_stmt* has_ = nullptr;
};

// The reference for a SQLite hub's write throughput: `pushes` transactions of `rows_each` INSERTs
// of a small row each (a coaching session) into a new database at `path`, WAL and
// synchronous=FULL, one after another. Returns rows per second.
double plain_sqlite_insert_rate(const std::string& path, size_t pushes, size_t rows_each);

}  // namespace triad::bench
