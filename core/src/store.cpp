// Store: opening, creating, identity, the write transaction, status and integrity.
#include "triad/core/store.h"

#include <filesystem>
#include <random>

#include "database.h"
#include "store_rows.h"

namespace triad::core {

using detail::Database;

namespace {

SiteId random_site_id() {
  std::random_device device;
  SiteId site = 0;
  while (site == 0) site = (uint64_t{device()} << 32) ^ device();
  return site;
}

Status put_meta(Database& db, const char* key, std::string_view text) {
  auto st = db.prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
  if (!st) return st.status();
  st->bind_text(1, key).bind_text(2, text);
  return st->run();
}

Status put_meta(Database& db, const char* key, uint64_t value) {
  auto st = db.prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
  if (!st) return st.status();
  st->bind_text(1, key).bind(2, value);
  return st->run();
}

Status check_name(std::string_view what, std::string_view name) {
  if (name.find_first_of("\r\n") != std::string_view::npos)
    return invalid_argument(std::string(what) + " must be one line");
  if (name.size() > 200)
    return invalid_argument(std::string(what) + " is longer than 200 characters");
  return Status::ok();
}

// Removes a store file that a failed create() left behind, with its WAL and shared memory.
void remove_store_files(const std::string& path) {
  if (path == ":memory:") return;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(path + suffix, ec);
}

}  // namespace

Store::Store(std::string path, std::unique_ptr<Database> db, StoreOptions options)
    : path_(std::move(path)), db_(std::move(db)), options_(std::move(options)) {
  db_->set_fault_injector(options_.inject_fault);
  // The text sequence site of this open (merging_text.h, typing_site_of): seeded in a simulation.
  std::random_device system;
  typing_session_ = options_.random ? options_.random() : (uint64_t{system()} << 32) | system();
}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::create(const std::string& path, std::string_view school,
                                             std::string_view person, StoreOptions options) {
  if (school.empty()) return invalid_argument("a store needs the name of its school (--school)");
  TRIAD_RETURN_IF_ERROR(check_name("the school's name", school));
  TRIAD_RETURN_IF_ERROR(check_name("the person's name", person));
  auto db = Database::open(path, Database::Mode::kCreateNew, options.busy_timeout_ms);
  if (!db) return db.status();
  auto store = create_new(path, std::move(db.value()), school, person, std::move(options));
  if (!store && store.status().code() != StatusCode::kFailedPrecondition) remove_store_files(path);
  return store;
}

Result<std::unique_ptr<Store>> Store::create_on(std::unique_ptr<SqlEngine> engine,
                                                std::string_view school, std::string_view person,
                                                StoreOptions options) {
  if (school.empty()) return invalid_argument("a store needs the name of its school (--school)");
  TRIAD_RETURN_IF_ERROR(check_name("the school's name", school));
  TRIAD_RETURN_IF_ERROR(check_name("the person's name", person));
  std::string name = engine->describe();
  return create_new(std::move(name), std::make_unique<Database>(std::move(engine)), school, person,
                    std::move(options));
}

Result<std::unique_ptr<Store>> Store::create_new(std::string path, std::unique_ptr<Database> db,
                                                 std::string_view school, std::string_view person,
                                                 StoreOptions options) {
  TRIAD_RETURN_IF_ERROR(db->engine().migrate(true));
  TRIAD_RETURN_IF_ERROR(db->engine().set_durable_commits(options.synchronous_full));

  const SiteId site = options.site_id  ? options.site_id
                      : options.random ? options.random() | 1
                                       : random_site_id();
  const RecordId school_id = options.enrolled_school.is_nil() ? RecordId::derive("school", school)
                                                              : options.enrolled_school;
  const std::string person_name =
      person.empty() ? std::string(school) + " device" : std::string(person);
  const RecordId person_id =
      options.enrolled_person.is_nil()
          ? RecordId::derive("person", school_id.to_string() + ":" + person_name)
          : options.enrolled_person;
  {
    auto txn = detail::Transaction::begin(*db);
    if (!txn) return txn.status();
    TRIAD_RETURN_IF_ERROR(put_meta(*db, "site_id", site));
    TRIAD_RETURN_IF_ERROR(put_meta(*db, "school_id", school_id.to_string()));
    TRIAD_RETURN_IF_ERROR(put_meta(*db, "person_id", person_id.to_string()));
    TRIAD_RETURN_IF_ERROR(put_meta(*db, "school_name", school));
    TRIAD_RETURN_IF_ERROR(put_meta(*db, "person_name", person_name));
    TRIAD_RETURN_IF_ERROR((*txn)->commit());
  }
  std::unique_ptr<Store> store(new Store(std::move(path), std::move(db), std::move(options)));
  TRIAD_RETURN_IF_ERROR(store->load_identity());
  if (!store->options_.enrol_identity) return store;
  // The replica's own school and person are records like any other, shared with the alliance.
  // Under the roster's ids when enrolled with them; the names are then the roster's current ones,
  // so these writes (newer than the hub's) leave them as they are.
  auto school_record = store->create_record_at(
      "school", {{"name", FieldEdit::Op::kAssign, std::string(school)}}, std::nullopt, school_id);
  if (!school_record) return school_record.status();
  auto person_record =
      store->create_record_at("person",
                              {{"name", FieldEdit::Op::kAssign, person_name},
                               {"school", FieldEdit::Op::kAssign, school_id.to_string()},
                               {"devices", FieldEdit::Op::kAdd, site_text(site)}},
                              std::nullopt, person_id);
  if (!person_record) return person_record.status();
  return store;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, StoreOptions options) {
  auto db = Database::open(path, Database::Mode::kOpenExisting, options.busy_timeout_ms);
  if (!db) return db.status();
  return open_existing(path, std::move(db.value()), std::move(options));
}

Result<std::unique_ptr<Store>> Store::open_on(std::unique_ptr<SqlEngine> engine,
                                              StoreOptions options) {
  std::string name = engine->describe();
  return open_existing(std::move(name), std::make_unique<Database>(std::move(engine)),
                       std::move(options));
}

Result<std::unique_ptr<Store>> Store::open_existing(std::string path, std::unique_ptr<Database> db,
                                                    StoreOptions options) {
  TRIAD_RETURN_IF_ERROR(db->engine().migrate(false));  // checks the format before changing anything
  TRIAD_RETURN_IF_ERROR(db->engine().set_durable_commits(options.synchronous_full));
  std::unique_ptr<Store> store(new Store(std::move(path), std::move(db), std::move(options)));
  TRIAD_RETURN_IF_ERROR(store->load_identity());
  return store;
}

Status Store::load_identity() {
  auto st = db_->prepare("SELECT key, value FROM meta");
  if (!st) return st.status();
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    const std::string key = st->text(0);
    if (key == "site_id")
      identity_.site = st->uint64(1);
    else if (key == "school_id")
      identity_.school = RecordId::parse(st->text(1)).value_or(RecordId());
    else if (key == "person_id")
      identity_.person = RecordId::parse(st->text(1)).value_or(RecordId());
    else if (key == "school_name")
      identity_.school_name = st->text(1);
    else if (key == "person_name")
      identity_.person_name = st->text(1);
  }
  if (identity_.site == 0 || identity_.school.is_nil())
    return corrupt("the store at " + path_ +
                   " has no identity (site id, school); it may be damaged");
  auto last = detail::load_clock(*db_);
  if (!last) return last.status();
  clock_ = std::make_unique<HybridClock>(identity_.site, *last, options_.wall,
                                         options_.max_clock_ahead_ms);
  return Status::ok();
}

Status Store::write(const std::function<Status(detail::WriteContext&)>& body) {
  std::unique_ptr<detail::Transaction> txn;
  if (in_batch_) {
    // SQLite may have rolled the whole batch back by itself after an I/O error: then nothing
    // more may be written in it (a SAVEPOINT now would start a transaction of its own).
    if (batch_broken_ || db_->autocommit()) {
      batch_broken_ = true;
      return store_error(
          "the batch's transaction was rolled back by an earlier error; nothing in it was stored");
    }
    if (Status begun = db_->exec("SAVEPOINT edit"); !begun.is_ok()) {
      batch_broken_ = true;  // the batch's transaction failed (PostgreSQL refuses all after it)
      return begun;
    }
  } else {
    auto begun = detail::Transaction::begin(*db_);
    if (!begun) return begun.status();
    txn = std::move(begun.value());
  }
  bool purged = false;
  Status s = [&]() -> Status {
    TRIAD_RETURN_IF_ERROR(db_->engine().lock_for_edit());
    // A batch reads the stored clock once: it holds the write lock to its end, so what it read is
    // still the stored clock, or less than the clock here after its own edits.
    uint64_t stored_clock = batch_stored_clock_.value_or(0);
    if (!in_batch_ || !batch_stored_clock_ || batch_reread_) {
      auto stored = detail::load_clock_state(*db_);
      if (!stored) return stored.status();
      if (stored->site != 0 &&
          stored->site != clock_->site()) {  // another connection took a new site id
        identity_.site = stored->site;
        clock_ = std::make_unique<HybridClock>(stored->site, clock_->last(), options_.wall,
                                               options_.max_clock_ahead_ms);
      }
      clock_->observe(stored->clock);
      stored_clock = stored->clock;
      if (in_batch_) batch_stored_clock_ = stored_clock, batch_reread_ = false;
    }
    detail::WriteContext ctx(*db_, *clock_);
    if (in_batch_) ctx.seq = batch_seq_;  // else read when first needed
    TRIAD_RETURN_IF_ERROR(body(ctx));
    TRIAD_RETURN_IF_ERROR(db_->engine().finish_statements());
    if (in_batch_) batch_seq_ = ctx.seq;
    purged = ctx.purged;
    if (!in_batch_ && clock_->last() != stored_clock)  // a batch saves it once, at its end
      TRIAD_RETURN_IF_ERROR(detail::save_clock(*db_, clock_->last()));
    return Status::ok();
  }();
  if (in_batch_) {
    // Undo this edit alone; if that cannot be done, or the transaction is gone, the whole batch
    // must not commit (it would keep half an edit, or commit what follows on its own).
    if (!s.is_ok() && (!db_->exec("ROLLBACK TO edit").is_ok() || db_->autocommit()))
      batch_broken_ = true;
    if (!s.is_ok()) batch_reread_ = true, batch_seq_.reset();
    if (!batch_broken_ && !db_->exec("RELEASE edit").is_ok()) batch_broken_ = true;
    if (batch_broken_ && s.is_ok())
      s = store_error("the batch's transaction could not keep this edit apart");
    batch_purged_ = batch_purged_ || (s.is_ok() && purged);
    return s;
  }
  TRIAD_RETURN_IF_ERROR(s);
  TRIAD_RETURN_IF_ERROR(txn->commit());
  if (purged) scrub_wal();
  return Status::ok();
}

Status Store::write_without_fsync(const std::function<Status(detail::WriteContext&)>& body) {
  if (in_batch_ || !options_.synchronous_full) return write(body);
  TRIAD_RETURN_IF_ERROR(db_->engine().set_durable_commits(false));
  struct Restore {  // back to durable commits on every path, exceptions included
    detail::Database& db;
    ~Restore() { (void)db.engine().set_durable_commits(true); }
  } restore{*db_};
  return write(body);
}

Status Store::in_one_transaction(const std::function<Status()>& edits) {
  if (in_batch_) return failed_precondition("in_one_transaction() cannot be nested");
  auto txn = detail::Transaction::begin(*db_);
  if (!txn) return txn.status();
  struct EndBatch {  // the store leaves batch mode on every path, exceptions included
    Store& store;
    ~EndBatch() { store.in_batch_ = false; }
  } end{*this};
  in_batch_ = true;
  batch_purged_ = false;
  batch_broken_ = false;
  batch_stored_clock_.reset();
  batch_reread_ = false;
  batch_seq_.reset();
  Status s = edits();
  TRIAD_RETURN_IF_ERROR(s);
  if (batch_broken_)
    return store_error(
        "the batch's transaction was rolled back by an error; nothing in it was stored");
  if (batch_stored_clock_ && clock_->last() != *batch_stored_clock_) {
    // The last edit may have failed and given the lock back: the clock is saved under it.
    TRIAD_RETURN_IF_ERROR(db_->engine().lock_for_edit());
    TRIAD_RETURN_IF_ERROR(detail::save_clock(*db_, clock_->last()));
  }
  TRIAD_RETURN_IF_ERROR((*txn)->commit());
  if (batch_purged_) scrub_wal();
  return Status::ok();
}

void Store::scrub_wal() {
  // Not finished (another connection was reading): noted, so the next session or merge tries
  // again, rather than leaving purged bytes in the WAL until an unrelated purge.
  if (!db_->engine().scrub_after_purge()) (void)detail::note_erased_text(*db_);
}

Status Store::check_integrity() { return db_->engine().check_integrity(); }

}  // namespace triad::core
