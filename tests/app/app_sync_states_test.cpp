// triad-app's sync banner in the states a teacher meets besides a plain sync: a hub address that
// does not answer passed over for the next; a store merged with a colleague's file but never
// synced; the background sync soon after opening and then periodically; an unreachable hub, with
// one sync at a time; no hub until one is saved with `triad config`; and a store put back from a
// backup, which the sync repairs and says so.
#include <QTest>
#include <catch2/catch.hpp>
#include <filesystem>

#include "app_fixture.h"
#include "app_ui.h"
#include "free_port.h"
#include "hub_process.h"
#include "process.h"
#include "sync_settings.h"
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

SyncStatus& status_of(AppFixture& app) {
  return *qobject_cast<SyncStatus*>(app.session->sync_status());
}

// Waits for the sync the app starts by itself after opening, then syncs with F5.
void sync_with_f5(WindowDriver& app, SyncStatus& status) {
  REQUIRE(wait_until([&] { return status.state() != "syncing"; }, 30000));
  app.press(QKeySequence(Qt::Key_F5));
  REQUIRE(wait_until([&] { return status.state() != "syncing"; }, 30000));
}

}  // namespace

TEST_CASE("a hub address that does not answer is passed over, and the app says so",
          "[app][failover]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  const std::string down = triad::testing::address_nothing_listens_on();
  AppFixture app(kScreenSizes[0].size,
                 enrolled_with({{down, hub.address()}, token, hub.cert(), false}));
  sync_with_f5(app, status_of(app));
  CHECK(app.text_of("syncHeadline").startsWith("Synced at"));
  CHECK(app.text_of("syncDetail")
            .contains("the hub at " + QString::fromStdString(down) +
                      " did not answer (connection refused)"));
  CHECK(hub.record_count("observation") == 1);
}

TEST_CASE(
    "a store merged with a colleague's file but never synced with the hub is not called synced",
    "[app]") {
  triad::testing::TempDir other;
  AppFixture app(kScreenSizes[2].size, [&](core::Store& ana) {
    REQUIRE(client::save_sync_settings(ana, {{"127.0.0.1:1"}, kUnknownToken, "", true}).is_ok());
    auto ben = core::Store::create(other.file("ben.db"), "Fortismere", "Ben Lee");
    REQUIRE(ben.is_ok());
    REQUIRE(core::merge_stores(ana, **ben).is_ok());
  });
  CHECK(app.text_of("syncHeadline") == "Not synced yet");
}

TEST_CASE("the app syncs by itself in the background, soon after opening and then periodically",
          "[app]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  AppFixture app(kScreenSizes[0].size, enrolled_with({{hub.address()}, token, hub.cert(), false}),
                 std::chrono::milliseconds(500));
  CHECK(wait_until([&] { return app.text_of("syncHeadline").startsWith("Synced at"); }, 20000));
  REQUIRE(app.store()
              .create_record("observation", {{"observed_teacher", Op::kAssign, "Cara Wu"},
                                             {"focus", Op::kAssign, "Phonics"}})
              .is_ok());
  CHECK(wait_until([&] { return hub.record_count("observation") == 2; }, 20000));
}

TEST_CASE("an unreachable hub leaves the banner saying offline, with the changes kept", "[app]") {
  AppFixture app(kScreenSizes[3].size, enrolled_with({{"127.0.0.1:1"}, kUnknownToken, "", true}));
  SyncStatus& status = status_of(app);
  REQUIRE(wait_until([&] { return status.state() != "syncing"; }, 30000));
  REQUIRE(status.syncNow());  // checked at once: a refused connection fails within milliseconds
  CHECK(app.text_of("syncHeadline").startsWith("Syncing"));
  CHECK_FALSE(app.item("syncNow")->isEnabled());  // one sync at a time
  CHECK_FALSE(status.syncNow());
  REQUIRE(wait_until([&] { return status.state() == "offline"; }, 20000));
  CHECK(app.text_of("syncHeadline") == "Offline: the hub is not answering");
  CHECK(app.text_of("syncAdvice").toStdString().find("changes waiting to be sent.") !=
        std::string::npos);
  CHECK(app.item("syncNow")->isEnabled());
}

TEST_CASE("a store with no hub works offline only, until a hub is saved with triad config",
          "[app]") {
  AppFixture app(kScreenSizes[1].size);
  SyncStatus& status = status_of(app);
  CHECK(app.text_of("syncHeadline") == "Working offline only");
  CHECK_FALSE(app.find("syncNow"));  // nothing to sync with
  CHECK_FALSE(status.syncNow());

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
  CHECK(wait_until([&] { return app.text_of("syncHeadline").startsWith("Synced at"); }, 20000));
}

TEST_CASE("a store put back from a backup says so in the banner after its sync", "[app]") {
  integration::HubProcess hub;
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  AppFixture tablet(kScreenSizes[2].size,
                    enrolled_with({{hub.address()}, token, hub.cert(), false}));
  sync_with_f5(tablet, status_of(tablet));
  REQUIRE(status_of(tablet).state() == "synced");
  const std::string backup = tablet.dir.file("backup.db");
  REQUIRE(tablet.store().backup_to(backup).is_ok());
  REQUIRE(tablet.store()
              .create_record("enquiry", {{"title", Op::kAssign, "After the backup"}})
              .is_ok());
  sync_with_f5(tablet, status_of(tablet));
  REQUIRE(tablet.text_of("syncAdvice") == "Nothing waiting to be sent.");
  // The tablet is reinstalled and last week's backup put back where its store was.
  tablet.quit();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(tablet.db + suffix);
  std::filesystem::copy_file(backup, tablet.db);
  AppShell shell(QString::fromStdString(tablet.db));
  QString error;
  REQUIRE(shell.start(error));
  WindowDriver app{shell.window()};
  app.show(kScreenSizes[2].size);
  SyncStatus& status = *qobject_cast<SyncStatus*>(shell.session()->sync_status());
  sync_with_f5(app, status);
  INFO("banner: " << app.text_of("syncHeadline").toStdString() << " | "
                  << status.detail().toStdString());
  CHECK(wait_until(
      [&] { return status.detail().contains("This store is older than a copy of it"); }, 20000));
  CHECK(app.text_of("syncHeadline").startsWith("Synced at"));
  CHECK(shell.session()->store().resolve("enquiry", "After the backup").is_ok());  // came back
}

}  // namespace triad::desktop::testing
