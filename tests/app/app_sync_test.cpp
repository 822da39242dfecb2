// triad-app's sync banner against a real `triad-hub` on 127.0.0.1 over TLS: a sync of 1,200
// observations shows its percentage climbing, then the time; and when it cannot sync, it says
// why in words, with what to do: a stopped hub, a revoked token, an unreadable certificate file.
#include <QTest>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "app_fixture.h"
#include "hub_process.h"
#include "sync_settings.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

std::function<void(core::Store&)> enrolled(const client::SyncSettings& settings, int observations) {
  return [settings, observations](core::Store& store) {
    const core::Status saved = client::save_sync_settings(store, settings);
    INFO(saved.message());
    REQUIRE(saved.is_ok());
    REQUIRE(store.in_one_transaction([&] {
      for (int i = 0; i < observations; ++i)
        TRIAD_RETURN_IF_ERROR(
            store
                .create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                               {"focus", Op::kAssign, "Focus " + std::to_string(i)},
                                               {"date", Op::kAssign, "2026-11-30"}})
                .status());
      return core::Status::ok();
    }));
  };
}

// Ana's store enrolled at `hub`, which it starts (its address is known once it listens).
client::SyncSettings enrol_and_start(integration::HubProcess& hub) {
  const std::string token = hub.enroll("Fortismere", "Ana Diaz");
  hub.start();
  return {{hub.address()}, token, hub.cert(), false};
}

}  // namespace

TEST_CASE("a sync with a real hub shows its percentage climbing, then the time", "[app]") {
  integration::HubProcess hub;
  const client::SyncSettings settings = enrol_and_start(hub);
  AppFixture app(kScreenSizes[2].size, enrolled(settings, 1200));
  auto* status = qobject_cast<SyncStatus*>(app.session->sync_status());
  REQUIRE(status);
  std::vector<int> percents;
  QObject::connect(status, &SyncStatus::changed, [&] {
    if (status->state() == "syncing") percents.push_back(status->percent());
  });
  CHECK(app.text_of("syncHeadline") == "Not synced yet");
  CHECK(app.text_of("syncAdvice") == "1203 changes waiting to be sent.");
  app.tap(app.item("syncNow"));
  REQUIRE(wait_until([&] { return status->state() == "synced"; }, 30000));
  INFO("percentages: " << Catch::Detail::stringify(percents));
  CHECK(std::is_sorted(percents.begin(), percents.end()));
  CHECK(std::count_if(percents.begin(), percents.end(), [](int p) { return p > 0 && p < 100; }) >=
        2);
  CHECK(app.text_of("syncHeadline").startsWith("Synced at"));
  CHECK(app.text_of("syncAdvice") == "Nothing waiting to be sent.");
  CHECK(hub.record_count("observation") == 1200);
}

TEST_CASE("offline says why, and what to do: a stopped hub, a revoked token, an unreadable CA",
          "[app]") {
  integration::HubProcess hub;
  const client::SyncSettings settings = enrol_and_start(hub);
  AppFixture app(kScreenSizes[0].size, enrolled(settings, 1));
  auto* status = qobject_cast<SyncStatus*>(app.session->sync_status());
  auto sync_once = [&] {
    REQUIRE(wait_until([&] { return status->state() != "syncing"; }, 30000));
    REQUIRE(status->syncNow());
    REQUIRE(wait_until([&] { return status->state() != "syncing"; }, 30000));
  };
  sync_once();
  REQUIRE(status->state() == "synced");

  SECTION("the hub is stopped") {
    hub.stop();
    sync_once();
    CHECK(status->problem() == "hub-unreachable");
    CHECK(app.text_of("syncHeadline") == "Offline: the hub is not answering");
    CHECK(app.text_of("syncAdvice").contains("your changes are kept here"));
    CHECK(app.text_of("syncDetail").contains(QString::fromStdString(hub.address())));
    CHECK(app.find("syncRetry"));
  }
  SECTION("the device's token is revoked") {
    REQUIRE(hub.admin({"revoke", settings.token.substr(0, settings.token.find('.'))}).exit_code ==
            0);
    sync_once();
    CHECK(status->problem() == "token-refused");
    CHECK(app.text_of("syncHeadline") == "Offline: the hub no longer accepts this device");
    CHECK(app.text_of("syncAdvice").contains("enrol this device again"));
  }
  SECTION("the certificate file cannot be read") {
    std::ofstream(settings.ca, std::ios::trunc) << "not a certificate\n";
    sync_once();
    CHECK(status->problem() == "certificate");
    CHECK(app.text_of("syncHeadline") == "Offline: the hub's certificate cannot be checked");
    CHECK(app.text_of("syncAdvice").contains("Ask your hub's administrator"));
  }
}

}  // namespace triad::desktop::testing
