// What a sync session sends of a merging text field: the characters and erasures the receiver
// lacks, not the field's whole state (issue 15, item 4). Internal to core; pure functions.
//
// Sender. When a record row is rewritten by an edit or a merge, it keeps its text base: for each
// merging text field, the version (text_sequence.h TextVersion) of what the field held before,
// with the change numbers the row had that state between (store_rows.cpp, WriteContext::save). A
// session that knows the peer received the row in that state (the peer confirmed a checkpoint past
// its first number before the row moved on: replica.h Delivery) sends each sequence version
// holding that base as kTextChanges followed by TextSequence::changes_since(base): a one-sentence
// edit of a 10 KB note sends the sentence.
//
// Receiver. rebuild_text_changes() merges such changes into the join of what it holds of the
// field. The result holds the sender's version and, where the receiver had concurrent edits the
// sender lacks, those too; the text rule joins concurrent versions anyway, so the merged state is
// the one the whole version would give. When the receiver does not hold the base (it never got
// the row in that state: a record it may only now see, a store restored from a backup), nothing
// of the record is taken and the session asks for the whole state instead.
//
// kTextChanges appears only on the wire between peers that both speak the text-changes feature
// (sync.proto FEATURE_TEXT_CHANGES); it is never stored, and never written into a file.
#pragma once

#include <string>
#include <string_view>

#include "triad/core/record.h"
#include "triad/core/status.h"

namespace triad::core::detail {

constexpr char kTextChanges = 0x02;

// The text bases of `before` for the merging text fields of `after`, the state that replaces it:
// each field's version as the join of its sequence versions held it (read from their headers).
// "" when no such field holds a sequence version.
std::string encode_text_bases(const RecordState& before, const RecordState& after);

// What the peer that sent `sent` (as received, before rebuild_text_changes) holds of each of its
// merging text fields, from the headers of its whole states and changes, encoded as
// encode_text_bases does: a later change to the record can be sent that peer as the changes
// since, whatever its checkpoint says. "" when no field holds a sequence version.
std::string encode_sender_bases(const RecordState& sent);

// In `record`, read for sending, each sequence version of a merging text field that holds all of
// its field's base in one of `candidates` (each from encode_text_bases or encode_sender_bases:
// states the peer holds) becomes kTextChanges + the changes since that base, the shortest where
// several do, if shorter than the whole. Damaged bases are passed over.
void send_text_changes(RecordState& record, const std::vector<std::string_view>& candidates);

// Whether any version of `record` is kTextChanges.
bool has_text_changes(const RecordState& record);
// Drops every kTextChanges version of `record`.
void drop_text_changes(RecordState& record);

// Makes every kTextChanges version of `incoming` whole again from `held`, the receiver's stored
// state of the record (nullptr: none). false when it cannot: `held` lacks a base, or holds the
// field as versions kept apart, or the changes do not decode or fit; the sender then sends the
// whole record, which is judged as any is. A deleted `incoming` or `held` needs no text: its
// kTextChanges versions are dropped.
bool rebuild_text_changes(RecordState& incoming, const RecordState* held);

}  // namespace triad::core::detail
