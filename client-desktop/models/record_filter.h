// Which rows of the record list are shown: the words typed in the search box (matched against
// every field as shown), a type (or all teaching records, without the roster of schools and
// people), an enquiry, a person named in the record, and a date range. UI thread only.
#pragma once

#include <QDate>
#include <QSortFilterProxyModel>

namespace triad::desktop {

class RecordFilter : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  static constexpr const char* kAllWork = "";  // every type but school and person
  static constexpr const char* kEverything = "*";

  explicit RecordFilter(QObject* parent = nullptr);

  void set_search(const QString& words);
  void set_type(const QString& type);                  // a type name, kAllWork or kEverything
  void set_enquiry(const QString& enquiry_id);         // "" = any
  void set_person(const QString& person_id);           // "" = anyone
  void set_dates(const QDate& from, const QDate& to);  // invalid = open
  QString enquiry() const { return enquiry_; }
  QString person() const { return person_; }
  QDate from() const { return from_; }
  QDate to() const { return to_; }

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  QStringList words_;
  QString type_ = kAllWork;
  QString enquiry_, person_;
  QDate from_, to_;
};

}  // namespace triad::desktop
