// The records of the store as a table for the list beside the form: what each is, its name or
// focus, its date, the people it names and who may see it; plus the data the filters need (type,
// enquiry, people's ids, date, searchable text) under custom roles. reload() reads the store
// again (after a save, a delete or a sync). UI thread only; reads through the store.
#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QStringList>
#include <QVector>

#include "triad/core/record_id.h"
#include "triad/core/store.h"

namespace triad::desktop {

// The start of the record's first long text that is not empty ("Tried five seconds of wait
// time: fewer…"), for records whose name is only a date; "" when it has none.
QString opening_words(const core::TypeSpec& type, const core::RecordState& record);

struct RecordRow {
  core::RecordId id;
  QString type;        // "observation"
  QString type_title;  // "Lesson observation"
  QString label;       // its name, title or focus
  QDate date;          // its date field, else when it was created
  QStringList people;  // names of the people it names
  QStringList person_ids;
  QString enquiry_id;  // the enquiry it belongs to (itself for an enquiry)
  QString scope;
  core::Scope scope_value = core::Scope::kPrivate;
  QString search_text;  // every field's shown value, lower-case
};

class RecordListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kTypeColumn, kLabelColumn, kDateColumn, kPeopleColumn, kScopeColumn, kColumnCount };
  enum Role {
    kIdRole = Qt::UserRole + 1,  // QString: the record id
    kTypeRole,                   // QString: the type name
    kEnquiryRole,                // QString: enquiry id or ""
    kPersonIdsRole,              // QStringList
    kDateRole,                   // QDate
    kSearchRole,                 // QString
    // For a Qt Quick list (roleNames): the columns as roles.
    kTypeTitleRole,   // "Lesson observation"
    kLabelRole,       // its name, title or focus
    kDateTextRole,    // "2026-11-30"
    kPeopleTextRole,  // "Ana Diaz, Ben Lee"
    kAudienceRole,    // who may see it, in plain words ("People it names")
  };

  explicit RecordListModel(core::Store& store, QObject* parent = nullptr);

  void reload();
  // The row of a record, -1 when it is not listed.
  int row_of(const core::RecordId& id) const;
  const RecordRow& row(int index) const { return rows_[index]; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

 private:
  RecordRow make_row(const core::RecordState& record);

  core::Store& store_;
  QVector<RecordRow> rows_;
};

}  // namespace triad::desktop
