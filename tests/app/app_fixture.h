// What the app tests share: triad-app's window (app/qml/Main.qml) over a teacher's store in a temp
// folder, at a given size, and input as a person gives it: taps on a touch screen, clicks, keys.
// Items are found by their objectName. UI thread only.
#pragma once

#include <QPointingDevice>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSize>
#include <functional>
#include <memory>
#include <string>

#include "app_session.h"
#include "test_support.h"

namespace triad::desktop::testing {

// The four sizes the app is laid out for: a phone, a tablet in portrait and in landscape, a small
// laptop.
struct ScreenSize {
  const char* name;
  QSize size;
};
inline constexpr ScreenSize kScreenSizes[] = {{"phone", {390, 844}},
                                              {"tablet-portrait", {800, 1280}},
                                              {"tablet-landscape", {1280, 800}},
                                              {"laptop", {1024, 600}}};

// A store for Ana Diaz at Fortismere, with Ben Lee (Fortismere) and Cara Wu (Thornden).
std::unique_ptr<core::Store> make_teacher_store(const std::string& path);

// Input to one of the app's windows, as a person gives it.
struct WindowDriver {
  QQuickWindow* window = nullptr;

  // Shows the window at `size` and waits until it is drawn.
  void show(QSize size);
  // The visible item named `name` (the first in the window's tree), or nullptr.
  QQuickItem* find(const QString& name) const;
  // The same, REQUIREd to be there and visible.
  QQuickItem* item(const QString& name) const;
  // Scrolls the item into view, as a finger would, when it is inside a scrolling view.
  void reveal(QQuickItem* item);
  // A finger's tap on the item's centre, scrolled into view first (touch press and release).
  void tap(QQuickItem* item);
  // Picks `text` from the drop-down list `name`, as a finger does: opens it, taps the entry.
  void choose(const QString& name, const QString& text);
  // Types text as keys into whatever has focus ("\n" is Return).
  void type(const QString& text);
  void press(const QKeySequence& keys);
  // What the item says (its "text" property).
  QString text_of(const QString& name) const;
  // Lets the scene settle (bindings, layout, a frame).
  void settle(int ms = 50);
};

// triad-app's main window over Ana's store (made by make_teacher_store, then `prepare`d).
struct AppFixture : WindowDriver {
  triad::testing::TempDir dir;
  std::string db = dir.file("ana.db");
  std::unique_ptr<AppSession> session;
  QQmlApplicationEngine engine;

  explicit AppFixture(QSize size, const std::function<void(core::Store&)>& prepare = nullptr,
                      std::chrono::milliseconds sync_period = AppSession::kDefaultSyncPeriod);
  core::Store& store() { return session->store(); }
  // Opens the record in the form, as a tap on it in the list does.
  void open(const core::RecordId& id);
  // Quits the app (its window, session and store), keeping the folder and its files.
  void quit();
};

// Waits (processing events) until `done` holds or `ms` pass; returns `done()`.
bool wait_until(const std::function<bool()>& done, int ms = 10000);

}  // namespace triad::desktop::testing
