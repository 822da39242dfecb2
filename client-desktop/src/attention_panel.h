// "Needs attention": the changes the hub refused (with its reason, kept here and offered again
// at the next sync) and the text fields where two people wrote at once. For a conflict the
// teacher keeps one version or writes a merged text; either ends the conflict on every device
// the resolution reaches. UI thread only; reads and resolves through the store.
#pragma once

#include <QWidget>

#include "triad/core/record_id.h"
#include "triad/core/store.h"

class QLabel;
class QVBoxLayout;

namespace triad::desktop {

class AttentionPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AttentionPanel(core::Store& store, QWidget* parent = nullptr);

  // Reads refusals and conflicts again; returns how many items are shown.
  int refresh();
  int count() const { return count_; }
  // Ends a conflict with `value` and refreshes; shows the store's refusal in the panel if any.
  bool resolve(const core::RecordId& id, const std::string& field, const std::string& value);

 signals:
  void open_requested(core::RecordId id);
  void resolved(core::RecordId id);

 private:
  QWidget* refusal_box(const core::Refusal& refusal);
  QWidget* conflict_box(const core::Conflict& conflict, int index);

  core::Store& store_;
  QVBoxLayout* items_;
  QLabel* summary_;
  int count_ = 0;
};

}  // namespace triad::desktop
