// The form to create or edit a record of any type, generated from the type's schema entry (one
// FieldEditor per field, required ones marked), with the scope chosen per record (the type's
// default preselected; child records follow their parent), Save and Delete, and for parent
// records (enquiries, learning logs, coaching sessions) their entries. Store validation messages
// appear beside the field they name, never in a dialog. UI thread only; edits through the store.
#pragma once

#include <QWidget>
#include <map>
#include <optional>
#include <string>

#include "triad/core/record_id.h"
#include "triad/core/schema.h"
#include "triad/core/status.h"
#include "triad/core/store.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QTimer;

namespace triad::desktop {

class FieldEditor;

class RecordForm : public QWidget {
  Q_OBJECT
 public:
  explicit RecordForm(core::Store& store, QWidget* parent = nullptr);

  // An empty form for a new record of `type`; a child type gets `parent` filled in.
  void start_new(const core::TypeSpec& type, const core::RecordId& parent = {});
  // Shows a stored record for editing; false (and an empty form) when it is gone or deleted.
  bool load(const core::RecordId& id);
  // Creates or updates the record from the form; on a refusal shows the store's message beside
  // the field it names and returns false.
  bool save();
  // Deletes the record shown (and its entries). The Delete button asks for a second click first.
  bool delete_record();

  const core::TypeSpec* type() const { return type_; }
  // True when the teacher has changed something in the form that is not saved yet.
  bool has_unsaved_edits() const { return touched_ && type_ && !collect_edits().empty(); }
  std::optional<core::RecordId> record() const { return record_; }
  FieldEditor* editor(std::string_view field) const;
  QComboBox* scope_box() const { return scope_; }
  QPushButton* save_button() const { return save_; }
  QPushButton* delete_button() const { return delete_; }
  // Messages that name no field (and "Saved at 09:05").
  QLabel* message_label() const { return message_; }

 signals:
  void saved(core::RecordId id, bool created);
  void deleted(core::RecordId id);
  void open_requested(core::RecordId id);
  void new_child_requested(QString type, core::RecordId parent);

 private:
  void build_fields(const core::TypeSpec& type);
  void fill_scopes(std::optional<core::Scope> current);
  void fill_entries();
  void show_refusal(const core::Status& status);
  void clear_messages();
  void arm_delete();
  core::FieldEdits collect_edits() const;

  core::Store& store_;
  const core::TypeSpec* type_ = nullptr;
  std::optional<core::RecordId> record_;
  std::optional<core::Scope> loaded_scope_;
  QLabel* title_;
  QComboBox* scope_;
  QScrollArea* scroll_;
  QWidget* fields_box_ = nullptr;
  std::map<std::string, FieldEditor*, std::less<>> editors_;
  QWidget* entries_box_;
  QListWidget* entries_;
  QWidget* entry_buttons_;
  QLabel* message_;
  QPushButton* save_;
  QPushButton* delete_;
  QTimer* disarm_delete_;
  bool loading_ = false;  // filling the form: its own changes are not the teacher's edits
  bool touched_ = false;  // the teacher changed a field or the scope since the form was filled
};

}  // namespace triad::desktop
