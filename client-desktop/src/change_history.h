// The read-only "Changes" panel of a record, derived from what the store keeps for merging:
// who created the record and when, and for each field when it last changed and on which device,
// with concurrent text versions and the adds of set elements. Triad keeps no log of earlier
// values, and the panel says so. UI thread only; reads through the store.
#pragma once

#include <QWidget>

#include "triad/core/record_id.h"
#include "triad/core/store.h"

class QLabel;
class QTreeWidget;

namespace triad::desktop {

class ChangeHistory : public QWidget {
  Q_OBJECT
 public:
  explicit ChangeHistory(core::Store& store, QWidget* parent = nullptr);

  void show_record(const core::RecordId& id);
  void clear();
  QTreeWidget* tree() const { return tree_; }

 private:
  QString device_name(core::SiteId site) const;

  core::Store& store_;
  QLabel* created_;
  QTreeWidget* tree_;
  std::vector<core::PeerState> peers_;
};

}  // namespace triad::desktop
