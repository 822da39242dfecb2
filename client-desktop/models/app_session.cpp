#include "app_session.h"

#include <QVariantMap>

#include "qt_text.h"

namespace triad::desktop {

AppSession::AppSession(std::unique_ptr<core::Store> store, QString db_path,
                       std::chrono::milliseconds sync_period, QObject* parent)
    : QObject(parent),
      store_(std::move(store)),
      list_(*store_),
      form_(*store_),
      sync_(*store_, std::move(db_path), sync_period),
      status_(*store_, sync_),
      attention_(*store_) {
  filter_.setSourceModel(&list_);
  filter_.sort(RecordListModel::kDateColumn, Qt::DescendingOrder);
  list_.reload();
  connect(&form_, &RecordFormModel::saved, this, [this] { reload(); });
  connect(&form_, &RecordFormModel::removed, this, [this] { reload(); });
  connect(&attention_, &AttentionModel::changed, &status_, &SyncStatus::refresh);
  connect(&sync_, &SyncController::store_changed, this, [this] {
    reload();
    if (!form_.record_id().isEmpty() && !form_.load(form_.record_id())) form_.close();
  });
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
