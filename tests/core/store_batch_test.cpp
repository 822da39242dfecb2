// Store::in_one_transaction: several local edits committed together, or not at all; an edit that
// fails inside leaves nothing behind while the others stand.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace triad::core;
using namespace triad::testing;

namespace {

FieldEdits enquiry(const std::string& title) {
  return {{"title", FieldEdit::Op::kAssign, title}, {"phase", FieldEdit::Op::kAssign, "baseline"}};
}

size_t live(Store& store, const char* type) { return store.list(type).value().size(); }

}  // namespace

TEST_CASE("edits in one transaction are all committed together, with one seq each",
          "[core][store][batch]") {
  TempDir dir;
  auto store = Store::create(dir.file("a.db"), "Fortismere", "Ana Diaz").value();
  const uint64_t seq_before = store->status()->last_seq;
  RecordId first;
  REQUIRE(store
              ->in_one_transaction([&]() -> Status {
                auto a = store->create_record("enquiry", enquiry("Wait time"));
                if (!a) return a.status();
                first = *a;
                TRIAD_RETURN_IF_ERROR(store->create_record("enquiry", enquiry("Trios")).status());
                return store->update_record(first, {{"phase", FieldEdit::Op::kAssign, "impact"}});
              })
              .is_ok());
  CHECK(live(*store, "enquiry") == 2);
  CHECK(store->get(first)->value().field("phase")->value() == "impact");
  CHECK(store->status()->last_seq == seq_before + 3);  // each edit gives its row the next seq
  // The commit is durable: a second connection sees it.
  auto again = Store::open(dir.file("a.db")).value();
  CHECK(live(*again, "enquiry") == 2);
}

TEST_CASE("a batch that returns an error leaves the store as it was", "[core][store][batch]") {
  TempDir dir;
  auto store = Store::create(dir.file("a.db"), "Fortismere", "Ana Diaz").value();
  const Status s = store->in_one_transaction([&]() -> Status {
    TRIAD_RETURN_IF_ERROR(store->create_record("enquiry", enquiry("Wait time")).status());
    return invalid_argument("the import file ends early");
  });
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(live(*store, "enquiry") == 0);
  // The store is usable afterwards, with its own transactions again.
  REQUIRE(store->create_record("enquiry", enquiry("Trios")).is_ok());
  CHECK(live(*store, "enquiry") == 1);
}

TEST_CASE("an edit refused inside a batch is undone alone, the others commit",
          "[core][store][batch]") {
  TempDir dir;
  auto store = Store::create(dir.file("a.db"), "Fortismere", "Ana Diaz").value();
  Status refused;
  REQUIRE(store
              ->in_one_transaction([&]() -> Status {
                TRIAD_RETURN_IF_ERROR(
                    store->create_record("enquiry", enquiry("Wait time")).status());
                // Missing its required title: refused by validation, skipped by this importer.
                refused =
                    store->create_record("enquiry", {{"phase", FieldEdit::Op::kAssign, "baseline"}})
                        .status();
                return Status::ok();
              })
              .is_ok());
  CHECK(refused.code() == StatusCode::kInvalidArgument);
  CHECK(live(*store, "enquiry") == 1);
  CHECK(store->check_integrity().is_ok());
}

TEST_CASE("in_one_transaction cannot be nested", "[core][store][batch]") {
  TempDir dir;
  auto store = Store::create(dir.file("a.db"), "Fortismere", "Ana Diaz").value();
  Status inner;
  REQUIRE(store
              ->in_one_transaction([&]() -> Status {
                inner = store->in_one_transaction([] { return Status::ok(); });
                return Status::ok();
              })
              .is_ok());
  CHECK(inner.code() == StatusCode::kFailedPrecondition);
}
