#include "record_paper.h"

#include <QDir>
#include <QObject>
#include <QStandardPaths>

#include "device_writers.h"
#include "qt_text.h"
#include "triad/paper/paper.h"

namespace triad::desktop {

QStringList paper_types() {
  QStringList out;
  for (const core::TypeSpec& t : core::record_types())
    if (paper::has_paper_form(t.name)) out << to_qt(t.name);
  return out;
}

SavedPaper save_paper_in_documents(core::Store& store, const QString& id) {
  const auto record = core::RecordId::parse(id.toStdString());
  if (!record) return {false, {}, QObject::tr("Save the record first, then save it as a PDF.")};
  const paper::PrintContext context{store.wall_ms(), client::device_writers(store)};
  auto printed = paper::print_record(store, *record, context);
  if (!printed)
    return {
        false, {}, QObject::tr("Not saved as a PDF: %1").arg(to_qt(printed.status().message()))};
  QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  if (folder.isEmpty()) folder = QDir::homePath();  // defensive: every platform names one
  if (!QDir().mkpath(folder))
    return {
        false, {}, QObject::tr("Not saved as a PDF: the folder %1 cannot be made.").arg(folder)};
  const std::string path = paper::unused_path(folder.toStdString(), printed->file_name);
  if (const core::Status saved = paper::save_pdf(printed->pdf, path, false); !saved)
    return {false, {}, QObject::tr("Not saved as a PDF: %1").arg(to_qt(saved.message()))};
  const QString pages =
      printed->pages == 1 ? QObject::tr("1 page") : QObject::tr("%1 pages").arg(printed->pages);
  return {true, to_qt(path), QObject::tr("Saved as a PDF (%1 of A4): %2").arg(pages, to_qt(path))};
}

}  // namespace triad::desktop
