#include "plain_sqlite.h"

#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>
#include <vector>

namespace triad::bench {

namespace {

// Plain 16-byte ids: what an application without a sync engine would store.
std::string plain_id(char kind, int school, uint32_t number) {
  std::string id(16, '\0');
  id[0] = kind;
  id[1] = static_cast<char>(school);
  std::memcpy(id.data() + 2, &number, sizeof number);
  return id;
}

std::string column_blob(sqlite3_stmt* st, int i) {
  return {static_cast<const char*>(sqlite3_column_blob(st, i)),
          static_cast<size_t>(sqlite3_column_bytes(st, i))};
}

std::string column_text(sqlite3_stmt* st, int i) {
  return {reinterpret_cast<const char*>(sqlite3_column_text(st, i)),
          static_cast<size_t>(sqlite3_column_bytes(st, i))};
}

void bind_blob(sqlite3_stmt* st, int i, const std::string& v) {
  sqlite3_bind_blob(st, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void bind_text(sqlite3_stmt* st, int i, const std::string& v) {
  sqlite3_bind_text(st, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

}  // namespace

PlainReplica::PlainReplica(const std::string& path) : path_(path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
    throw std::runtime_error("cannot open " + path);
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec(
      "CREATE TABLE IF NOT EXISTS observation(id BLOB PRIMARY KEY, school BLOB NOT NULL, author "
      "BLOB NOT NULL, "
      "focus TEXT NOT NULL, notes TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER "
      "NOT NULL) STRICT");
  exec(
      "CREATE TABLE IF NOT EXISTS observation_tag(observation BLOB NOT NULL, tag TEXT NOT NULL, "
      "PRIMARY KEY(observation, tag)) STRICT, WITHOUT ROWID");
  insert_ = prepare("INSERT INTO observation VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert_tag_ = prepare("INSERT INTO observation_tag VALUES(?1, ?2)");
  update_ = prepare("UPDATE observation SET notes = ?2, updated_at = ?3 WHERE id = ?1");
  delete_ = prepare("DELETE FROM observation WHERE id = ?1");
  delete_tags_ = prepare("DELETE FROM observation_tag WHERE observation = ?1");
  has_ = prepare("SELECT 1 FROM observation WHERE id = ?1");
}

PlainReplica::~PlainReplica() {
  for (sqlite3_stmt* st : {insert_, insert_tag_, update_, delete_, delete_tags_, has_})
    sqlite3_finalize(st);
  sqlite3_close(db_);
}

sqlite3_stmt* PlainReplica::prepare(const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("plain SQLite: ") + sqlite3_errmsg(db_));
  return st;
}

void PlainReplica::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("plain SQLite: ") + sqlite3_errmsg(db_));
}

void PlainReplica::step_done(sqlite3_stmt* st) {
  if (sqlite3_step(st) != SQLITE_DONE)
    throw std::runtime_error(std::string("plain SQLite: ") + sqlite3_errmsg(db_));
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
}

void PlainReplica::begin() { exec("BEGIN IMMEDIATE"); }
void PlainReplica::commit() { exec("COMMIT"); }

void PlainReplica::act(const SchoolWork& work, int school, const Action& a) {
  const std::string id = plain_id('o', school, a.number);
  switch (a.kind) {
    case Action::Kind::kCreate: {
      const Observation& o = work.created[a.number];
      bind_blob(insert_, 1, id);
      bind_blob(insert_, 2, plain_id('s', school, 0));
      bind_blob(insert_, 3, plain_id('p', school, static_cast<uint32_t>(o.author)));
      bind_text(insert_, 4, o.focus);
      bind_text(insert_, 5, o.notes);
      sqlite3_bind_int64(insert_, 6, static_cast<int64_t>(o.created_at));
      sqlite3_bind_int64(insert_, 7, static_cast<int64_t>(o.updated_at));
      step_done(insert_);
      for (const std::string& tag : o.tags) {
        bind_blob(insert_tag_, 1, id);
        bind_text(insert_tag_, 2, tag);
        step_done(insert_tag_);
      }
      break;
    }
    case Action::Kind::kUpdateNotes:
      bind_blob(update_, 1, id);
      bind_text(update_, 2, a.notes);
      sqlite3_bind_int64(update_, 3, static_cast<int64_t>(a.at));
      step_done(update_);
      break;
    case Action::Kind::kDelete:
      bind_blob(delete_tags_, 1, id);
      step_done(delete_tags_);
      bind_blob(delete_, 1, id);
      step_done(delete_);
      break;
  }
}

uint64_t PlainReplica::copy_missing_from(PlainReplica& from, size_t batch) {
  sqlite3_stmt* rows = from.prepare(
      "SELECT id, school, author, focus, notes, created_at, updated_at FROM observation");
  sqlite3_stmt* tags = from.prepare("SELECT tag FROM observation_tag WHERE observation = ?1");
  uint64_t bytes = 0;
  size_t in_txn = 0;
  begin();
  while (sqlite3_step(rows) == SQLITE_ROW) {
    const std::string id = column_blob(rows, 0);
    bind_blob(has_, 1, id);
    const bool present = sqlite3_step(has_) == SQLITE_ROW;
    sqlite3_reset(has_);
    if (present) continue;
    for (int c = 0; c < 7; ++c) {
      const int type = sqlite3_column_type(rows, c);
      if (type == SQLITE_INTEGER)
        sqlite3_bind_int64(insert_, c + 1, sqlite3_column_int64(rows, c)), bytes += 8;
      else if (type == SQLITE_BLOB)
        bind_blob(insert_, c + 1, column_blob(rows, c)), bytes += sqlite3_column_bytes(rows, c);
      else
        bind_text(insert_, c + 1, column_text(rows, c)), bytes += sqlite3_column_bytes(rows, c);
    }
    step_done(insert_);
    bind_blob(tags, 1, id);
    while (sqlite3_step(tags) == SQLITE_ROW) {
      bind_blob(insert_tag_, 1, id);
      bind_text(insert_tag_, 2, column_text(tags, 0));
      bytes += sqlite3_column_bytes(tags, 0);
      step_done(insert_tag_);
    }
    sqlite3_reset(tags);
    if (++in_txn == batch) commit(), begin(), in_txn = 0;
  }
  commit();
  sqlite3_finalize(rows);
  sqlite3_finalize(tags);
  return bytes;
}

void PlainReplica::for_each_row(const std::function<void(const PlainRow&)>& visit) {
  sqlite3_stmt* rows = prepare(
      "SELECT id, school, author, focus, notes, created_at, updated_at FROM observation ORDER BY "
      "id");
  sqlite3_stmt* tags = prepare("SELECT tag FROM observation_tag WHERE observation = ?1");
  PlainRow row;
  while (sqlite3_step(rows) == SQLITE_ROW) {
    row.id = column_blob(rows, 0);
    row.school = column_blob(rows, 1);
    row.author = column_blob(rows, 2);
    row.focus = column_text(rows, 3);
    row.notes = column_text(rows, 4);
    row.created_at = sqlite3_column_int64(rows, 5);
    row.updated_at = sqlite3_column_int64(rows, 6);
    row.tags.clear();
    bind_blob(tags, 1, row.id);
    while (sqlite3_step(tags) == SQLITE_ROW) row.tags.push_back(column_text(tags, 0));
    sqlite3_reset(tags);
    visit(row);
  }
  sqlite3_finalize(rows);
  sqlite3_finalize(tags);
}

void PlainReplica::insert_row(const PlainRow& row) {
  bind_blob(insert_, 1, row.id);
  bind_blob(insert_, 2, row.school);
  bind_blob(insert_, 3, row.author);
  bind_text(insert_, 4, row.focus);
  bind_text(insert_, 5, row.notes);
  sqlite3_bind_int64(insert_, 6, row.created_at);
  sqlite3_bind_int64(insert_, 7, row.updated_at);
  step_done(insert_);
  for (const std::string& tag : row.tags) {
    bind_blob(insert_tag_, 1, row.id);
    bind_text(insert_tag_, 2, tag);
    step_done(insert_tag_);
  }
}

std::string PlainReplica::state_hash() {
  std::map<std::string, std::string> names;  // plain ids of schools and authors -> names
  for (int s = 0; s < kSchools; ++s) {
    names[plain_id('s', s, 0)] = school_name(s);
    for (int a = 0; a < kAuthorsPerSchool; ++a)
      names[plain_id('p', s, static_cast<uint32_t>(a))] = author_name(s, a);
  }
  sqlite3_stmt* rows =
      prepare("SELECT id, school, author, focus, notes, created_at, updated_at FROM observation");
  sqlite3_stmt* tags = prepare("SELECT tag FROM observation_tag WHERE observation = ?1");
  std::vector<std::string> lines;
  while (sqlite3_step(rows) == SQLITE_ROW) {
    std::vector<std::string> tag_list;
    bind_blob(tags, 1, column_blob(rows, 0));
    while (sqlite3_step(tags) == SQLITE_ROW) tag_list.push_back(column_text(tags, 0));
    sqlite3_reset(tags);
    lines.push_back(canonical_line(names[column_blob(rows, 1)], names[column_blob(rows, 2)],
                                   column_text(rows, 3), column_text(rows, 4), std::move(tag_list),
                                   static_cast<uint64_t>(sqlite3_column_int64(rows, 5)),
                                   static_cast<uint64_t>(sqlite3_column_int64(rows, 6))));
  }
  sqlite3_finalize(rows);
  sqlite3_finalize(tags);
  return hash_lines(std::move(lines));
}

double plain_sqlite_insert_rate(const std::string& path, size_t pushes, size_t rows_each) {
  sqlite3* db = nullptr;
  const auto exec = [&](const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("plain SQLite: ") + sqlite3_errmsg(db));
  };
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec(
      "CREATE TABLE coaching_session(id BLOB PRIMARY KEY, school BLOB NOT NULL, coach BLOB NOT "
      "NULL, coachee BLOB NOT NULL, focus TEXT NOT NULL, date TEXT NOT NULL) STRICT");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO coaching_session VALUES(?1, ?2, ?3, ?4, ?5, ?6)", -1, &insert,
                     nullptr);
  const std::string school(16, 's'), coach(16, 'p'), coachee(16, 'q');
  const auto start = std::chrono::steady_clock::now();
  for (size_t p = 0; p < pushes; ++p) {
    exec("BEGIN IMMEDIATE");
    for (size_t i = 0; i < rows_each; ++i) {
      char id[16] = {'c'};
      const uint64_t n = p * rows_each + i;
      std::memcpy(id + 1, &n, sizeof n);
      sqlite3_bind_blob(insert, 1, id, 16, SQLITE_TRANSIENT);
      bind_blob(insert, 2, school);
      bind_blob(insert, 3, coach);
      bind_blob(insert, 4, coachee);
      bind_text(insert, 5, "questioning");
      bind_text(insert, 6, "2026-11-23");
      if (sqlite3_step(insert) != SQLITE_DONE)
        throw std::runtime_error(std::string("plain SQLite: ") + sqlite3_errmsg(db));
      sqlite3_reset(insert);
    }
    exec("COMMIT");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return static_cast<double>(pushes * rows_each) / seconds;
}

}  // namespace triad::bench
