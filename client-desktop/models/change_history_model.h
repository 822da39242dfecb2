// A record's "Changes", for a Qt Quick UI, derived from what the store keeps for merging: who
// created the record, when and on which device, and for each field when it last changed and on
// which device, with a set's adds (and removals) and a text's concurrent versions as rows under
// it. Triad keeps no log of earlier values, and the view says so. Devices are named as "this
// device", by the person who writes from them (person.devices), or by the name a peer gave.
// UI thread only; reads through the given store.
#pragma once

#include <QAbstractListModel>
#include <map>
#include <vector>

#include "triad/core/record_id.h"
#include "triad/core/store.h"

namespace triad::desktop {

class ChangeHistoryModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(QString created READ created NOTIFY shown)

 public:
  enum Role {
    kTitleRole = Qt::UserRole + 1,  // "Focus", or under a field "added", "concurrent version"
    kWhenRole,                      // "2026-11-30 14:05"
    kDeviceRole,                    // "this device", "Ben Lee's device"
    kValueRole,                     // the value as read (shortened)
    kDepthRole,                     // 0 for a field, 1 for a row under it
  };

  explicit ChangeHistoryModel(core::Store& store, QObject* parent = nullptr);

  // "Created 2026-11-30 14:05 by Ana Diaz of Fortismere, on this device."
  QString created() const { return created_; }
  // Reads the record `id` (empty, or deleted: its delete only).
  Q_INVOKABLE void show(const QString& id);
  Q_INVOKABLE void clear();

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

 signals:
  void shown();

 private:
  struct Row {
    QString title, when, device, value;
    int depth = 0;
  };

  QString device_name(core::SiteId site) const;
  void fill(const core::RecordState& r);

  core::Store& store_;
  QString created_;
  std::vector<Row> rows_;
  std::map<core::SiteId, QString> names_;  // peers' and writers' names, read at show()
};

}  // namespace triad::desktop
