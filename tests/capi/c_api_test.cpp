// The C API's contract (sync/capi/include/triad.h), called as a native app calls it: records made,
// read, edited and deleted through JSON; every failure a code with a message the caller owns, and
// out-parameters untouched; NULLs and bad JSON refused, never a crash; settings checked when set;
// a sync with nowhere to go or no token says why. The sync with a real hub is in
// tests/integration/c_api_hub_test.cpp.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "free_port.h"
#include "triad.h"

namespace {

// A folder of its own, removed with what is in it. (tests/support/test_support.h has one, but
// brings core's headers: this test sees only triad.h, as an app would.)
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("triad-capi-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A string the API returned, freed when it goes.
struct Owned {
  char* text = nullptr;
  ~Owned() { triad_free(text); }
  std::string str() const { return text ? text : ""; }
};

// A store made in a temporary folder, closed when it goes.
struct OpenStore {
  TempDir dir;
  triad_store* store = nullptr;
  OpenStore() {
    Owned error;
    REQUIRE(triad_store_create(dir.file("ana.db").c_str(), "Fortismere", "Ana Diaz", &store,
                               &error.text) == TRIAD_OK);
    REQUIRE(error.text == nullptr);
  }
  ~OpenStore() { triad_store_close(store); }
};

const char* kObservation =
    R"({"type":"observation","scope":"school","fields":{"observed_teacher":"Ana Diaz",
        "date":"2026-11-30","focus":"Questioning","notes":"Wait time after questions.",
        "tags":["wait-time","questioning"]}})";

std::string create(triad_store* store, const char* json) {
  Owned id, error;
  const triad_code code = triad_record_create(store, json, &id.text, &error.text);
  INFO(error.str());
  REQUIRE(code == TRIAD_OK);
  return id.str();
}

nlohmann::json get(triad_store* store, const std::string& id) {
  Owned json, error;
  const triad_code code = triad_record_get(store, id.c_str(), &json.text, &error.text);
  INFO(error.str());
  REQUIRE(code == TRIAD_OK);
  return nlohmann::json::parse(json.str());
}

}  // namespace

TEST_CASE("the C API names its version and its codes", "[capi]") {
  CHECK(triad_api_version() == TRIAD_API_VERSION);
  CHECK(std::string(triad_version()).rfind("triad ", 0) == 0);
  CHECK(std::string(triad_code_name(TRIAD_NOT_FOUND)) == "not found");
  CHECK(std::string(triad_code_name(static_cast<triad_code>(99))) == "unknown code");
  triad_free(nullptr);  // ignored
  triad_store_close(nullptr);
}

TEST_CASE("records are created, read, listed, edited and deleted through JSON", "[capi]") {
  OpenStore s;
  const std::string id = create(s.store, kObservation);
  nlohmann::json record = get(s.store, id);
  CHECK(record["type"] == "observation");
  CHECK(record["scope"] == "school");
  CHECK(record["fields"]["focus"] == "Questioning");
  CHECK(record["fields"]["notes"] == "Wait time after questions.");
  CHECK(record["fields"]["tags"] == nlohmann::json::array({"questioning", "wait-time"}));

  Owned error;
  REQUIRE(triad_record_update(s.store, id.c_str(),
                              R"({"notes":"Wait time after questions: five seconds.",
                                  "tags":["wait-time"],"focus":null,"scope":"alliance"})",
                              &error.text) == TRIAD_OK);
  record = get(s.store, id);
  CHECK(record["fields"]["notes"] == "Wait time after questions: five seconds.");
  CHECK(record["fields"]["tags"] == nlohmann::json::array({"wait-time"}));
  CHECK(record["fields"].value("focus", "") == "");
  CHECK(record["scope"] == "alliance");

  Owned list;
  REQUIRE(triad_records_list(s.store, "observation", &list.text, &error.text) == TRIAD_OK);
  CHECK(nlohmann::json::parse(list.str()).size() == 1);
  Owned all;
  REQUIRE(triad_records_list(s.store, nullptr, &all.text, &error.text) == TRIAD_OK);
  CHECK(nlohmann::json::parse(all.str()).size() == 3);  // with the school and the person

  REQUIRE(triad_record_delete(s.store, id.c_str(), &error.text) == TRIAD_OK);
  Owned gone;
  CHECK(triad_record_get(s.store, id.c_str(), &gone.text, &error.text) == TRIAD_NOT_FOUND);
  CHECK(gone.text == nullptr);
  CHECK(error.str() == "no record " + id + " in this store");
  CHECK(triad_record_delete(s.store, id.c_str(), nullptr) == TRIAD_OK);  // already gone: no-op
  CHECK(triad_record_delete(s.store, "00000000-0000-0000-0000-000000000001", nullptr) ==
        TRIAD_NOT_FOUND);
}

TEST_CASE("bad input is refused with a message and touches no out-parameter", "[capi]") {
  OpenStore s;
  struct Case {
    const char* json;
    triad_code code;
    const char* says;
  };
  const Case cases[] = {
      {"{not json", TRIAD_INVALID_ARGUMENT, "not valid JSON"},
      {"[1,2]", TRIAD_INVALID_ARGUMENT, "must be a JSON object"},
      {R"({"fields":{}})", TRIAD_INVALID_ARGUMENT, "no \"type\""},
      {R"({"type":"lesson_plan"})", TRIAD_INVALID_ARGUMENT, "lesson_plan"},
      {R"({"type":"observation","fields":{"focus":"Questioning"}})", TRIAD_INVALID_ARGUMENT,
       "observed_teacher"},
      {R"({"type":"observation","fields":{"observed_teacher":"Ana Diaz","date":7}})",
       TRIAD_INVALID_ARGUMENT, "the field 'date' must be given as a string"},
      {R"({"type":"observation","scope":"everyone","fields":{"observed_teacher":"Ana Diaz"}})",
       TRIAD_INVALID_ARGUMENT, "everyone"},
      {R"({"type":"observation","fields":{"observed_teacher":"Ana Diaz","date":"30/11/26"}})",
       TRIAD_INVALID_ARGUMENT, "date"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    char* id = reinterpret_cast<char*>(0x1);  // must stay as it was
    Owned error;
    CHECK(triad_record_create(s.store, c.json, &id, &error.text) == c.code);
    CHECK(id == reinterpret_cast<char*>(0x1));
    CHECK_THAT(error.str(), Catch::Contains(c.says));
  }
  // The same with the message ignored: the code alone.
  CHECK(triad_record_create(s.store, "{", nullptr, nullptr) == TRIAD_INVALID_ARGUMENT);
}

TEST_CASE("NULL handles and arguments are refused, never dereferenced", "[capi]") {
  OpenStore s;
  Owned error, out;
  CHECK(triad_record_create(nullptr, kObservation, &out.text, &error.text) ==
        TRIAD_INVALID_ARGUMENT);
  CHECK_THAT(error.str(), Catch::Contains("store handle is NULL"));
  CHECK(triad_record_create(s.store, nullptr, &out.text, nullptr) == TRIAD_INVALID_ARGUMENT);
  CHECK(triad_record_get(s.store, nullptr, &out.text, nullptr) == TRIAD_INVALID_ARGUMENT);
  CHECK(triad_record_update(s.store, "not-an-id", "{}", nullptr) == TRIAD_INVALID_ARGUMENT);
  CHECK(triad_conflict_resolve(s.store, nullptr, "notes", nullptr, nullptr) ==
        TRIAD_INVALID_ARGUMENT);
  CHECK(triad_status(nullptr, &out.text, nullptr) == TRIAD_INVALID_ARGUMENT);
  CHECK(triad_sync(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr) == TRIAD_INVALID_ARGUMENT);
  CHECK(triad_store_open(nullptr, nullptr, nullptr) == TRIAD_INVALID_ARGUMENT);
  CHECK(out.text == nullptr);
}

TEST_CASE("stores open again, and what is not a store says so", "[capi]") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  triad_store* store = nullptr;
  Owned error;
  CHECK(triad_store_open(path.c_str(), &store, &error.text) == TRIAD_NOT_FOUND);
  CHECK(store == nullptr);
  REQUIRE(triad_store_create(path.c_str(), "Fortismere", "Ana Diaz", &store, nullptr) == TRIAD_OK);
  const std::string id = create(store, kObservation);
  triad_store_close(store);
  Owned exists;
  CHECK(triad_store_create(path.c_str(), "Fortismere", "Ana Diaz", &store, &exists.text) ==
        TRIAD_FAILED_PRECONDITION);

  // Two handles on one file, as two threads of an app would hold them.
  triad_store* first = nullptr;
  triad_store* second = nullptr;
  REQUIRE(triad_store_open(path.c_str(), &first, nullptr) == TRIAD_OK);
  REQUIRE(triad_store_open(path.c_str(), &second, nullptr) == TRIAD_OK);
  REQUIRE(triad_record_update(first, id.c_str(), R"({"focus":"Wait time"})", nullptr) == TRIAD_OK);
  CHECK(get(second, id)["fields"]["focus"] == "Wait time");
  triad_store_close(first);
  triad_store_close(second);

  const std::string text_file = dir.file("notes.txt");
  std::ofstream(text_file) << "not a database, only some notes typed by a teacher\n";
  Owned corrupt;
  CHECK(triad_store_open(text_file.c_str(), &store, &corrupt.text) == TRIAD_CORRUPT);
  CHECK_FALSE(corrupt.str().empty());
}

TEST_CASE("status, conflicts and refusals come as JSON", "[capi]") {
  OpenStore s;
  create(s.store, kObservation);
  Owned status, conflicts, refusals, error;
  REQUIRE(triad_status(s.store, &status.text, &error.text) == TRIAD_OK);
  const nlohmann::json st = nlohmann::json::parse(status.str());
  CHECK(st["school"] == "Fortismere");
  CHECK(st["person"] == "Ana Diaz");
  CHECK(st["records"]["observation"] == 1);
  CHECK(st["unsent_changes"] == 3);  // the observation, the school and the person
  CHECK(st["conflicts"] == 0);
  CHECK(st["last_sync_ms"] == 0);
  CHECK(st["device"].get<std::string>().size() == 16);
  REQUIRE(triad_conflicts(s.store, &conflicts.text, &error.text) == TRIAD_OK);
  CHECK(conflicts.str() == "[]");
  REQUIRE(triad_refusals(s.store, &refusals.text, &error.text) == TRIAD_OK);
  CHECK(refusals.str() == "[]");
  CHECK(triad_refusal_discard(s.store, "00000000-0000-0000-0000-000000000001", &error.text) ==
        TRIAD_NOT_FOUND);
}

TEST_CASE("sync settings are checked when set, and a sync says what is missing", "[capi]") {
  OpenStore s;
  Owned error;
  CHECK(triad_settings_set(s.store, "colour", "blue", &error.text) == TRIAD_INVALID_ARGUMENT);
  CHECK_THAT(error.str(), Catch::Contains("unknown setting 'colour'"));
  Owned token;
  CHECK(triad_settings_set(s.store, "token", "abc.def", &token.text) == TRIAD_INVALID_ARGUMENT);
  CHECK_THAT(token.str(), Catch::Contains("not a setting"));
  Owned hub;
  CHECK(triad_settings_set(s.store, "hub", "no port here", &hub.text) == TRIAD_INVALID_ARGUMENT);
  Owned ca;
  CHECK(triad_settings_set(s.store, "ca", s.dir.file("missing.pem").c_str(), &ca.text) ==
        TRIAD_INVALID_ARGUMENT);

  Owned no_token;
  CHECK(triad_sync(s.store, nullptr, nullptr, nullptr, nullptr, &no_token.text) ==
        TRIAD_INVALID_ARGUMENT);
  CHECK_THAT(no_token.str(), Catch::Contains("no device token"));

  // A hub that is not there: nothing listens on the port.
  const std::string address = triad::testing::address_nothing_listens_on();
  REQUIRE(triad_settings_set(s.store, "hub", address.c_str(), nullptr) == TRIAD_OK);
  REQUIRE(triad_settings_set(s.store, "insecure-plaintext", "yes", nullptr) == TRIAD_OK);
  triad_sync_options options{};
  options.token = "01234567.0123456789abcdef0123456789abcdef";
  options.timeout_ms = 2000;
  Owned report, offline;
  CHECK(triad_sync(s.store, &options, nullptr, nullptr, &report.text, &offline.text) ==
        TRIAD_UNAVAILABLE);
  CHECK(report.text == nullptr);
  CHECK_THAT(offline.str(), Catch::Contains(address));
  Owned bad_token;
  options.token = "typed wrong";
  CHECK(triad_sync(s.store, &options, nullptr, nullptr, nullptr, &bad_token.text) ==
        TRIAD_INVALID_ARGUMENT);
}
