#include "app_fixture.h"

#include <QElapsedTimer>
#include <QTest>
#include <catch2/catch.hpp>

#include "app_ui.h"
#include "triad/core/exchange.h"

namespace triad::desktop::testing {

namespace {

QPointingDevice* touch_screen() {
  static QPointingDevice* device = QTest::createTouchDevice();
  return device;
}

QQuickItem* find_in(QQuickItem* root, const QString& name) {
  if (!root || !root->isVisible()) return nullptr;
  if (root->objectName() == name) return root;
  for (QQuickItem* child : root->childItems())
    if (QQuickItem* found = find_in(child, name)) return found;
  return nullptr;
}

}  // namespace

std::unique_ptr<core::Store> make_teacher_store(const std::string& path) {
  using Op = core::FieldEdit::Op;
  auto store = core::Store::create(path, "Fortismere", "Ana Diaz");
  REQUIRE(store.is_ok());
  REQUIRE((*store)
              ->create_record("person", {{"name", Op::kAssign, "Ben Lee"},
                                         {"school", Op::kAssign, "Fortismere"},
                                         {"roles", Op::kAdd, "teacher"}})
              .is_ok());
  auto thornden = core::Store::create(":memory:", "Thornden", "Cara Wu");  // the hub's roster
  REQUIRE(thornden.is_ok());
  REQUIRE(core::replicate(**thornden, **store).is_ok());
  return std::move(store).value();
}

AppFixture::AppFixture(QSize size, const std::function<void(core::Store&)>& prepare,
                       std::chrono::milliseconds sync_period) {
  auto store = make_teacher_store(db);
  if (prepare) prepare(*store);
  session = std::make_unique<AppSession>(std::move(store), QString::fromStdString(db), sync_period);
  window = load_app_window(engine, *session);
  REQUIRE(window);
  show(size);
}

void AppFixture::open(const core::RecordId& id) {
  REQUIRE(session->openRecord(QString::fromStdString(id.to_string())));
  settle();
}

void AppFixture::quit() {
  for (QObject* root : engine.rootObjects()) delete root;
  window = nullptr;
  session.reset();
}

void WindowDriver::show(QSize size) {
  REQUIRE(window);
  window->resize(size);
  window->show();
  REQUIRE(QTest::qWaitForWindowExposed(window));
  settle();
}

QQuickItem* WindowDriver::find(const QString& name) const {
  // Popups and dialogs are in the window's overlay, which is under the content item too.
  return find_in(window->contentItem(), name);
}

QQuickItem* WindowDriver::item(const QString& name) const {
  QQuickItem* found = find(name);
  INFO("no visible item named " << name.toStdString());
  REQUIRE(found);
  return found;
}

void WindowDriver::reveal(QQuickItem* target) {
  for (QQuickItem* up = target->parentItem(); up; up = up->parentItem()) {
    if (!up->inherits("QQuickFlickable")) continue;
    const double top =
        target->mapToItem(up->property("contentItem").value<QQuickItem*>(), QPointF(0, 0)).y();
    const double bottom = top + std::min(target->height(), up->height());
    const double y = up->property("contentY").toDouble();
    if (top < y)
      up->setProperty("contentY", top);
    else if (bottom > y + up->height())
      up->setProperty("contentY", bottom - up->height());
    settle();
    return;
  }
}

void WindowDriver::tap(QQuickItem* target) {
  REQUIRE(target);
  reveal(target);
  const QPoint at =
      target->mapToScene(QPointF(target->width() / 2, target->height() / 2)).toPoint();
  QTest::touchEvent(window, touch_screen()).press(0, at, window);
  QTest::touchEvent(window, touch_screen()).release(0, at, window);
  settle();
}

void WindowDriver::choose(const QString& name, const QString& text) {
  QQuickItem* box = item(name);
  tap(box);
  settle(300);  // the popup's opening transition
  std::function<QQuickItem*(QQuickItem*)> entry = [&](QQuickItem* under) -> QQuickItem* {
    if (!under || !under->isVisible()) return nullptr;
    if (under != box && under->inherits("QQuickAbstractButton") &&
        under->property("text").toString() == text)
      return under;
    for (QQuickItem* child : under->childItems())
      if (QQuickItem* found = entry(child)) return found;
    return nullptr;
  };
  QQuickItem* found = entry(window->contentItem());  // the popup is in the overlay, under it
  INFO("no entry " << text.toStdString() << " in " << name.toStdString());
  REQUIRE(found);
  tap(found);
  settle(300);
}

void WindowDriver::type(const QString& text) {
  for (const QChar c : text) {
    if (c == '\n')
      QTest::keyClick(window, Qt::Key_Return);
    else
      QTest::keyClick(window, c.toLatin1());
  }
  settle();
}

void WindowDriver::press(const QKeySequence& keys) {
  QTest::keySequence(window, keys);
  settle();
}

QString WindowDriver::text_of(const QString& name) const {
  return item(name)->property("text").toString();
}

void WindowDriver::settle(int ms) { QTest::qWait(ms); }

bool wait_until(const std::function<bool()>& done, int ms) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < ms) QTest::qWait(20);
  return done();
}

}  // namespace triad::desktop::testing
