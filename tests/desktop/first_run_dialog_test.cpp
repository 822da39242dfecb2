// The first-run dialog makes the store, and the hub settings it saves are the ones the `triad`
// CLI reads: one store file for both.
#include "first_run_dialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>
#include <catch2/catch.hpp>
#include <filesystem>

#include "process.h"
#include "test_support.h"

namespace triad::desktop {

using triad::testing::run_process;
using triad::testing::TempDir;

TEST_CASE("the first-run dialog creates the store and saves the hub settings the CLI reads",
          "[desktop]") {
  TempDir dir;
  const std::string db = dir.file("school/ana.db");
  FirstRunDialog dialog(QString::fromStdString(db));
  dialog.show();
  QTest::keyClicks(dialog.school(), "Fortismere");
  QTest::keyClicks(dialog.person(), "Ana Diaz");
  QTest::keyClicks(dialog.hub(), "127.0.0.1:7400");
  QTest::keyClicks(dialog.token(), "abcd1234.secret");
  QTest::mouseClick(dialog.findChild<QPushButton*>("create"), Qt::LeftButton);
  CHECK(dialog.result() == QDialog::Accepted);
  auto store = dialog.take_store();
  REQUIRE(store != nullptr);
  CHECK(store->identity().person_name == "Ana Diaz");
  store.reset();

  auto config = run_process(TRIAD_CLI_PATH, {"--db", db, "config"}, {});
  REQUIRE(config.exit_code == 0);
  CHECK(config.out.find("hub = 127.0.0.1:7400") != std::string::npos);
  CHECK(config.out.find("token = abcd1234.******") != std::string::npos);
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
  auto hub = store->setting("sync.hub");
  REQUIRE(hub.is_ok());
  CHECK_FALSE(hub->has_value());
}

}  // namespace triad::desktop
