// The status bar against a real `triad-hub` on 127.0.0.1 over TLS: "Not synced yet" with the
// changes waiting, "Syncing…", then "Synced at HH:MM" after F5; and "Offline" when the hub cannot
// be reached, without the window freezing.
#include <QAction>
#include <QPushButton>
#include <QTest>
#include <QToolButton>
#include <catch2/catch.hpp>
#include <filesystem>

#include "attention_panel.h"
#include "desktop_fixture.h"
#include "free_port.h"
#include "hub_process.h"
#include "sync_controller.h"
#include "sync_settings.h"
#include "sync_status_bar.h"
#include "triad/core/exchange.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

const std::string kUnknownToken = "abcd1234.0123456789abcdef0123456789abcdef";  // of the right form

std::function<void(core::Store&)> enrolled_with(const client::SyncSettings& settings) {
  return [settings](core::Store& store) {
    REQUIRE(client::save_sync_settings(store, settings).is_ok());
    REQUIRE(store
                .create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                               {"focus", Op::kAssign, "Questioning"}})
                .is_ok());
  };
}

}  // namespace

TEST_CASE("a sync with a real hub updates the status bar", "[desktop]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  DesktopFixture app(enrolled_with({{hub.address()}, token, hub.cert(), false}));
  SyncStatusBar* status = app.window->sync_status();
  CHECK(status->sync_text().startsWith("Not synced yet"));
  CHECK(status->sync_text().contains("changes waiting to be sent"));

  app.press(QKeySequence(Qt::Key_F5));
  CHECK(wait_until([&] { return status->sync_text().startsWith("Synced at"); }, 20000));
  CHECK(status->sync_text().endsWith("nothing waiting to be sent"));
  CHECK(hub.record_count("observation") == 1);

  // Opened again later, the window shows when this laptop last synced with the hub.
  auto reopened = core::Store::open(app.db);
  REQUIRE(reopened.is_ok());
  MainWindow again(std::move(reopened).value(), QString::fromStdString(app.db));
  CHECK(again.sync_status()->sync_text().startsWith("Synced at"));
}

TEST_CASE("a hub address that does not answer is passed over, and the app says so",
          "[desktop][failover]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  const std::string down = triad::testing::address_nothing_listens_on();
  DesktopFixture app(enrolled_with({{down, hub.address()}, token, hub.cert(), false}));
  SyncStatusBar* status = app.window->sync_status();
  app.press(QKeySequence(Qt::Key_F5));
  CHECK(wait_until([&] { return status->sync_text().startsWith("Synced at"); }, 20000));
  CHECK(status->sync_text().contains("the hub at " + QString::fromStdString(down) +
                                     " did not answer (connection refused)"));
  CHECK(hub.record_count("observation") == 1);
}

TEST_CASE(
    "a store merged with a colleague's file but never synced with the hub is not called synced",
    "[desktop]") {
  triad::testing::TempDir other;
  DesktopFixture app([&](core::Store& ana) {
    REQUIRE(client::save_sync_settings(ana, {{"127.0.0.1:1"}, kUnknownToken, "", true}).is_ok());
    auto ben = core::Store::create(other.file("ben.db"), "Fortismere", "Ben Lee");
    REQUIRE(ben.is_ok());
    REQUIRE(core::merge_stores(ana, **ben).is_ok());
  });
  CHECK(app.window->sync_status()->sync_text().startsWith("Not synced yet"));
}

TEST_CASE("the app syncs by itself in the background, soon after opening and then periodically",
          "[desktop]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  DesktopFixture app(enrolled_with({{hub.address()}, token, hub.cert(), false}),
                     std::chrono::milliseconds(500));
  SyncStatusBar* status = app.window->sync_status();
  CHECK(wait_until([&] { return status->sync_text().startsWith("Synced at"); }, 20000));
  REQUIRE(app.store()
              .create_record("observation", {{"observed_teacher", Op::kAssign, "Cara Wu"},
                                             {"focus", Op::kAssign, "Phonics"}})
              .is_ok());
  CHECK(wait_until([&] { return hub.record_count("observation") == 2; }, 20000));
}

TEST_CASE("changes the hub refuses are shown in Needs attention, with its reason", "[desktop]") {
  integration::HubProcess hub;
  // The laptop's store records for Ana, but its token was enrolled for Ben: the hub refuses
  // records written in Ana's name.
  const std::string token = hub.enroll("Fortismere", "Ben Lee");
  hub.start();
  DesktopFixture app(enrolled_with({{hub.address()}, token, hub.cert(), false}));
  app.press(QKeySequence(Qt::Key_F5));
  SyncStatusBar* status = app.window->sync_status();
  REQUIRE(wait_until([&] { return status->sync_text().startsWith("Synced at"); }, 20000));
  CHECK(status->sync_text().contains("refused by the hub"));
  CHECK(app.window->attention()->count() >= 1);
  QWidget* refusal = app.window->attention()->findChild<QWidget*>("refusal");
  REQUIRE(refusal != nullptr);
  CHECK(status->attention_button()->isVisibleTo(app.window.get()));
  QTest::mouseClick(status->attention_button(), Qt::LeftButton);
  CHECK(app.window->attention()->isVisibleTo(app.window.get()));
  // "Discard my change": the next sync takes the hub's version back (here: none), and the
  // refusal, which was offered again at every sync, is gone.
  const int refused = app.window->attention()->count();
  for (int i = 0; i < refused; ++i) {
    auto* discard = app.window->attention()->findChild<QPushButton*>("discard");
    REQUIRE(discard != nullptr);
    QTest::mouseClick(discard, Qt::LeftButton);
    QCoreApplication::sendPostedEvents(nullptr,
                                       QEvent::DeferredDelete);  // the panel's old boxes go
  }
  CHECK(app.window->attention()->findChild<QPushButton*>("discard") == nullptr);
  app.press(QKeySequence(Qt::Key_F5));
  REQUIRE(wait_until([&] { return app.window->attention()->count() == 0; }, 20000));
  CHECK_FALSE(status->sync_text().contains("refused by the hub"));
}

TEST_CASE("an unreachable hub leaves the status bar saying offline, with the changes waiting",
          "[desktop]") {
  DesktopFixture app(enrolled_with({{"127.0.0.1:1"}, kUnknownToken, "", true}));
  SyncStatusBar* status = app.window->sync_status();
  REQUIRE(app.window->sync()->sync_now());
  CHECK(status->sync_text().startsWith("Syncing"));
  CHECK_FALSE(app.window->sync_action()->isEnabled());  // one sync at a time
  CHECK(wait_until([&] { return status->sync_text().startsWith("Offline"); }, 20000));
  CHECK(status->sync_text().contains("changes waiting to be sent (trying again in"));
  CHECK(app.window->sync_action()->isEnabled());
}

TEST_CASE("a store with no hub works offline only, until a hub is saved with triad config",
          "[desktop]") {
  DesktopFixture app;
  SyncStatusBar* status = app.window->sync_status();
  CHECK(status->sync_text().startsWith("Offline only"));
  CHECK_FALSE(app.window->sync()->sync_now());

  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  const std::string token_file = integration::write_token_file(app.dir.file("token.txt"), token);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"hub", hub.address()},
                                               {"ca", hub.cert()},
                                               {"token", "--token-file", token_file}}) {
    std::vector<std::string> full{"--db", app.db, "config"};
    full.insert(full.end(), args.begin(), args.end());
    auto config = triad::testing::run_process(TRIAD_CLI_PATH, full, {});
    INFO(config.err);
    REQUIRE(config.exit_code == 0);
  }
  app.press(QKeySequence(Qt::Key_F5));
  CHECK(wait_until([&] { return status->sync_text().startsWith("Synced at"); }, 20000));
}

TEST_CASE("a store restored from a backup says so in the status bar after its sync", "[desktop]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  DesktopFixture app(enrolled_with({{hub.address()}, token, hub.cert(), false}));
  SyncStatusBar* status = app.window->sync_status();
  app.press(QKeySequence(Qt::Key_F5));
  REQUIRE(wait_until([&] { return status->sync_text().startsWith("Synced at"); }, 20000));
  const std::string backup = app.dir.file("backup.db");
  REQUIRE(app.store().backup_to(backup).is_ok());
  REQUIRE(
      app.store().create_record("enquiry", {{"title", Op::kAssign, "After the backup"}}).is_ok());
  app.press(QKeySequence(Qt::Key_F5));
  REQUIRE(wait_until([&] { return status->sync_text().contains("nothing waiting"); }, 20000));
  // The laptop is reinstalled and last week's backup put back where the store was.
  app.window.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(app.db + suffix);
  std::filesystem::copy_file(backup, app.db);
  app.window = std::make_unique<MainWindow>(core::Store::open(app.db).value(),
                                            QString::fromStdString(app.db));
  app.window->show();
  status = app.window->sync_status();
  app.press(
      QKeySequence(Qt::Key_F5));  // the window already says when it last synced: wait for the note
  CHECK(wait_until(
      [&] { return status->sync_text().contains("This store is older than a copy of it"); },
      20000));
  CHECK(status->sync_text().startsWith("Synced at"));
  CHECK(app.store().resolve("enquiry", "After the backup").is_ok());  // its later change came back
}

}  // namespace triad::desktop::testing
