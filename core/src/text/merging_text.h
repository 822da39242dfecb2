// Fields of kind kMergingText: long text whose concurrent edits merge character by character.
//
// Such a field keeps the shape every kind after the first three keeps (field_kind_table.h): a
// list of versions merged by the text rule, so a replica of an older Triad stores it and passes
// it on unchanged. A version's value is one of two things, told apart by its first byte:
//   0x01 ...  the state of a TextSequence (text_codec.cpp), written by a replica that merges;
//   0x00 ...  the UTF-8 text of a version written before the field merged (a kText version,
//             carried over unchanged with its stamp and seen vector).
// Concurrent sequence versions are joined into one when they meet (join_sequence_versions), so a
// passage one teacher erased while a colleague edited the same field keeps no bytes in the
// colleague's version once the two have merged. The field reads as its sequence version; texts
// carried over and not yet seen by a sequence version are its conflicts, shown and resolved as a
// text field's are. With no sequence version yet it reads as the text field it was. A kText state
// becomes a kMergingText state by a pure function (convert_text_field), so replicas that convert
// the same state independently hold the same state, and a write that has seen a carried-over text
// starts from it as a base whose characters are named after that text's stamp: two replicas
// starting from the same text start from the same characters. A store's saves type as one
// sequence site per open store (typing_site_of); other writes, as a site of their own named
// after their stamp (writer_site_of). Internal to core; pure functions.
#pragma once

#include <string>
#include <vector>

#include "triad/core/record.h"
#include "triad/core/text_sequence.h"

namespace triad::core::detail {

constexpr char kSequenceVersion = 0x01;
constexpr char kCarriedText = 0x00;

// The kMergingText form of a kText field: the same versions, their values marked carried over.
FieldState convert_text_field(const FieldState& text_field);

// Replaces two or more sequence versions of `field` (a state merge_versions kept) by one: their
// join, which has seen every write they had seen. Its stamp is a pure function of those writes
// (one after the newest of them, at a site named after all of them), so replicas that join the
// same writes in any order, or join some of them earlier, hold the same version, and an older
// Triad, which keeps concurrent versions apart, drops the ones the join has seen.
void join_sequence_versions(FieldState& field);

// Whether `v` is such a join (its stamp is the one join_sequence_versions gives what it saw).
bool is_join(const FieldVersion& v);

// Whether `after`, a later state of the same merging text field, no longer holds text `before`
// held: a character erased, a concurrent version joined, or a carried-over text seen. The store
// then scrubs its WAL, where the old bytes still are.
bool drops_text(const FieldState& before, const FieldState& after);

// Whether any merging text field of `before` drops text in `after` (drops_text).
bool record_drops_text(const RecordState& before, const RecordState& after);

// The join of the field's sequence versions (those that do not decode are left out).
TextSequence joined_sequence(const FieldState& field);

// The field as a person reads it: the current text first, then its conflicts (texts carried over
// that no sequence version has seen), each with the stamp of the write it comes from.
std::vector<FieldVersion> readable_versions(const FieldState& field);

// The field's current text: the join of its sequence versions, or, with none, its newest text
// carried over ("" for none). FieldState::value() of a merging field.
std::string current_text(const FieldState& field);

// A local write of `value` at `stamp`: the joined sequence (or the carried-over text it starts
// from) edited into `value` by a word diff, as one new version that has seen every version held.
void assign_merging_text(FieldState& field, const std::string& value, Stamp stamp);
// A person's save of `value`: as assign_merging_text, except that a field already reading `value`
// with no conflict is left as it is (the sequences are joined once for both), and that it types
// as `typing_site` when one is given (see typing_site_of) rather than as a site of its own.
// `typed` is how many operations this store has numbered as `typing_site` in this field so far,
// and is updated: if the field holds fewer (a refused change discarded for the hub's state), the
// save types as a site of its own, so no operation number is ever given twice.
void save_merging_text(FieldState& field, const std::string& value, Stamp stamp,
                       SiteId typing_site = 0, uint64_t* typed = nullptr);

// The sequence site a store's saves type as for as long as it is open: named after the replica's
// site id and a random number drawn when the store was opened (`typing_session`), so the saves of
// one app session extend one site (8 bytes and a version entry per field, not per save), while a
// store restored from a backup, which writes under its old site id until its next session, or a
// second process on the same store, never types as a site another copy typed as.
SiteId typing_site_of(SiteId replica_site, uint64_t typing_session);

}  // namespace triad::core::detail
