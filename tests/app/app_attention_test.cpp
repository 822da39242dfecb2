// triad-app's Needs attention drawer: a text changed on two laptops at once, one of which still
// ran a Triad from before text merged, is shown with who wrote each version and on which device,
// and ends when the teacher keeps one; changes a real hub refused are listed with its reason and
// discarded, after which the next sync takes the hub's version back.
#include <QDir>
#include <QRegularExpression>
#include <QTest>
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "hub_process.h"
#include "older_triad.h"
#include "sync_settings.h"
#include "triad/core/exchange.h"

namespace triad::desktop::testing {

namespace {

using Op = core::FieldEdit::Op;

core::RecordId observation;

// Ana's observation, whose notes Ben's laptop overwrote as an older Triad would, merged back.
void a_text_conflict(core::Store& ana, const std::string& ben_path) {
  auto made = ana.create_record("observation", {{"observed_teacher", Op::kAssign, "Ben Lee"},
                                                {"notes", Op::kAssign, "Wait time was short."}});
  REQUIRE(made.is_ok());
  observation = *made;
  auto ben = core::Store::create(ben_path, "Fortismere", "Ben Lee");
  REQUIRE(ben.is_ok());
  REQUIRE(core::merge_stores(ana, **ben).is_ok());
  REQUIRE(ana.update_record(observation, {{"notes", Op::kAssign, "Wait time was three seconds."}})
              .is_ok());
  REQUIRE(triad::testing::write_as_older_triad(**ben, observation, "notes",
                                               "Pupils answered in single words.")
              .is_ok());
  REQUIRE(core::merge_stores(ana, **ben).is_ok());
}

}  // namespace

TEST_CASE("a conflict shows who wrote each version and on which device, and ends by keeping one",
          "[app]") {
  triad::testing::TempDir ben_dir;
  AppFixture app(kScreenSizes[2].size,
                 [&](core::Store& ana) { a_text_conflict(ana, ben_dir.file("ben.db")); });
  REQUIRE(app.store().conflicts()->size() == 1);
  app.open(observation);  // shown beside the notes, until it ends
  CHECK(app.find("conflict-notes") != nullptr);
  CHECK(app.text_of("openAttention") == "1 item needs attention");
  app.tap(app.item("openAttention"));
  REQUIRE(wait_until([&] { return app.find("conflict-0") != nullptr; }, 2000));
  app.settle(300);
  const QString first = app.text_of("writer-0-0"), second = app.text_of("writer-0-1");
  INFO(first.toStdString() << " / " << second.toStdString());
  const QString both = first + " " + second;
  CHECK(both.contains("You, on this device"));
  CHECK(both.contains(QRegularExpression("Ben Lee, on device [0-9a-f]{8}")));
  app.settle(800);  // the tap's ripple fades before the picture for docs/
  REQUIRE(app.window->grabWindow().save(QDir(TRIAD_SCREENSHOT_DIR).filePath("app-attention.png")));
  // Keep Ben's version.
  const int bens = first.startsWith("Ben Lee") ? 0 : 1;
  app.tap(app.item(QString("keep-0-%1").arg(bens)));
  CHECK(app.store().conflicts()->empty());
  CHECK(app.store().get(observation)->value().field("notes")->value() ==
        "Pupils answered in single words.");
  CHECK_FALSE(app.find("openAttention"));
  // The open record (behind the drawer) shows the version kept, without the conflict's note.
  CHECK_FALSE(app.find("conflict-notes"));
  CHECK(app.text_of("field-notes") == "Pupils answered in single words.");
}

TEST_CASE("a conflict also ends with a merged text written in the record's form", "[app]") {
  triad::testing::TempDir ben_dir;
  AppFixture app(kScreenSizes[0].size,
                 [&](core::Store& ana) { a_text_conflict(ana, ben_dir.file("ben.db")); });
  app.tap(app.item("openAttention"));
  REQUIRE(wait_until([&] { return app.find("merge-0") != nullptr; }, 2000));
  app.settle(300);
  app.tap(app.item("merge-0"));
  app.settle(300);  // the drawer closes
  CHECK(app.session->form()->property("recordId").toString() ==
        QString::fromStdString(observation.to_string()));
  CHECK(app.find("conflict-notes") != nullptr);  // said beside the field
  CHECK_FALSE(app.find("conflict-observed_teacher"));
  app.tap(app.item("field-notes"));
  app.press(QKeySequence::SelectAll);
  app.type("Wait time was three seconds; pupils answered in single words.");
  app.tap(app.item("save"));
  CHECK(app.store().get(observation)->value().field("notes")->value() ==
        "Wait time was three seconds; pupils answered in single words.");
  CHECK(app.store().conflicts()->empty());
  CHECK_FALSE(app.find("conflict-notes"));
  CHECK_FALSE(app.find("openAttention"));
}

TEST_CASE("changes the hub refuses are listed with its reason and discarded", "[app]") {
  integration::HubProcess hub;
  // The store records for Ana, but its token was enrolled for Ben: the hub refuses Ana's records.
  const std::string token = hub.enroll("Fortismere", "Ben Lee");
  hub.start();
  AppFixture app(kScreenSizes[0].size, [&](core::Store& store) {
    REQUIRE(client::save_sync_settings(store, {{hub.address()}, token, hub.cert(), false}).is_ok());
    REQUIRE(store
                .create_record("enquiry", {{"title", Op::kAssign, "Recorded under the wrong name"},
                                           {"scope", Op::kAssign, "alliance"}})
                .is_ok());
  });
  auto* status = qobject_cast<SyncStatus*>(app.session->sync_status());
  REQUIRE(wait_until([&] { return status->state() != "syncing"; }, 30000));
  REQUIRE(status->syncNow());
  REQUIRE(wait_until([&] { return status->state() == "synced"; }, 30000));
  REQUIRE(status->attention() >= 1);
  CHECK(status->advice().contains("refused by the hub"));
  app.tap(app.item("openAttention"));
  REQUIRE(wait_until([&] { return app.find("refusal-0") != nullptr; }, 2000));
  app.settle(300);
  const int refused = status->attention();
  for (int i = 0; i < refused; ++i) {
    INFO("refusal " << i);
    app.tap(app.item(QString("discard-%1").arg(i)));
  }
  CHECK(app.store().status()->refusals.size() == static_cast<size_t>(refused));  // until the sync
  REQUIRE(status->syncNow());
  REQUIRE(wait_until([&] { return status->state() == "synced"; }, 30000));
  CHECK(status->attention() == 0);
  CHECK(app.store().list("enquiry")->empty());  // the hub never had it: removed
  CHECK(hub.record_count("enquiry") == 0);
}

}  // namespace triad::desktop::testing
