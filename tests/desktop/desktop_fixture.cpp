#include "desktop_fixture.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>
#include <catch2/catch.hpp>

#include "field_editor.h"
#include "older_triad.h"
#include "triad/core/exchange.h"

namespace triad::desktop::testing {

std::unique_ptr<core::Store> make_teacher_store(const std::string& path) {
  auto store = core::Store::create(path, "Fortismere", "Ana Diaz");
  REQUIRE(store.is_ok());
  REQUIRE((*store)
              ->create_record("person", {{"name", core::FieldEdit::Op::kAssign, "Ben Lee"},
                                         {"school", core::FieldEdit::Op::kAssign, "Fortismere"},
                                         {"roles", core::FieldEdit::Op::kAdd, "teacher"}})
              .is_ok());
  // Another school's teacher comes from that school's own store, as the hub's roster would bring
  // her: a device adds people of its own school only.
  auto thornden = core::Store::create(":memory:", "Thornden", "Cara Wu");
  REQUIRE(thornden.is_ok());
  REQUIRE((*thornden)
              ->update_record((*thornden)->identity().person,
                              {{"roles", core::FieldEdit::Op::kAdd, "teacher"}})
              .is_ok());
  REQUIRE(core::replicate(**thornden, **store).is_ok());
  return std::move(store).value();
}

void make_text_conflict(core::Store& ana, const core::RecordId& record, const std::string& field,
                        const std::string& ana_text, const std::string& ben_text,
                        const std::string& ben_path) {
  auto ben = core::Store::create(ben_path, "Fortismere", "Ben Lee");
  REQUIRE(ben.is_ok());
  REQUIRE(core::merge_stores(ana, **ben).is_ok());
  REQUIRE(ana.update_record(record, {{field, core::FieldEdit::Op::kAssign, ana_text}}).is_ok());
  // Ben's laptop still runs a Triad from before text merged: its write overwrites the text.
  REQUIRE(triad::testing::write_as_older_triad(**ben, record, field, ben_text).is_ok());
  REQUIRE(core::merge_stores(ana, **ben).is_ok());
}

DesktopFixture::DesktopFixture(const std::function<void(core::Store&)>& prepare,
                               std::chrono::milliseconds sync_period) {
  auto store = make_teacher_store(db);
  if (prepare) prepare(*store);
  window = std::make_unique<MainWindow>(std::move(store), QString::fromStdString(db), sync_period);
  window->show();
  window->activateWindow();
  REQUIRE(QTest::qWaitForWindowExposed(window.get()));
}

DesktopFixture::~DesktopFixture() { window.reset(); }

void DesktopFixture::press(const QKeySequence& keys) {
  QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : window.get();
  QTest::keySequence(target, keys);
}

void type_into(FieldEditor* field, const QString& text) {
  REQUIRE(field != nullptr);
  if (ChipEditor* chips = field->chips()) {
    for (const QString& element : text.split(',')) {
      QTest::keyClicks(chips->entry(), element.trimmed());
      QTest::keyClick(chips->entry(), Qt::Key_Return);
    }
    return;
  }
  if (auto* combo = qobject_cast<QComboBox*>(field->input()); combo && !combo->isEditable()) {
    const int index = combo->findText(text);
    REQUIRE(index >= 0);
    combo->setCurrentIndex(index);
    return;
  }
  QWidget* input = field->input();
  if (auto* combo = qobject_cast<QComboBox*>(input)) input = combo->lineEdit();
  input->setFocus();
  QTest::keyClicks(input, text);
}

void clear_field(FieldEditor* field) {
  QWidget* input = field->input();
  if (auto* combo = qobject_cast<QComboBox*>(input); combo && combo->isEditable())
    input = combo->lineEdit();
  input->setFocus();
  QTest::keyClick(input, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClick(input, Qt::Key_Delete);
}

bool wait_until(const std::function<bool()>& done, int ms) { return QTest::qWaitFor(done, ms); }

}  // namespace triad::desktop::testing
