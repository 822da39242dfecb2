// A record's fields as they read on paper: references by name, sets as lists, short fields as
// rows and long texts under their names, a text in conflict as every version with who wrote it
// and when; who may see the record in words. Used by paper_document.cpp. Not thread-safe (reads
// names through the given store).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "paper_document.h"
#include "triad/core/local_records.h"
#include "triad/core/schema.h"

namespace triad::paper::detail {

// "2014-03-21 09:05", local time, for Unix milliseconds.
std::string local_time(uint64_t unix_ms);

// "Observed teacher", "Targeted pupils' responses".
std::string field_label(const core::FieldSpec& spec);

// A field's value as a person reads it: people, schools and records by name (their id when this
// store does not know them), a set's elements joined by ", "; "" when empty.
std::string shown_value(core::LocalRecords& store, const core::FieldSpec* spec,
                        const core::FieldState& field);

// The record's fields as blocks: its short fields as rows, those named in `first` first and in
// that order, the others in the schema's; then its long texts, each under its name, a text in
// conflict as all its versions. Empty fields are left out; `skip` names fields not to print (a
// lesson study's observations do not repeat the lesson study they belong to).
void add_fields(core::LocalRecords& store, const core::RecordState& record,
                const std::vector<std::string_view>& first,
                const std::vector<std::string_view>& skip, const PrintContext& context,
                std::vector<Block>& blocks);

// Who may see the record, in words: "The people it names: Ana Diaz, Ben Lee and Zoë Evans."
std::string audience_text(core::LocalRecords& store, const core::RecordState& record);

}  // namespace triad::paper::detail
