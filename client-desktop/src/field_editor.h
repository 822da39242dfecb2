// The editor of one field of a record form, chosen from the field's schema entry: a line for
// text, numbers and dates, a box for long text, a list for choices, an editable list with
// completion for references (people, schools, parent records), chips for sets. It remembers the
// loaded value so it can say which edits turn it into what is shown, and carries the label
// beside the field where a validation message appears. UI thread only; reads through the store.
#pragma once

#include <QLabel>
#include <QWidget>
#include <string>

#include "chip_editor.h"
#include "triad/core/edit.h"
#include "triad/core/record.h"
#include "triad/core/schema.h"
#include "triad/core/store.h"

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace triad::desktop {

class FieldEditor : public QWidget {
  Q_OBJECT
 public:
  FieldEditor(core::Store& store, const core::TypeSpec& type, const core::FieldSpec& spec,
              QWidget* parent = nullptr);

  const core::FieldSpec& spec() const { return spec_; }
  // Shows the stored state (nullptr: the field was never written). Refreshes the candidates.
  void load(const core::FieldState* state);
  // An empty field for a new record; dates start at today.
  void load_default();
  // A new record's field filled in for the teacher (an entry's parent): shown, and saved as an
  // edit.
  void preset(const std::string& stored);
  // The edits that turn the loaded state into what is shown (for a new record, all of it).
  core::FieldEdits edits() const;
  void set_editable(bool editable);

  void show_error(const QString& message);
  void clear_error();
  QString error() const { return error_->isVisible() ? error_->text() : QString(); }
  QLabel* error_label() const { return error_; }
  // Shown under a text field with concurrent versions (a conflict to resolve).
  QLabel* conflict_label() const { return conflict_; }
  // The widget a person types into or picks from (the chip editor's entry for sets).
  QWidget* input() const;
  ChipEditor* chips() const { return chips_; }

 signals:
  void edited();

 private:
  QWidget* make_input();
  void refresh_candidates();
  std::string current_value() const;  // register and text fields
  void show_value(const std::string& stored);

  core::Store& store_;
  const core::TypeSpec& type_;
  const core::FieldSpec& spec_;
  QLineEdit* line_ = nullptr;
  QPlainTextEdit* text_ = nullptr;
  QComboBox* combo_ = nullptr;
  ChipEditor* chips_ = nullptr;
  QLabel* error_;
  QLabel* conflict_;
  std::string loaded_;        // register/text: the stored value
  QString loaded_shown_;      // ... and how it was shown
  QList<Chip> loaded_chips_;  // set: the stored elements
};

}  // namespace triad::desktop
