#include "plain_postgres.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "measure.h"

namespace triad::bench {

namespace {

pg_conn* connect(const std::string& location) {
  pg_conn* conn = PQconnectdb(location.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("plain PostgreSQL: " + message);
  }
  return conn;
}

void check(pg_conn* conn, PGresult* r, const char* what) {
  const ExecStatusType status = PQresultStatus(r);
  PQclear(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN)
    throw std::runtime_error(fmt::format("plain PostgreSQL, {}: {}", what, PQerrorMessage(conn)));
}

// COPY's text format: bytea as \\x + hex; text with its backslashes and control bytes escaped.
void copy_bytea(std::string& line, const std::string& bytes) {
  static const char kHex[] = "0123456789abcdef";
  line += "\\\\x";
  for (unsigned char c : bytes) line += kHex[c >> 4], line += kHex[c & 15];
}
void copy_text(std::string& line, const std::string& text) {
  for (char c : text) {
    if (c == '\\' || c == '\t' || c == '\n' || c == '\r') line += '\\';
    line += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c;
  }
}

int64_t big_endian_int64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<int64_t>(v);
}

}  // namespace

PlainPostgres::PlainPostgres(const std::string& location) : conn_(connect(location)) {
  exec(
      "CREATE TABLE observation(id bytea PRIMARY KEY, school bytea NOT NULL, author bytea NOT "
      "NULL, focus text NOT NULL, notes text NOT NULL, created_at bigint NOT NULL, updated_at "
      "bigint NOT NULL)");
  exec(
      "CREATE TABLE observation_tag(observation bytea NOT NULL, tag text NOT NULL, "
      "PRIMARY KEY(observation, tag))");
}

PlainPostgres::~PlainPostgres() { PQfinish(conn_); }

void PlainPostgres::exec(const std::string& sql) {
  check(conn_, PQexec(conn_, sql.c_str()), sql.c_str());
}

void PlainPostgres::load_from(PlainReplica& from) {
  std::string observations, tags;
  from.for_each_row([&](const PlainRow& row) {
    copy_bytea(observations, row.id);
    observations += '\t';
    copy_bytea(observations, row.school);
    observations += '\t';
    copy_bytea(observations, row.author);
    observations += '\t';
    copy_text(observations, row.focus);
    observations += '\t';
    copy_text(observations, row.notes);
    observations += fmt::format("\t{}\t{}\n", row.created_at, row.updated_at);
    for (const std::string& tag : row.tags) {
      copy_bytea(tags, row.id);
      tags += '\t';
      copy_text(tags, tag);
      tags += '\n';
    }
  });
  for (const auto& [table, data] :
       {std::pair{"observation", &observations}, {"observation_tag", &tags}}) {
    check(conn_, PQexec(conn_, fmt::format("COPY {} FROM STDIN", table).c_str()), "COPY");
    if (PQputCopyData(conn_, data->data(), static_cast<int>(data->size())) != 1 ||
        PQputCopyEnd(conn_, nullptr) != 1)
      throw std::runtime_error(std::string("plain PostgreSQL, COPY: ") + PQerrorMessage(conn_));
    check(conn_, PQgetResult(conn_), "COPY");
  }
  exec("ANALYZE");
}

size_t PlainPostgres::copy_into(PlainReplica& to, size_t batch) {
  const char* sql =
      "SELECT id, school, author, focus, notes, created_at, updated_at, "
      "(SELECT string_agg(tag, E'\\x1f' ORDER BY tag) FROM observation_tag t "
      "WHERE t.observation = o.id) FROM observation o WHERE id > $1 ORDER BY id LIMIT $2";
  std::string after;  // the last id of the page before ('' before the first)
  const std::string limit = std::to_string(batch);
  size_t copied = 0;
  for (;;) {
    const char* values[] = {after.data(), limit.c_str()};
    const int lengths[] = {static_cast<int>(after.size()), 0};
    const int formats[] = {1, 0};
    const Oid types[] = {17 /* bytea */, 20 /* bigint */};
    PGresult* r = PQexecParams(conn_, sql, 2, types, values, lengths, formats, /*binary=*/1);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) check(conn_, r, "reading a page");
    const int n = PQntuples(r);
    to.begin();
    PlainRow row;
    for (int i = 0; i < n; ++i) {
      const auto field = [&](int c) {
        return std::string(PQgetvalue(r, i, c), static_cast<size_t>(PQgetlength(r, i, c)));
      };
      row.id = field(0);
      row.school = field(1);
      row.author = field(2);
      row.focus = field(3);
      row.notes = field(4);
      row.created_at = big_endian_int64(PQgetvalue(r, i, 5));
      row.updated_at = big_endian_int64(PQgetvalue(r, i, 6));
      row.tags.clear();
      if (!PQgetisnull(r, i, 7)) {
        const std::string all = field(7);
        for (size_t from = 0, to_sep; from <= all.size(); from = to_sep + 1) {
          to_sep = std::min(all.find('\x1f', from), all.size());
          row.tags.push_back(all.substr(from, to_sep - from));
        }
      }
      to.insert_row(row);
    }
    to.commit();
    if (n > 0) after = std::string(PQgetvalue(r, n - 1, 0), PQgetlength(r, n - 1, 0));
    PQclear(r);
    copied += static_cast<size_t>(n);
    if (static_cast<size_t>(n) < batch) return copied;
  }
}

double PlainPostgres::insert_rate(const std::string& location, size_t pushes, size_t rows_each,
                                  size_t connections) {
  {
    PlainPostgres setup(location);  // (its observation tables are not used here)
    setup.exec(
        "CREATE TABLE coaching_session(id bytea PRIMARY KEY, school bytea NOT NULL, coach bytea "
        "NOT NULL, coachee bytea NOT NULL, focus text NOT NULL, date text NOT NULL)");
  }
  std::vector<pg_conn*> conns;
  for (size_t c = 0; c < connections; ++c) conns.push_back(connect(location));
  const char* sql = "INSERT INTO coaching_session VALUES($1, $2, $3, $4, $5, $6)";
  Stopwatch w;
  std::vector<std::thread> workers;
  std::vector<std::string> errors(connections);
  for (size_t c = 0; c < connections; ++c)
    workers.emplace_back([&, c] {
      pg_conn* conn = conns[c];
      try {
        for (size_t p = c; p < pushes; p += connections) {
          check(conn, PQexec(conn, "BEGIN"), "BEGIN");
          for (size_t i = 0; i < rows_each; ++i) {
            char id[16] = {'c'};
            const uint64_t n = p * rows_each + i;
            std::memcpy(id + 1, &n, sizeof n);
            const std::string school(16, 's'), coach(16, 'p'), coachee(16, 'q');
            const char* values[] = {
                id, school.data(), coach.data(), coachee.data(), "questioning", "2026-11-23"};
            const int lengths[] = {16, 16, 16, 16, 0, 0};
            const int formats[] = {1, 1, 1, 1, 0, 0};
            check(conn, PQexecParams(conn, sql, 6, nullptr, values, lengths, formats, 0), "INSERT");
          }
          check(conn, PQexec(conn, "COMMIT"), "COMMIT");
        }
      } catch (const std::exception& e) {
        errors[c] = e.what();
      }
    });
  for (std::thread& t : workers) t.join();
  const double seconds = w.ms() / 1000;
  for (pg_conn* conn : conns) PQfinish(conn);
  for (const std::string& e : errors)
    if (!e.empty()) throw std::runtime_error(e);
  return static_cast<double>(pushes * rows_each) / seconds;
}

}  // namespace triad::bench
