// The first-run dialog makes the store, and the hub settings it saves are the ones the `triad`
// CLI reads: one store file for both.
#include "first_run_dialog.h"

#include <sys/stat.h>

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "process.h"
#include "test_support.h"

namespace triad::desktop {

using triad::testing::run_process;
using triad::testing::TempDir;

namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef";

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("the first-run dialog creates the store and saves the hub settings the CLI reads",
          "[desktop]") {
  TempDir dir;
  const std::string db = dir.file("school/ana.db");
  FirstRunDialog dialog(QString::fromStdString(db));
  dialog.show();
  QTest::keyClicks(dialog.school(), "Fortismere");
  QTest::keyClicks(dialog.person(), "Ana Diaz");
  QTest::keyClicks(dialog.hub(), "127.0.0.1:7400");
  QTest::keyClicks(dialog.token(), QString::fromStdString("abcd1234." + kSecret));
  QTest::keyClicks(dialog.ca_file(), TRIAD_FIXTURES_DIR "/../fixtures/hub-cert.pem");
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.result() == QDialog::Accepted);
  auto store = dialog.take_store();
  REQUIRE(store != nullptr);
  CHECK(store->identity().person_name == "Ana Diaz");
  store.reset();

  auto config = run_process(TRIAD_CLI_PATH, {"--db", db, "config"}, {});
  REQUIRE(config.exit_code == 0);
  CHECK(config.out.find("hub = 127.0.0.1:7400") != std::string::npos);
  CHECK(config.out.find("token = abcd1234 (") != std::string::npos);
  CHECK(config.out.find("ca = " TRIAD_FIXTURES_DIR "/hub-cert.pem\n") !=
        std::string::npos);  // absolute, plain
  // The token is in the credentials file the CLI uses, never in the store (which a teacher copies).
  CHECK(triad::testing::read_file_bytes(db).find(kSecret) == std::string::npos);
  CHECK(triad::testing::read_file_bytes(std::string(std::getenv("XDG_CONFIG_HOME")) +
                                        "/triad/credentials")
            .find(kSecret) != std::string::npos);
  CHECK(mode_of(db) == 0600);
  CHECK(mode_of(dir.file("school")) == 0700);
}

TEST_CASE("the first-run dialog takes several hub addresses, as the CLI shows them", "[desktop]") {
  TempDir dir;
  const std::string db = dir.file("ana.db");
  FirstRunDialog dialog(QString::fromStdString(db));
  dialog.show();
  QTest::keyClicks(dialog.school(), "Fortismere");
  QTest::keyClicks(dialog.person(), "Ana Diaz");
  QTest::keyClicks(dialog.hub(), "hub-a.themead.org:7400,");
  QTest::keyClicks(dialog.token(), QString::fromStdString("abcd1234." + kSecret));
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.error()->text().contains("with none left empty"));
  CHECK_FALSE(std::filesystem::exists(db));
  dialog.hub()->setText("hub-a.themead.org:7400, hub-b.themead.org:7400");
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.result() == QDialog::Accepted);
  REQUIRE(dialog.take_store() != nullptr);
  auto config = run_process(TRIAD_CLI_PATH, {"--db", db, "config", "hub"}, {});
  CHECK(config.out == "hub = hub-a.themead.org:7400,hub-b.themead.org:7400\n");
}

TEST_CASE("the first-run dialog checks the hub's details before it makes the store", "[desktop]") {
  TempDir dir;
  const std::string db = dir.file("ana.db");
  FirstRunDialog dialog(QString::fromStdString(db));
  dialog.show();
  QTest::keyClicks(dialog.school(), "Fortismere");
  QTest::keyClicks(dialog.person(), "Ana Diaz");
  QTest::keyClicks(dialog.hub(), "hub.themead.org");
  QTest::keyClicks(dialog.token(), QString::fromStdString("abcd1234." + kSecret));
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.error()->text().contains("HOST:PORT"));
  dialog.hub()->setText("hub.themead.org:7400");
  dialog.token()->setText("abcd1234.secret");
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.error()->text().contains("ID.SECRET"));
  dialog.token()->setText(QString::fromStdString("abcd1234." + kSecret));
  dialog.ca_file()->setText(QString::fromStdString(dir.file("missing.pem")));
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.error()->text().contains("there is no CA file"));
  CHECK(dialog.isVisible());
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("the first-run dialog asks for a name, and for the hub's details or offline work",
          "[desktop]") {
  TempDir dir;
  const std::string db = dir.file("ana.db");
  FirstRunDialog dialog(QString::fromStdString(db));
  dialog.show();
  QTest::keyClicks(dialog.school(), "Fortismere");
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.error()->text().contains("your own"));
  QTest::keyClicks(dialog.person(), "Ana Diaz");
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.isVisible());
  CHECK(dialog.error()->text().contains("give its address and your device token"));
  CHECK_FALSE(std::filesystem::exists(db));

  dialog.offline_only()->setChecked(true);
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.result() == QDialog::Accepted);
  auto store = dialog.take_store();
  REQUIRE(store != nullptr);
  auto target = store->sync_target();
  REQUIRE(target.is_ok());
  CHECK(target->hubs.empty());
}

}  // namespace triad::desktop
