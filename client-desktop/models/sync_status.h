// What a Qt Quick UI shows about sync, always in view: whether this device is offline (and why,
// in words, with what to do), syncing (with a percentage) or synced (at what time), how many of
// its changes wait to be sent and how many items need the teacher's attention. A view over
// SyncController (which runs the syncs) and the store's status. UI thread only.
#pragma once

#include <QObject>
#include <QString>

#include "sync_controller.h"

namespace triad::desktop {

class SyncStatus : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString state READ state NOTIFY changed)  // offline-only, not-yet, syncing, synced,
                                                       // offline
  Q_PROPERTY(QString headline READ headline NOTIFY changed)
  Q_PROPERTY(QString advice READ advice NOTIFY changed)
  Q_PROPERTY(QString detail READ detail NOTIFY changed)
  Q_PROPERTY(QString problem READ problem NOTIFY changed)  // sync_problem.h's kind, "" when none
  Q_PROPERTY(int percent READ percent NOTIFY changed)
  Q_PROPERTY(int waiting READ waiting NOTIFY changed)
  Q_PROPERTY(int attention READ attention NOTIFY changed)

 public:
  SyncStatus(core::Store& store, SyncController& controller, QObject* parent = nullptr);

  QString state() const;
  QString headline() const;
  QString advice() const;
  QString detail() const;
  QString problem() const;
  int percent() const { return controller_.percent(); }
  int waiting() const { return waiting_; }
  int attention() const { return attention_; }

  Q_INVOKABLE bool syncNow() { return controller_.sync_now(); }
  // Reads the counts again (after a save or a delete).
  Q_INVOKABLE void refresh();

 signals:
  void changed();

 private:
  core::Store& store_;
  SyncController& controller_;
  int waiting_ = 0;
  int attention_ = 0;
};

}  // namespace triad::desktop
