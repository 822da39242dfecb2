// The left-hand list of records with its search box and filters (type, enquiry, person, dates).
// Choosing a row asks the main window to open that record in the form. UI thread only.
#pragma once

#include <QWidget>

#include "triad/core/record_id.h"
#include "triad/core/store.h"

class QComboBox;
class QDateEdit;
class QLineEdit;
class QTableView;

namespace triad::desktop {

class RecordFilter;
class RecordListModel;

class RecordBrowser : public QWidget {
  Q_OBJECT
 public:
  explicit RecordBrowser(core::Store& store, QWidget* parent = nullptr);

  // Reads the store again, keeping the filters and the selected record.
  void reload();
  void select(const core::RecordId& id);
  // Shows records of `type` ("" = all teaching records).
  void show_type(const QString& type);
  int visible_count() const;

  QLineEdit* search_box() const { return search_; }
  QComboBox* type_box() const { return type_; }
  QComboBox* enquiry_box() const { return enquiry_; }
  QComboBox* person_box() const { return person_; }
  QTableView* view() const { return view_; }
  RecordListModel* model() const { return model_; }

 signals:
  void record_chosen(core::RecordId id);

 private:
  void fill_reference_filter(QComboBox* box, const char* type, const QString& any);
  void dates_changed();

  core::Store& store_;
  RecordListModel* model_;
  RecordFilter* filter_;
  QLineEdit* search_;
  QComboBox* type_;
  QComboBox* enquiry_;
  QComboBox* person_;
  QDateEdit* from_;
  QDateEdit* to_;
  QTableView* view_;
  bool quiet_selection_ = false;  // selecting in code, not by the person: no record_chosen
};

}  // namespace triad::desktop
