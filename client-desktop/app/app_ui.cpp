#include "app_ui.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QtQml>

#include "credentials.h"
#include "qt_text.h"
#include "text_size.h"

namespace triad::desktop {

void use_app_style() {
  QQuickStyle::setStyle("Material");
  // One TextSize per engine, owned by it.
  qmlRegisterSingletonType<TextSize>("Triad", 1, 0, "TextSize",
                                     [](QQmlEngine*, QJSEngine*) { return new TextSize; });
}

namespace {

QQuickWindow* load(QQmlApplicationEngine& engine, const char* url, const char* name,
                   QObject* model) {
  const int before = static_cast<int>(engine.rootObjects().size());
  engine.setInitialProperties({{name, QVariant::fromValue(model)}});
  engine.load(QUrl(url));
  if (engine.rootObjects().size() <= before) return nullptr;
  return qobject_cast<QQuickWindow*>(engine.rootObjects().last());
}

}  // namespace

QQuickWindow* load_app_window(QQmlApplicationEngine& engine, AppSession& session) {
  return load(engine, "qrc:/triad/qml/Main.qml", "session", &session);
}

AppShell::AppShell(QString db_path, std::chrono::milliseconds sync_period, QObject* parent)
    : QObject(parent), db_path_(std::move(db_path)), sync_period_(sync_period) {}

AppShell::~AppShell() = default;

bool AppShell::start(QString& error) {
  if (QFileInfo::exists(db_path_)) {
    auto store = core::Store::open(db_path_.toStdString());
    if (!store) return error = to_qt(store.status().message()), false;
    return open_main(std::move(store).value(), error);
  }
  first_run_ = std::make_unique<FirstRunModel>(db_path_);
  connect(first_run_.get(), &FirstRunModel::created, this, [this] {
    QString why;
    QQuickWindow* first = window_;
    if (!open_main(first_run_->take_store(), why)) return;
    first->close();
    first->deleteLater();
    emit windowChanged();
  });
  window_ = load(engine_, "qrc:/triad/qml/FirstRun.qml", "setup", first_run_.get());
  if (!window_) return error = tr("the first-run window could not be loaded"), false;
  return true;
}

bool AppShell::open_main(std::unique_ptr<core::Store> store, QString& error) {
  // A store from before the credentials file kept its token inside: moved out at open.
  if (auto moved = client::move_token_out_of_store(*store); !moved)
    qWarning("the store still holds its device token: %s", moved.status().message().c_str());
  session_ = std::make_unique<AppSession>(std::move(store), db_path_, sync_period_);
  QQuickWindow* main = load_app_window(engine_, *session_);
  if (!main) return error = tr("the app's window could not be loaded"), false;
  window_ = main;
  return true;
}

}  // namespace triad::desktop
