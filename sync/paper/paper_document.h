// A paper before it is laid out: what it says, in order, as blocks of kinds the layout knows
// (pdf_pages.h gives each kind its font, indent and rules for breaking across pages). Built from
// a store's records by paper_document.cpp; the field values as a person reads them come from
// paper_fields.cpp. Not thread-safe (reads through the given store).
#pragma once

#include <string>
#include <vector>

#include "triad/core/local_records.h"
#include "triad/paper/paper.h"

namespace triad::paper::detail {

struct Block {
  enum class Kind {
    kTitle,           // the paper's title: "Lesson observation"
    kSubtitle,        // under it: whose lesson, when, where
    kSection,         // a part of the paper: "Observation 1 of 2", "Who may see it"
    kField,           // `label` beside `text`: a short field
    kTextHeading,     // a long text's name, above it
    kText,            // a long text: paragraphs, wrapped, broken across pages
    kConflictNote,    // why two versions follow, marked in the margin with the versions
    kVersionHeading,  // "Version 1, shown in Triad now: Ana Diaz, 2014-03-21 10:02"
    kVersionText,     // one version's text, marked in the margin
    kSmall,           // small print: who recorded it, the record's id
  };
  Kind kind;
  std::string text;
  std::string label;  // kField only
};

struct PaperDocument {
  std::string title;  // the PDF's title (its metadata), e.g. "Lesson observation: Zoë Evans"
  std::string running_head;  // at the top of every page after the first
  std::string footer;        // at the foot of every page, beside "Page N of M"
  std::vector<Block> blocks;
};

// The paper of `record` (a type with a paper form, live), and the name of its file.
core::Result<PaperDocument> paper_of(core::LocalRecords& store, const core::RecordState& record,
                                     const PrintContext& context);
std::string file_name_of(core::LocalRecords& store, const core::RecordState& record);

}  // namespace triad::paper::detail
