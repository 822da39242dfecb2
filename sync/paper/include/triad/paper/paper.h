// An observation on paper: one observation, or a lesson study with its observations, as a PDF
// laid out for A4, for the observed teacher's file. The CLI (`triad pdf`) and the app's "Save as
// PDF" call it. It prints only what the given store holds, and a device's store holds only what
// its person may see (sharing.h), so a paper never shows more than the screen would.
//
// Built on core's public headers and on Pango and cairo (text laid out, wrapped and broken across
// pages; fonts embedded, so `pdftotext` reads names such as Siobhán and Łucja back). Left out of a
// build with TRIAD_BUILD_PAPER=OFF (README: mobile builds). Not thread-safe: reads through the
// given store, which is used from one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "triad/core/local_records.h"
#include "triad/core/record_id.h"
#include "triad/core/status.h"

namespace triad::paper {

// A4 in PDF points (1/72 inch).
inline constexpr double kA4Width = 595.28;
inline constexpr double kA4Height = 841.89;

// Whether records of `type` have a paper form: observations and lesson studies.
bool has_paper_form(std::string_view type);
// "observations and lesson studies", for messages that refuse another type.
std::string_view paper_forms_text();

// What the paper says about its printing, beside what the store knows.
struct PrintContext {
  uint64_t printed_ms = 0;  // when it was printed (Unix milliseconds), shown in local time
  // Who writes on which device (client::device_writers), to name the writer of each version of a
  // text in conflict; a site it lacks is named by its id.
  std::map<core::SiteId, std::string> device_writers;
};

struct Paper {
  std::string pdf;  // the whole PDF file
  int pages = 0;    // how many A4 pages it has
  std::string
      file_name;  // a clear name for it: "Observation 2014-03-21 Zoë Evans - Questioning.pdf"
};

// Prints the record `id` of `store`. kNotFound when the store does not hold it (or it was deleted:
// nothing is left to print), kFailedPrecondition when its type has no paper form (the message names
// the ones that do), kStoreError when the store cannot be read or the PDF cannot be made.
core::Result<Paper> print_record(core::LocalRecords& store, const core::RecordId& id,
                                 const PrintContext& context);

// Writes `pdf` to `path`. Refuses (kFailedPrecondition) when something is already there, unless
// `replace`; kInvalidArgument when `path` is a folder; kStoreError with the reason when it cannot
// be written. The bytes go to a temporary file beside it that is moved into place, so a failure
// leaves neither a partial PDF nor a damaged older one. The file is readable by its owner only
// (mode 0600): it holds what the store shares with this person.
core::Status save_pdf(const std::string& pdf, const std::string& path, bool replace);

// `folder`/`file_name` when nothing is there yet, else the first free of "NAME (2).pdf",
// "NAME (3).pdf"... so a second paper of the same record never replaces the first.
std::string unused_path(const std::string& folder, const std::string& file_name);

}  // namespace triad::paper
