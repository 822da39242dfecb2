// What needs the teacher's attention, for a Qt Quick UI: fields changed at the same time on two
// devices that did not merge (each version with who wrote it, on which device, and when), and
// changes the hub refused (with its reason). A conflict ends by keeping one version; a refused
// change is fixed by editing the record, or discarded (the hub's version comes back at the next
// sync). Writers are named from the person records' device lists (client/device_writers.h).
// UI thread only; reads and writes through the given store.
#pragma once

#include <QAbstractListModel>
#include <QVariantList>
#include <map>
#include <vector>

#include "triad/core/store.h"

namespace triad::desktop {

class AttentionModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY changed)

 public:
  enum Role {
    kKindRole = Qt::UserRole + 1,  // "conflict" or "refusal"
    kRecordIdRole,
    kRecordLabelRole,  // its name, title or focus
    kTypeTitleRole,    // "Lesson observation"
    kFieldTitleRole,   // a conflict's field, as read ("Notes")
    kVersionsRole,     // a conflict's [{value, who, device, when, kept}], the kept one first
    kReasonRole,       // a refusal's reason, from the hub
    kWhenRole,         // a refusal's time
    kDiscardingRole,   // a refusal the teacher chose to discard, waiting for the next sync
  };

  explicit AttentionModel(core::Store& store, QObject* parent = nullptr);

  int count() const { return static_cast<int>(items_.size()); }
  void reload();

  // Ends the conflict of `row` with its version `version`; false when it could not.
  Q_INVOKABLE bool keep(int row, int version);
  // Gives up the refused change of `row`: the hub's version comes back at the next sync.
  Q_INVOKABLE bool discard(int row);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

 signals:
  void changed();
  // keep() ended a conflict: a record changed.
  void resolved();

 private:
  struct Item {
    QString kind;
    core::RecordId record;
    std::string field;
    QString record_label, type_title, field_title;
    QVariantList versions;
    std::vector<std::string> values;  // the conflict's versions' values, in `versions`' order
    QString reason, when;
    bool discarding = false;
  };

  QVariantMap version_entry(const core::FieldVersion& v, bool kept) const;

  core::Store& store_;
  std::map<core::SiteId, QString> writers_;  // site id -> person's name, from person.devices
  std::vector<Item> items_;
};

}  // namespace triad::desktop
