// triad-app's first run, driven with taps and keys on a phone and a small laptop: it makes the
// store and saves the hub settings where the `triad` CLI reads them (the token in the credentials
// file, never in the store), checks the hub's details before it makes anything, asks for what is
// missing, and then shows the main window over the new store.
#include <sys/stat.h>

#include <QTest>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app_fixture.h"
#include "app_ui.h"
#include "join_file.h"
#include "process.h"

namespace triad::desktop::testing {

namespace {

using triad::testing::run_process;

const std::string kSecret = "0123456789abcdef0123456789abcdef";
const QString kToken = QString::fromStdString("abcd1234." + kSecret);

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// The app started on a path with no store: its first-run window.
struct FirstRun : WindowDriver {
  triad::testing::TempDir dir;
  std::string db;
  AppShell shell;

  // `typing`: the teacher chooses to type their details (else the join file, the first choice).
  explicit FirstRun(const std::string& file = "ana.db", QSize size = kScreenSizes[0].size,
                    bool typing = true)
      : db(dir.file(file)), shell(QString::fromStdString(db)) {
    QString error;
    REQUIRE(shell.start(error));
    REQUIRE(shell.first_run() != nullptr);
    window = shell.window();
    show(size);
    if (typing) tap(item("typeDetails"));
  }
  void fill(const QString& field, const QString& text) {
    tap(item(field));
    press(QKeySequence::SelectAll);
    type(text);
  }
  QString error() { return find("error") ? text_of("error") : QString(); }
  // Taps "Start using Triad"; true when the main window replaced the first run's.
  bool create() {
    tap(item("create"));
    if (!shell.session()) return false;
    window = shell.window();
    settle(100);
    return true;
  }
};

}  // namespace

TEST_CASE("the first run makes the store and saves the hub settings the CLI reads", "[app]") {
  for (const ScreenSize& screen : {kScreenSizes[0], kScreenSizes[3]}) {
    INFO("screen " << screen.name);
    FirstRun app("school/ana.db", screen.size);
    app.fill("school", "Fortismere");
    app.fill("person", "Ana Diaz");
    app.fill("hub", "127.0.0.1:7400");
    app.fill("token", kToken);
    app.fill("ca", TRIAD_FIXTURES_DIR "/../fixtures/hub-cert.pem");
    REQUIRE(app.create());
    CHECK(app.shell.session()->store().identity().person_name == "Ana Diaz");
    // The main window, over the new store: empty, saying what to do.
    CHECK(app.window->title().contains("Ana Diaz"));
    CHECK(app.find("emptyState") != nullptr);
    CHECK(app.find("syncBanner") != nullptr);

    auto config = run_process(TRIAD_CLI_PATH, {"--db", app.db, "config"}, {});
    REQUIRE(config.exit_code == 0);
    CHECK(config.out.find("hub = 127.0.0.1:7400") != std::string::npos);
    CHECK(config.out.find("token = abcd1234 (") != std::string::npos);
    CHECK(config.out.find("ca = " TRIAD_FIXTURES_DIR "/hub-cert.pem\n") !=
          std::string::npos);  // absolute, plain
    // The token is in the credentials file the CLI uses, never in the store (which is copied).
    CHECK(triad::testing::read_file_bytes(app.db).find(kSecret) == std::string::npos);
    CHECK(triad::testing::read_file_bytes(std::string(std::getenv("XDG_CONFIG_HOME")) +
                                          "/triad/credentials")
              .find(kSecret) != std::string::npos);
    CHECK(mode_of(app.db) == 0600);
    CHECK(mode_of(app.dir.file("school")) == 0700);
  }
}

TEST_CASE("the first run takes several hub addresses, as the CLI shows them", "[app]") {
  FirstRun app;
  app.fill("school", "Fortismere");
  app.fill("person", "Ana Diaz");
  app.fill("hub", "hub-a.themead.org:7400,");
  app.fill("token", kToken);
  CHECK_FALSE(app.create());
  CHECK(app.error().contains("with none left empty"));
  CHECK_FALSE(std::filesystem::exists(app.db));
  app.fill("hub", "hub-a.themead.org:7400, hub-b.themead.org:7400");
  REQUIRE(app.create());
  auto config = run_process(TRIAD_CLI_PATH, {"--db", app.db, "config", "hub"}, {});
  CHECK(config.out == "hub = hub-a.themead.org:7400,hub-b.themead.org:7400\n");
}

TEST_CASE("the first run checks the hub's details before it makes the store", "[app]") {
  FirstRun app;
  app.fill("school", "Fortismere");
  app.fill("person", "Ana Diaz");
  app.fill("hub", "hub.themead.org");
  app.fill("token", kToken);
  CHECK_FALSE(app.create());
  CHECK(app.error().contains("HOST:PORT"));
  app.fill("hub", "hub.themead.org:7400");
  app.fill("token", "abcd1234.secret");
  CHECK_FALSE(app.create());
  CHECK(app.error().contains("ID.SECRET"));
  app.fill("token", kToken);
  app.fill("ca", QString::fromStdString(app.dir.file("missing.pem")));
  CHECK_FALSE(app.create());
  CHECK(app.error().contains("there is no CA file"));
  CHECK(app.find("create") != nullptr);  // still the first run
  CHECK_FALSE(std::filesystem::exists(app.db));
}

TEST_CASE("the first run asks for a name, and for the hub's details or offline work", "[app]") {
  FirstRun app;
  app.fill("school", "Fortismere");
  CHECK_FALSE(app.create());
  CHECK(app.error().contains("your own"));
  app.fill("person", "Ana Diaz");
  CHECK_FALSE(app.create());
  CHECK(app.error().contains("give its address and your device token"));
  CHECK_FALSE(std::filesystem::exists(app.db));

  app.tap(app.item("offlineOnly"));
  REQUIRE(app.create());
  auto target = app.shell.session()->store().sync_target();
  REQUIRE(target.is_ok());
  CHECK(target->hubs.empty());
  CHECK(app.text_of("syncHeadline") == "Working offline only");
}

TEST_CASE("the first run takes a join file from the hub's administrator, with nothing typed",
          "[app]") {
  FirstRun app("tablet/ana.db", kScreenSizes[1].size, /*typing=*/false);
  CHECK_FALSE(app.find("school"));  // the join file is the first choice: no fields to type
  const std::string file = app.dir.file("ana.join");
  client::JoinFile join{"The Mead",
                        "Fortismere",
                        "Ana Diaz",
                        {"hub-a.themead.org:7400", "hub-b.themead.org:7400"},
                        triad::testing::read_file_bytes(TRIAD_FIXTURES_DIR "/hub-cert.pem"),
                        kToken.toStdString()};
  REQUIRE(client::write_join_file(file, join).is_ok());
  const std::string junk = app.dir.file("notes.txt");
  std::ofstream(junk) << "Lesson notes\n";

  app.fill("joinFile", QString::fromStdString(junk));
  CHECK_FALSE(app.create());
  CHECK(app.error().contains("is not a Triad join file"));
  CHECK_FALSE(std::filesystem::exists(app.db));

  app.fill("joinFile", QString::fromStdString(file));
  REQUIRE(app.create());
  CHECK(app.window->title().contains("Ana Diaz"));
  CHECK_FALSE(std::filesystem::exists(file));  // it held the token
  auto config = run_process(TRIAD_CLI_PATH, {"--db", app.db, "config"}, {});
  REQUIRE(config.exit_code == 0);
  CHECK(config.out.find("hub = hub-a.themead.org:7400,hub-b.themead.org:7400") !=
        std::string::npos);
  CHECK(config.out.find("ca = " + app.db + ".hub-ca.pem") != std::string::npos);
  CHECK(triad::testing::read_file_bytes(app.db).find(kSecret) == std::string::npos);
  CHECK(mode_of(app.db) == 0600);
}

TEST_CASE("the app opens an existing store without a first run, and says when it cannot", "[app]") {
  triad::testing::TempDir dir;
  const std::string db = dir.file("ana.db");
  make_teacher_store(db);
  {
    AppShell shell(QString::fromStdString(db));
    QString error;
    REQUIRE(shell.start(error));
    CHECK(shell.first_run() == nullptr);
    REQUIRE(shell.session() != nullptr);
    CHECK(shell.session()->person() == "Ana Diaz");
  }
  const std::string junk = dir.file("junk.db");
  std::ofstream(junk) << "not a store, but a teacher's shopping list";
  AppShell shell(QString::fromStdString(junk));
  QString error;
  CHECK_FALSE(shell.start(error));
  CHECK_FALSE(error.isEmpty());
}

}  // namespace triad::desktop::testing
