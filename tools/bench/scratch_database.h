// A database of the benchmark's own on a PostgreSQL server: made empty when the run starts and
// dropped when it ends (WITH (FORCE), so hub processes still connected do not keep it). The
// server is named by an admin connection string (libpq keywords, e.g. "host=/tmp/pg
// user=postgres dbname=postgres"); the database's location is that string with its own dbname.
#pragma once

#include <cstdint>
#include <string>

namespace triad::bench {

class ScratchDatabase {
 public:
  // Throws std::runtime_error with PostgreSQL's message when the database cannot be made.
  ScratchDatabase(const std::string& server, const std::string& prefix);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // The connection string of the new database (a hub's --store).
  const std::string& location() const { return location_; }
  // pg_database_size: its bytes on disk, tables, indexes and TOAST.
  uint64_t bytes() const;

 private:
  std::string server_, name_, location_;
};

}  // namespace triad::bench
