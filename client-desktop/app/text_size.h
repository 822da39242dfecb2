// The app's text sizes, which follow the system's text-size setting: each is the app's size at a
// standard system font (10 pt at 96 dpi, 13.3 px) times the system font's size over that. The
// system font is the platform's default (QGuiApplication::font(): the desktop's font and
// text-scaling setting, Android's or iOS's text size through Qt's platform theme), and a change
// to it while the app runs resizes the text at once. The QML sees it as the singleton
// `TextSize` of `import Triad`. UI thread only.
#pragma once

#include <QFont>
#include <QObject>

namespace triad::desktop {

class TextSize : public QObject {
  Q_OBJECT
  Q_PROPERTY(double scale READ scale NOTIFY changed)
  Q_PROPERTY(int body READ body NOTIFY changed)        // 16 px: fields, lists, buttons
  Q_PROPERTY(int small READ small NOTIFY changed)      // 14 px: labels above fields, details
  Q_PROPERTY(int caption READ caption NOTIFY changed)  // 13 px: notes under a control
  Q_PROPERTY(int badge READ badge NOTIFY changed)      // 12 px: the count on the filter button
  Q_PROPERTY(int large READ large NOTIFY changed)      // 18 px: empty states, sections
  Q_PROPERTY(int title READ title NOTIFY changed)      // 20 px: the toolbar's title
  Q_PROPERTY(int heading READ heading NOTIFY changed)  // 22 px: a form's heading

 public:
  // The system font's size over the standard one, kept between 0.85 and 3.
  static double scale_of(const QFont& system_font);

  explicit TextSize(QObject* parent = nullptr);

  double scale() const { return scale_; }
  int body() const { return sized(16); }
  int small() const { return sized(14); }
  int caption() const { return sized(13); }
  int badge() const { return sized(12); }
  int large() const { return sized(18); }
  int title() const { return sized(20); }
  int heading() const { return sized(22); }

 signals:
  void changed();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;  // the system font's changes

 private:
  int sized(int standard_px) const;
  double scale_;
};

}  // namespace triad::desktop
