#include "app_session.h"

#include <QDate>
#include <QVariantMap>
#include <algorithm>

#include "qt_text.h"
#ifdef TRIAD_HAS_PAPER
#include "record_paper.h"
#endif

namespace triad::desktop {

AppSession::AppSession(std::unique_ptr<core::Store> store, QString db_path,
                       std::chrono::milliseconds sync_period, QObject* parent)
    : QObject(parent),
      store_(std::move(store)),
      list_(*store_),
      form_(*store_),
      sync_(*store_, std::move(db_path), sync_period),
      status_(*store_, sync_),
      attention_(*store_),
      history_(*store_) {
  filter_.setSourceModel(&list_);
  filter_.sort(RecordListModel::kDateColumn, Qt::DescendingOrder);
  list_.reload();
  connect(&form_, &RecordFormModel::saved, this, [this] { reload(); });
  connect(&form_, &RecordFormModel::removed, this, [this] { reload(); });
  connect(&attention_, &AttentionModel::changed, &status_, &SyncStatus::refresh);
  // A conflict ended in Needs attention changed a record: the list and the open record show it.
  connect(&attention_, &AttentionModel::resolved, this, [this] {
    list_.reload();
    emit recordsChanged();
    reload_open_record();
  });
  connect(&form_, &RecordFormModel::loaded, this, [this] {
    if (form_.record_id() != paper_record_) set_paper_message({}, {});  // another record opened
    if (form_.record_id().isEmpty())
      history_.clear();
    else
      history_.show(form_.record_id());
  });
  connect(&sync_, &SyncController::store_changed, this, [this] {
    reload();
    reload_open_record();
  });
}

void AppSession::reload_open_record() {
  // What the teacher is typing is never replaced: a form with unsaved edits stays as it is (its
  // save then merges with what came, or says why not). A record deleted elsewhere closes.
  if (form_.record_id().isEmpty() || form_.hasUnsavedEdits()) return;
  if (!form_.load(form_.record_id())) form_.close();
}

AppSession::~AppSession() = default;

QString AppSession::person() const { return to_qt(store_->identity().person_name); }
QString AppSession::school() const { return to_qt(store_->identity().school_name); }

void AppSession::reload() {
  list_.reload();
  attention_.reload();
  status_.refresh();
  emit recordsChanged();
}

QVariantList AppSession::recordTypes() const {
  QVariantList out;
  auto add = [&out](const core::TypeSpec& t) {
    out.append(QVariantMap{{"name", to_qt(t.name)}, {"title", to_qt(t.title)}});
  };
  if (const core::TypeSpec* observation = core::find_type("observation")) add(*observation);
  for (const core::TypeSpec& t : core::record_types())
    if (t.name != "observation" && t.name != "school" && t.name != "person" &&
        t.parent_field.empty())
      add(t);
  return out;
}

void AppSession::setSearch(const QString& words) {
  filter_.set_search(words);
  emit recordsChanged();
}

void AppSession::setTypeFilter(const QString& type) {
  filter_.set_type(type.isEmpty() ? QString(RecordFilter::kAllWork) : type);
  emit recordsChanged();
}

}  // namespace triad::desktop

namespace triad::desktop {

int AppSession::filter_count() const {
  return (filter_.enquiry().isEmpty() ? 0 : 1) + (filter_.person().isEmpty() ? 0 : 1) +
         (filter_.from().isValid() ? 1 : 0) + (filter_.to().isValid() ? 1 : 0);
}

void AppSession::setEnquiryFilter(const QString& id) {
  filter_.set_enquiry(id);
  emit recordsChanged();
}

void AppSession::setPersonFilter(const QString& id) {
  filter_.set_person(id);
  emit recordsChanged();
}

bool AppSession::setDateFilter(const QString& from, const QString& to) {
  const QDate f = QDate::fromString(from.trimmed(), Qt::ISODate);
  const QDate t = QDate::fromString(to.trimmed(), Qt::ISODate);
  if ((!from.trimmed().isEmpty() && !f.isValid()) || (!to.trimmed().isEmpty() && !t.isValid()))
    return false;
  filter_.set_dates(f, t);
  emit recordsChanged();
  return true;
}

QVariantList AppSession::records_of(const char* type) const {
  QVariantList out;
  if (auto records = store_->list(type)) {
    std::vector<std::pair<QString, QString>> named;
    for (const core::RecordState& r : *records)
      named.emplace_back(to_qt(store_->label(r.header.id)), to_qt(r.header.id.to_string()));
    std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
      return QString::localeAwareCompare(a.first, b.first) < 0;
    });
    for (const auto& [label, id] : named) out.append(QVariantMap{{"id", id}, {"label", label}});
  }
  return out;
}

QVariantList AppSession::enquiries() const { return records_of("enquiry"); }
QVariantList AppSession::people() const { return records_of("person"); }

bool AppSession::keep_edits() { return !form_.hasUnsavedEdits() || form_.save(); }

bool AppSession::openRecord(const QString& id) {
  if (!keep_edits()) return false;
  if (!form_.load(id)) form_.close();
  return true;
}

bool AppSession::startRecord(const QString& type) {
  if (!keep_edits()) return false;
  form_.newRecord(type);
  return true;
}

bool AppSession::startChild(const QString& type) {
  const QString parent = form_.record_id();
  if (parent.isEmpty() || !keep_edits()) return false;
  form_.newRecord(type, parent);
  return true;
}

bool AppSession::closeForm() {
  if (!keep_edits()) return false;
  form_.close();
  return true;
}

void AppSession::discardNew() {
  if (form_.is_new()) form_.close();
}

QStringList AppSession::paper_types() const {
#ifdef TRIAD_HAS_PAPER
  return desktop::paper_types();
#else
  return {};
#endif
}

bool AppSession::saveAsPdf() {
  if (!keep_edits()) return false;
  const QString id = form_.record_id();
#ifdef TRIAD_HAS_PAPER
  const SavedPaper saved = save_paper_in_documents(*store_, id);
  set_paper_message(saved.message, id);
  return saved.ok;
#else
  set_paper_message(tr("This build of Triad cannot make PDFs."), id);
  return false;
#endif
}

void AppSession::set_paper_message(const QString& message, const QString& record_id) {
  paper_record_ = record_id;
  if (paper_message_ == message) return;
  paper_message_ = message;
  emit paperMessageChanged();
}

}  // namespace triad::desktop
