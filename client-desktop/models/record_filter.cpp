#include "record_filter.h"

#include "record_list_model.h"

namespace triad::desktop {

RecordFilter::RecordFilter(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortCaseSensitivity(Qt::CaseInsensitive);
}

void RecordFilter::set_search(const QString& words) {
  words_ = words.toLower().split(' ', Qt::SkipEmptyParts);
  invalidateRowsFilter();
}

void RecordFilter::set_type(const QString& type) {
  type_ = type;
  invalidateRowsFilter();
}

void RecordFilter::set_enquiry(const QString& enquiry_id) {
  enquiry_ = enquiry_id;
  invalidateRowsFilter();
}

void RecordFilter::set_person(const QString& person_id) {
  person_ = person_id;
  invalidateRowsFilter();
}

void RecordFilter::set_dates(const QDate& from, const QDate& to) {
  from_ = from;
  to_ = to;
  invalidateRowsFilter();
}

bool RecordFilter::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
  const QModelIndex i = sourceModel()->index(source_row, 0, source_parent);
  const QString type = i.data(RecordListModel::kTypeRole).toString();
  if (type_ == kAllWork ? (type == "school" || type == "person")
                        : (type_ != kEverything && type != type_))
    return false;
  if (!enquiry_.isEmpty() && i.data(RecordListModel::kEnquiryRole).toString() != enquiry_)
    return false;
  if (!person_.isEmpty() &&
      !i.data(RecordListModel::kPersonIdsRole).toStringList().contains(person_))
    return false;
  const QDate date = i.data(RecordListModel::kDateRole).toDate();
  if ((from_.isValid() && date < from_) || (to_.isValid() && date > to_)) return false;
  const QString text = i.data(RecordListModel::kSearchRole).toString();
  return std::all_of(words_.begin(), words_.end(),
                     [&](const QString& w) { return text.contains(w); });
}

}  // namespace triad::desktop
