#include "scratch_database.h"

#include <fmt/format.h>
#include <unistd.h>

#include <stdexcept>

#include "triad/postgres/connection.h"

namespace triad::bench {

ScratchDatabase::ScratchDatabase(const std::string& server, const std::string& prefix)
    : server_(server), name_(fmt::format("{}_{}", prefix, ::getpid())) {
  auto admin = postgres::Connection::open(server_);
  if (!admin) throw std::runtime_error(admin.status().message());
  (void)(*admin)->exec_script("dropping a leftover database",
                              "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  const core::Status made =
      (*admin)->exec_script("making the benchmark's database", "CREATE DATABASE " + name_);
  if (!made.is_ok()) throw std::runtime_error(made.message());
  location_ = server_ + " dbname=" + name_;  // libpq: the last dbname given wins
}

uint64_t ScratchDatabase::bytes() const {
  auto admin = postgres::Connection::open(server_);
  if (!admin) return 0;
  auto rows = (*admin)->query("measuring the benchmark's database",
                              "SELECT pg_database_size($1::text)", postgres::Params().text(name_));
  return rows && rows->size() == 1 ? static_cast<uint64_t>(rows->int64(0, 0)) : 0;
}

ScratchDatabase::~ScratchDatabase() {
  if (auto admin = postgres::Connection::open(server_))
    (void)(*admin)->exec_script("dropping the benchmark's database",
                                "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace triad::bench
