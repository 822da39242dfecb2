// A record on paper from the app: an observation, or a lesson study with its observations, saved
// as a PDF (sync/paper) in the teacher's Documents folder under a clear name, and where it went in
// plain words. Built only with TRIAD_BUILD_PAPER (README: printing an observation). UI thread
// only: reads through the given store.
#pragma once

#include <QString>
#include <QStringList>

#include "triad/core/store.h"

namespace triad::desktop {

struct SavedPaper {
  bool ok = false;
  QString path;     // where the PDF went (ok only)
  QString message;  // what to tell the teacher: where it went, or why it was not saved
};

// The record types with a paper form.
QStringList paper_types();

// Saves the record `id` as a PDF in the Documents folder (QStandardPaths; made if missing). A file
// of the same name already there is kept: the new one is "NAME (2).pdf".
SavedPaper save_paper_in_documents(core::Store& store, const QString& id);

}  // namespace triad::desktop
