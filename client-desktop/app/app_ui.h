// The app's window (app/qml/Main.qml, compiled in as a resource) loaded over an AppSession, for
// triad-app's main and for the tests that drive it. UI thread only.
#pragma once

#include <QQmlApplicationEngine>
#include <memory>

#include "app_session.h"

class QQuickWindow;

namespace triad::desktop {

// Loads Main.qml in `engine` for `session` (the Material style is chosen before, once per
// process, by use_app_style); the window, or nullptr with the QML errors on stderr.
QQuickWindow* load_app_window(QQmlApplicationEngine& engine, AppSession& session);

// Chooses the app's look: Qt Quick Controls' Material style. Call before the first engine.
void use_app_style();

}  // namespace triad::desktop
