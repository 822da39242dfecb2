// The app's windows, compiled in as resources (app/qml), for triad-app's main and for the tests
// that drive them: the first run when there is no store yet (FirstRun.qml), then the main window
// (Main.qml) over an AppSession. UI thread only.
#pragma once

#include <QQmlApplicationEngine>
#include <chrono>
#include <memory>

#include "app_session.h"
#include "first_run_model.h"

class QQuickWindow;

namespace triad::desktop {

// Chooses the app's look, Qt Quick Controls' Material style, and gives the QML its text sizes
// (`import Triad`: TextSize, text_size.h). Call once, after the QGuiApplication, before the first
// engine.
void use_app_style();

// Loads Main.qml in `engine` for `session`; the window, or nullptr with the QML errors on stderr.
QQuickWindow* load_app_window(QQmlApplicationEngine& engine, AppSession& session);

// One run of the app on the store at `db_path`: its first run when there is no store there, then
// its main window. Owns the engine, the store and the session.
class AppShell : public QObject {
  Q_OBJECT
 public:
  explicit AppShell(QString db_path,
                    std::chrono::milliseconds sync_period = AppSession::kDefaultSyncPeriod,
                    QObject* parent = nullptr);
  ~AppShell() override;

  // Shows the first run (no store at the path) or opens the store and shows the main window;
  // false with the reason in `error` when the store cannot be opened or the QML not loaded.
  bool start(QString& error);

  QQuickWindow* window() const { return window_; }
  AppSession* session() const { return session_.get(); }
  FirstRunModel* first_run() const { return first_run_.get(); }

 signals:
  // The first run made the store: its window is gone and the main window shown.
  void windowChanged();

 private:
  bool open_main(std::unique_ptr<core::Store> store, QString& error);

  QString db_path_;
  std::chrono::milliseconds sync_period_;
  std::unique_ptr<FirstRunModel> first_run_;
  std::unique_ptr<AppSession> session_;
  QQmlApplicationEngine engine_;  // destroyed first: its windows use the models above
  QQuickWindow* window_ = nullptr;
};

}  // namespace triad::desktop
