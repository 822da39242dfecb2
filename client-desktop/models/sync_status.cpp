#include "sync_status.h"

#include "qt_text.h"

namespace triad::desktop {

using State = SyncController::State;

SyncStatus::SyncStatus(core::Store& store, SyncController& controller, QObject* parent)
    : QObject(parent), store_(store), controller_(controller) {
  // The controller says state_changed after every batch of a running sync: the counts (a read of
  // the whole store's status) are read again only once it has ended, not per batch.
  connect(&controller_, &SyncController::state_changed, this, [this] {
    if (controller_.state() == SyncController::State::kSyncing)
      emit changed();
    else
      refresh();
  });
  refresh();
}

void SyncStatus::refresh() {
  if (auto status = store_.status()) {
    waiting_ = static_cast<int>(status->unsent_local_changes);
    attention_ = static_cast<int>(status->conflicts + status->refusals.size());
  }
  emit changed();
}

QString SyncStatus::state() const {
  switch (controller_.state()) {
    case State::kOfflineOnly:
      return QStringLiteral("offline-only");
    case State::kNotYet:
      return QStringLiteral("not-yet");
    case State::kSyncing:
      return QStringLiteral("syncing");
    case State::kSynced:
      return QStringLiteral("synced");
    case State::kOffline:
      return QStringLiteral("offline");
  }
  return {};
}

QString SyncStatus::headline() const {
  switch (controller_.state()) {
    case State::kOfflineOnly:
      return tr("Working offline only");
    case State::kNotYet:
      return tr("Not synced yet");
    case State::kSyncing:
      return tr("Syncing… %1%").arg(controller_.percent());
    case State::kSynced:
      return tr("Synced at %1").arg(controller_.last_synced().toString(QStringLiteral("HH:mm")));
    case State::kOffline:
      return tr("Offline: %1").arg(to_qt(controller_.problem().headline).toLower());
  }
  return {};
}

QString SyncStatus::advice() const {
  const QString waiting = waiting_ == 0   ? tr("Nothing waiting to be sent.")
                          : waiting_ == 1 ? tr("1 change waiting to be sent.")
                                          : tr("%1 changes waiting to be sent.").arg(waiting_);
  switch (controller_.state()) {
    case State::kOfflineOnly:
      return tr("No hub is set up: your records stay on this device. %1").arg(waiting);
    case State::kOffline:
      return to_qt(controller_.problem().advice) + " " + waiting;
    case State::kSyncing:
      return tr("Sent %1, received %2.").arg(controller_.pushed()).arg(controller_.pulled());
    case State::kSynced:
      if (controller_.refused() == 0) return waiting;
      return waiting + " " +
             (controller_.refused() == 1
                  ? tr("1 change was refused by the hub: see what needs attention.")
                  : tr("%1 changes were refused by the hub: see what needs attention.")
                        .arg(controller_.refused()));
    default:
      return waiting;
  }
}

QString SyncStatus::detail() const {
  // Offline: the failure as the library said it. Synced: what the sync found and repaired, or the
  // hub addresses it passed over.
  const State state = controller_.state();
  return state == State::kOffline || state == State::kSynced ? controller_.last_error() : QString();
}

QString SyncStatus::problem() const {
  return controller_.state() == State::kOffline ? client::to_string(controller_.problem().kind)
                                                : QString();
}

}  // namespace triad::desktop
