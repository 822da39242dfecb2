// One record's form, for a Qt Quick UI: the fields of its type from the schema table (so every
// record type has a form), each with the editor it needs, its value as a person reads it
// (people and records by name), its choices, whether it is required and the store's refusal
// beside it. save() turns what changed into field edits and lets the store validate them; a
// refusal that names a field is shown under that field. Nothing here validates or merges.
// UI thread only; reads and writes through the given store.
#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <QVariantList>
#include <optional>
#include <vector>

#include "triad/core/record_id.h"
#include "triad/core/store.h"

namespace triad::desktop {

class RecordFormModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(bool active READ active NOTIFY loaded)
  Q_PROPERTY(bool isNew READ is_new NOTIFY loaded)
  Q_PROPERTY(QString recordId READ record_id NOTIFY loaded)
  Q_PROPERTY(QString type READ type NOTIFY loaded)
  Q_PROPERTY(QString title READ title NOTIFY loaded)
  Q_PROPERTY(QStringList audiences READ audiences NOTIFY loaded)
  Q_PROPERTY(int audience READ audience WRITE set_audience NOTIFY audienceChanged)
  Q_PROPERTY(QString message READ message NOTIFY messageChanged)
  // The record types whose records belong to this one (a learning log's entries), as
  // [{name, title}], and this record's own, as [{id, text}], oldest first.
  Q_PROPERTY(QVariantList childTypes READ child_types NOTIFY loaded)
  Q_PROPERTY(QVariantList children READ children NOTIFY loaded)

 public:
  enum Role {
    kNameRole = Qt::UserRole + 1,  // "observed_teacher"
    kLabelRole,                    // "Observed teacher"
    kEditorRole,    // "line", "long", "number", "date", "choice", "reference", "chips"
    kValueRole,     // QString: the shown value (not for chips)
    kValuesRole,    // QStringList: a set's elements as shown
    kChoicesRole,   // QStringList: a choice's options (with "" first when not required)
    kRequiredRole,  // bool
    kHelpRole,      // "whose lesson it was"
    kErrorRole,     // the store's refusal of this field, or ""
    kConflictRole,  // "" or the concurrent versions' words
    kFixedRole,     // bool: not editable (a child record's parent)
  };

  explicit RecordFormModel(core::Store& store, QObject* parent = nullptr);

  bool active() const { return type_ != nullptr; }
  bool is_new() const { return active() && !record_; }
  QString record_id() const;
  QString type() const;
  QString title() const;
  // Who may see the record, in plain words, narrowest first: all of them for a new record, the
  // current one and wider for a saved one (scopes only widen).
  QStringList audiences() const;
  int audience() const { return audience_; }
  void set_audience(int index);
  QString message() const { return message_; }
  QVariantList child_types() const;
  QVariantList children() const;
  // Whether a field or the audience differs from what was loaded (or, for a new record, from
  // its empty form).
  Q_INVOKABLE bool hasUnsavedEdits() const;

  // An empty form for a new record of `type` (dates start at today); for a child type, one that
  // belongs to the record `parent_id`, whose audience it follows unless a wider one is chosen.
  Q_INVOKABLE void newRecord(const QString& type, const QString& parent_id = {});
  // A new record of the child type `type` belonging to the record loaded now.
  Q_INVOKABLE void newChild(const QString& type);
  // The saved record `id`; false (and nothing loaded) when it is not in the store or deleted.
  Q_INVOKABLE bool load(const QString& id);
  Q_INVOKABLE void close();
  Q_INVOKABLE void setValue(const QString& field, const QString& value);
  Q_INVOKABLE void setValues(const QString& field, const QStringList& values);
  // What a person may pick for `field` that starts with, or contains, `typed` (people, schools,
  // records by name; a choice's options; elements already used in this field), at most 8.
  Q_INVOKABLE QStringList suggestions(const QString& field, const QString& typed) const;
  // Saves the changes; false with the refusal under its field (or in message) when refused.
  Q_INVOKABLE bool save();
  // Deletes the loaded record (and its child records); false when there is none or it failed.
  Q_INVOKABLE bool remove();

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

 signals:
  void loaded();
  void audienceChanged();
  void messageChanged();
  void saved(QString id, bool created);
  void removed(QString id);

 private:
  struct Field {
    const core::FieldSpec* spec = nullptr;
    QString editor;
    QString loaded, value;              // registers and texts, as shown
    QString initial;                    // `value` when the form was filled
    std::string loaded_stored;          // the stored value behind `loaded` (an id for references)
    QStringList loaded_values, values;  // sets, as shown
    std::vector<std::string> loaded_elements;  // the stored elements behind loaded_values
    QString error, conflict;
  };

  void build(const core::TypeSpec& type, const core::RecordState* record);
  core::FieldEdits edits() const;
  std::optional<core::Scope> chosen_scope() const;
  bool is_new_child() const { return type_ && !record_ && !parent_.is_nil(); }
  int initial_audience() const;
  void show_refusal(const core::Status& status);
  void set_message(const QString& message);
  int row_of(const QString& field) const;

  core::Store& store_;
  const core::TypeSpec* type_ = nullptr;
  std::optional<core::RecordId> record_;
  core::RecordId parent_;                             // a new child record's parent
  core::Scope parent_scope_ = core::Scope::kPrivate;  // and who sees it
  core::Scope loaded_scope_ = core::Scope::kPrivate;
  int audience_ = 0;
  std::vector<Field> fields_;
  QString message_;
};

}  // namespace triad::desktop
