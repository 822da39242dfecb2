// The physical reference: workload W done with plain SQLite. The same rows in a plain table and a
// tag table, the same durability (WAL, synchronous=FULL), no CRDT metadata; its "sync" copies each
// final row once to each replica that lacks it.
#pragma once

#include <sqlite3.h>

#include <string>

#include "workload_w.h"

namespace triad::bench {

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

}  // namespace triad::bench
