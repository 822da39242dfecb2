#include "text_size.h"

#include <QEvent>
#include <QGuiApplication>
#include <QScreen>
#include <algorithm>
#include <cmath>

namespace triad::desktop {

namespace {

constexpr double kStandardPixels = 10.0 * 96.0 / 72.0;  // a 10 pt system font at 96 dpi

}  // namespace

double TextSize::scale_of(const QFont& system_font) {
  double pixels = system_font.pixelSize();  // -1 when the size is given in points
  if (pixels <= 0) {
    const QScreen* screen = QGuiApplication::primaryScreen();
    const double dpi = screen ? screen->logicalDotsPerInchY() : 96.0;
    pixels = system_font.pointSizeF() * dpi / 72.0;
  }
  return std::clamp(pixels / kStandardPixels, 0.85, 3.0);
}

TextSize::TextSize(QObject* parent) : QObject(parent), scale_(scale_of(QGuiApplication::font())) {
  qGuiApp->installEventFilter(this);
}

bool TextSize::eventFilter(QObject* watched, QEvent* event) {
  // The application font set anew, or the platform's theme changed (its fonts read again): seen
  // here, as an application's event filter sees every object's events.
  const bool font_set = watched == qGuiApp && event->type() == QEvent::ApplicationFontChange;
  if (font_set || event->type() == QEvent::ThemeChange) {
    const double scale = scale_of(QGuiApplication::font());
    if (scale != scale_) {
      scale_ = scale;
      emit changed();
    }
  }
  return QObject::eventFilter(watched, event);
}

int TextSize::sized(int standard_px) const {
  return static_cast<int>(std::lround(standard_px * scale_));
}

}  // namespace triad::desktop
