#include "app_ui.h"

#include <QQuickStyle>
#include <QQuickWindow>

namespace triad::desktop {

void use_app_style() { QQuickStyle::setStyle("Material"); }

QQuickWindow* load_app_window(QQmlApplicationEngine& engine, AppSession& session) {
  engine.setInitialProperties({{"session", QVariant::fromValue(&session)}});
  engine.load(QUrl("qrc:/triad/qml/Main.qml"));
  if (engine.rootObjects().isEmpty()) return nullptr;
  return qobject_cast<QQuickWindow*>(engine.rootObjects().first());
}

}  // namespace triad::desktop
