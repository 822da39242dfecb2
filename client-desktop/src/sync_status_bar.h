// The window's status bar: always says whether this laptop is offline, syncing (with what has
// been sent and received so far) or synced (at HH:MM), how many of its changes wait to be sent,
// and how many things need the teacher's attention (refused changes, text conflicts).
// UI thread only; reads the UI thread's store.
#pragma once

#include <QStatusBar>

#include "triad/core/store.h"

class QLabel;
class QProgressBar;
class QToolButton;

namespace triad::desktop {

class SyncController;

class SyncStatusBar : public QStatusBar {
  Q_OBJECT
 public:
  SyncStatusBar(core::Store& store, SyncController& sync, QWidget* parent = nullptr);

  // Reads the store's unsent changes and conflicts again and rewrites the texts.
  void refresh();
  QString sync_text() const;
  QToolButton* attention_button() const { return attention_; }

 signals:
  void attention_requested();

 private:
  core::Store& store_;
  SyncController& sync_;
  QLabel* state_;
  QProgressBar* busy_;
  QToolButton* attention_;
};

}  // namespace triad::desktop
