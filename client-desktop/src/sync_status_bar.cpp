#include "sync_status_bar.h"

#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include "sync_controller.h"

namespace triad::desktop {

namespace {

QString waiting_text(size_t unsent) {
  if (unsent == 0) return QObject::tr("nothing waiting to be sent");
  return unsent == 1 ? QObject::tr("1 change waiting to be sent")
                     : QObject::tr("%1 changes waiting to be sent").arg(unsent);
}

QString when_text(const QDateTime& at) {
  return at.date() == QDate::currentDate() ? at.toString("HH:mm") : at.toString("yyyy-MM-dd HH:mm");
}

}  // namespace

SyncStatusBar::SyncStatusBar(core::Store& store, SyncController& sync, QWidget* parent)
    : QStatusBar(parent),
      store_(store),
      sync_(sync),
      state_(new QLabel(this)),
      busy_(new QProgressBar(this)),
      attention_(new QToolButton(this)) {
  state_->setObjectName("sync_state");
  busy_->setRange(0, 0);  // a sync's total is unknown until it ends: a busy indicator
  busy_->setMaximumWidth(120);
  busy_->setMaximumHeight(14);
  busy_->setTextVisible(false);
  attention_->setObjectName("attention");
  attention_->setAutoRaise(true);
  attention_->setStyleSheet("color: #9a4a00; font-weight: bold;");
  addWidget(state_, 1);
  addPermanentWidget(busy_);
  addPermanentWidget(attention_);
  connect(attention_, &QToolButton::clicked, this, &SyncStatusBar::attention_requested);
  connect(&sync_, &SyncController::state_changed, this, &SyncStatusBar::refresh);
  refresh();
}

QString SyncStatusBar::sync_text() const { return state_->text(); }

void SyncStatusBar::refresh() {
  auto status = store_.status();
  const size_t unsent = status ? status->unsent_local_changes : 0;
  const size_t attention = status ? status->conflicts + status->refusals.size() : 0;
  QString text;
  switch (sync_.state()) {
    case SyncController::State::kOfflineOnly:
      text = tr("Offline only (no hub set up) — %1").arg(waiting_text(unsent));
      break;
    case SyncController::State::kNotYet:
      text = tr("Not synced yet — %1").arg(waiting_text(unsent));
      break;
    case SyncController::State::kSyncing:
      text = tr("Syncing… sent %1, received %2").arg(sync_.pushed()).arg(sync_.pulled());
      break;
    case SyncController::State::kSynced:
      text = tr("Synced at %1 — %2").arg(when_text(sync_.last_synced()), waiting_text(unsent));
      if (sync_.refused() > 0) text += tr(" — %1 refused by the hub").arg(sync_.refused());
      if (!sync_.last_error()
               .isEmpty())  // what the sync repaired: its first sentence, all of it below
        text += " — " + sync_.last_error().section(QStringLiteral(". "), 0, 0).section('\n', 0, 0);
      break;
    case SyncController::State::kOffline: {
      text = tr("Offline — %1").arg(waiting_text(unsent));
      const qint64 next = sync_.next_sync_in_ms();
      if (next >= 0)
        text += tr(" (trying again in %1)")
                    .arg(next < 90'000 ? tr("%1 s").arg((next + 999) / 1000)
                                       : tr("%1 min").arg((next + 59'999) / 60'000));
      break;
    }
  }
  state_->setText(text);
  state_->setToolTip(sync_.last_error());
  busy_->setVisible(sync_.state() == SyncController::State::kSyncing);
  attention_->setVisible(attention > 0);
  attention_->setText(attention == 1 ? tr("1 item needs attention")
                                     : tr("%1 items need attention").arg(attention));
}

}  // namespace triad::desktop
