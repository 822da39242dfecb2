// The first-run dialog, shown when no store exists at the chosen path: the school and person this
// laptop records for, and either joining the alliance's hub (address, device token, CA file) or
// working offline only. Checks the hub's details as `triad init` does, then creates the store and
// saves the sync settings where the CLI reads them: the hub and CA file in the store, the token in
// the credentials file (sync/client/credentials.h), never in the store. UI thread only.
#pragma once

#include <QDialog>
#include <memory>

#include "triad/core/store.h"

class QLabel;
class QLineEdit;
class QRadioButton;

namespace triad::desktop {

// Where the app keeps its store when no --db is given: the `triad` CLI's default file
// (sync/client/store_path.h), so both see one store.
QString default_store_path();

class FirstRunDialog : public QDialog {
  Q_OBJECT
 public:
  explicit FirstRunDialog(QString db_path, QWidget* parent = nullptr);

  // Creates the store from what was entered; on failure shows why in the dialog and returns false.
  bool create_store();
  // The store made by create_store() (nullptr before).
  std::unique_ptr<core::Store> take_store() { return std::move(store_); }

  QLineEdit* school() const { return school_; }
  QLineEdit* person() const { return person_; }
  QRadioButton* join_hub() const { return join_; }
  QRadioButton* offline_only() const { return offline_; }
  QLineEdit* hub() const { return hub_; }
  QLineEdit* token() const { return token_; }
  QLineEdit* ca_file() const { return ca_; }
  QLabel* error() const { return error_; }

 private:
  QString db_path_;
  QLineEdit* school_;
  QLineEdit* person_;
  QRadioButton* join_;
  QRadioButton* offline_;
  QLineEdit* hub_;
  QLineEdit* token_;
  QLineEdit* ca_;
  QLabel* error_;
  std::unique_ptr<core::Store> store_;
};

}  // namespace triad::desktop
