// `triad-bench text`: the text kind's merging sequence on real editing traces, beside a plain
// string doing the same splices. Sequential traces are applied as local edits; their stored state
// is encoded and loaded back. Concurrent traces are replayed by one replica per author, each
// transaction on a replica holding exactly what its author had seen, its changes sent on; then
// two fresh replicas merge every transaction's changes in two different orders. Every replay is
// checked against the trace's endContent: a mismatch is an error, not a figure.
#include <fmt/format.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bench_commands.h"
#include "editing_trace.h"
#include "measure.h"
#include "triad/core/field_ops.h"
#include "triad/core/text_sequence.h"
#include "triad/sync/codec.h"

namespace triad::bench {

namespace {

constexpr core::SiteId kFirstAgentSite = 0x7E57'0000'0000'0001;

void must_ok(const core::Status& s, const std::string& what) {
  if (!s) throw std::runtime_error(what + ": " + s.message());
}

void apply(core::TextSequence& t, core::SiteId site, const TracePatch& p) {
  if (p.erase) must_ok(t.erase(site, p.pos, p.erase), "an erasure of the trace");
  if (!p.insert.empty()) must_ok(t.insert(site, p.pos, p.insert), "an insertion of the trace");
}

// Byte offset of character `chars` of UTF-8 `s`.
size_t byte_offset(const std::string& s, size_t chars) {
  size_t at = 0;
  for (; chars > 0 && at < s.size(); --chars) do
      ++at;
    while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80);
  return at;
}

size_t char_count(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

struct SequentialFigures {
  std::string name;
  size_t edits = 0, final_chars = 0, runs = 0;
  double apply_ms = 0, plain_ms = 0;
  double load_ms = 0, plain_load_ms = 0;
  size_t stored_bytes = 0, text_bytes = 0;
  double peak_mib = 0;
};

bool is_ascii(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// The same patches spliced into a std::string: character positions are byte positions when the
// trace is ASCII (automerge-paper is), else each patch finds its byte offset from the start.
std::string plain_splice(const EditingTrace& trace) {
  bool ascii = is_ascii(trace.start_content);
  for (const TraceTransaction& t : trace.transactions)
    for (const TracePatch& p : t.patches) ascii = ascii && is_ascii(p.insert);
  std::string s = trace.start_content;
  for (const TraceTransaction& t : trace.transactions)
    for (const TracePatch& p : t.patches) {
      const size_t at = ascii ? p.pos : byte_offset(s, p.pos);
      const size_t bytes = ascii ? p.erase : byte_offset(s.substr(at), p.erase);
      s.replace(at, bytes, p.insert);
    }
  return s;
}

core::TextSequence apply_all(const EditingTrace& trace) {
  core::TextSequence t;
  must_ok(t.insert(kFirstAgentSite, 0, trace.start_content), "the start content");
  for (const TraceTransaction& txn : trace.transactions)
    for (const TracePatch& p : txn.patches) apply(t, kFirstAgentSite, p);
  return t;
}

long status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  return -1;
}

// Peak memory the replay adds, measured in a child process: its peak RSS (reset at its start
// through /proc/self/clear_refs) less its RSS at that start.
double peak_mib_of_replay(const EditingTrace& trace) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    malloc_trim(0);  // the parsed trace's freed memory goes back, so the replay's shows in RSS
    { std::ofstream("/proc/self/clear_refs") << "5"; }
    const long start = status_kib("VmRSS:");
    const core::TextSequence t = apply_all(trace);
    long added = status_kib("VmHWM:") - start;
    if (t.size() != char_count(trace.end_content) || start < 0) added = -1;
    (void)!write(fds[1], &added, sizeof added);
    std::_Exit(0);
  }
  close(fds[1]);
  long added = -1;
  (void)!read(fds[0], &added, sizeof added);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (added < 0) throw std::runtime_error("the replay in a child process failed");
  return static_cast<double>(added) / 1024.0;
}

SequentialFigures run_sequential(const std::string& name, const EditingTrace& trace, int repeats) {
  SequentialFigures f;
  f.name = name;
  f.edits = trace.patch_count();
  std::vector<double> applies, plains, loads, plain_loads;
  std::string encoded;
  for (int i = 0; i < repeats; ++i) {
    Stopwatch w;
    const core::TextSequence t = apply_all(trace);
    applies.push_back(w.ms());
    if (t.text() != trace.end_content)
      throw std::runtime_error(name + ": the replay does not end at the trace's endContent");
    f.runs = t.run_count();
    f.final_chars = t.size();
    encoded = t.encode();
    Stopwatch p;
    const std::string plain = plain_splice(trace);
    plains.push_back(p.ms());
    if (plain != trace.end_content)
      throw std::runtime_error(name + ": the plain splices do not end at endContent");
  }
  for (int i = 0; i < std::max(repeats, 5); ++i) {
    Stopwatch w;
    auto loaded = core::TextSequence::load(encoded);
    loads.push_back(w.ms());
    if (!loaded || loaded->text() != trace.end_content)
      throw std::runtime_error(name + ": the stored state does not load back");
    Stopwatch p;
    std::string copy(trace.end_content.data(), trace.end_content.size());
    plain_loads.push_back(p.ms());
    if (copy.size() != trace.end_content.size()) throw std::logic_error("copy");
  }
  f.apply_ms = median(applies);
  f.plain_ms = median(plains);
  f.load_ms = median(loads);
  f.plain_load_ms = median(plain_loads);
  f.stored_bytes = encoded.size();
  f.text_bytes = trace.end_content.size();
  f.peak_mib = peak_mib_of_replay(trace);
  return f;
}

struct ConcurrentFigures {
  std::string name;
  size_t transactions = 0, agents = 0, rebuilt = 0;
  double replay_ms = 0, merge_ms = 0, other_order_ms = 0, plain_ms = 0;
  size_t stored_bytes = 0, text_bytes = 0, changes_bytes = 0;
};

core::TextVersion max_of(const core::TextVersion& a, const core::TextVersion& b) {
  core::TextVersion out = a;
  for (const auto& [site, n] : b) {
    auto it = std::lower_bound(out.begin(), out.end(), std::make_pair(site, uint64_t{0}));
    if (it != out.end() && it->first == site)
      it->second = std::max(it->second, n);
    else
      out.insert(it, {site, n});
  }
  return out;
}

ConcurrentFigures run_concurrent(const std::string& name, const EditingTrace& trace) {
  ConcurrentFigures f;
  f.name = name;
  f.transactions = trace.transactions.size();
  f.agents = trace.agents;
  const size_t n = trace.transactions.size();
  std::vector<std::string> changes(n);
  std::vector<core::TextVersion> after(n);  // what a replica holds once it has applied txn i
  std::vector<core::TextSequence> replicas(trace.agents);
  std::vector<std::vector<bool>> applied(trace.agents, std::vector<bool>(n, false));

  // Brings `r` up to every ancestor of `parents` it lacks, oldest first.
  auto catch_up = [&](core::TextSequence& r, std::vector<bool>& done,
                      const std::vector<size_t>& parents) {
    std::vector<size_t> stack(parents), missing;
    while (!stack.empty()) {
      const size_t t = stack.back();
      stack.pop_back();
      if (done[t]) continue;
      done[t] = true;
      missing.push_back(t);
      for (size_t p : trace.transactions[t].parents) stack.push_back(p);
    }
    std::sort(missing.begin(), missing.end());
    for (size_t t : missing) must_ok(r.merge(changes[t]), name + ": a transaction's changes");
  };

  Stopwatch replay;
  for (size_t i = 0; i < n; ++i) {
    const TraceTransaction& txn = trace.transactions[i];
    core::TextVersion seen;
    for (size_t p : txn.parents) seen = max_of(seen, after[p]);
    core::TextSequence* r = &replicas[txn.agent];
    catch_up(*r, applied[txn.agent], txn.parents);
    core::TextSequence rebuilt;
    if (r->version() != seen) {  // the author branched from an older state than its replica's
      ++f.rebuilt;
      std::vector<bool> none(n, false);
      catch_up(rebuilt, none, txn.parents);
      r = &rebuilt;
    }
    const core::TextVersion before = r->version();
    for (const TracePatch& p : txn.patches) apply(*r, kFirstAgentSite + txn.agent, p);
    changes[i] = r->changes_since(before);
    after[i] = r->version();
    f.changes_bytes += changes[i].size();
    if (r != &replicas[txn.agent]) continue;
    applied[txn.agent][i] = true;
  }
  f.replay_ms = replay.ms();

  // Two fresh replicas merge every transaction: in trace order, and with the last agent's
  // transactions first wherever their parents allow.
  Stopwatch merge;
  core::TextSequence in_order;
  for (size_t i = 0; i < n; ++i) must_ok(in_order.merge(changes[i]), name + ": merge in order");
  f.merge_ms = merge.ms();
  Stopwatch other;
  core::TextSequence other_order;
  {
    std::vector<bool> done(n, false);
    std::vector<size_t> queue;
    for (size_t agent = trace.agents; agent-- > 0;)
      for (size_t i = 0; i < n; ++i)
        if (trace.transactions[i].agent == agent) queue.push_back(i);
    size_t merged = 0;
    while (merged < n) {
      bool progress = false;
      for (size_t i : queue) {
        if (done[i]) continue;
        bool ready = true;
        for (size_t p : trace.transactions[i].parents) ready = ready && done[p];
        if (!ready) continue;
        must_ok(other_order.merge(changes[i]), name + ": merge in another order");
        done[i] = true;
        ++merged;
        progress = true;
      }
      if (!progress) throw std::runtime_error(name + ": the trace's parents form a cycle");
    }
  }
  f.other_order_ms = other.ms();
  if (in_order.text() != trace.end_content || other_order.text() != trace.end_content)
    throw std::runtime_error(name + ": the merged text is not the trace's endContent");
  if (!(in_order == other_order))
    throw std::runtime_error(name + ": the two merge orders give different states");
  f.stored_bytes = in_order.encode().size();
  f.text_bytes = trace.end_content.size();
  Stopwatch plain;  // the floor: the final text typed into a string once, character by character
  std::string typed;
  for (char c : trace.end_content) typed.push_back(c);
  f.plain_ms = plain.ms();
  if (typed != trace.end_content) throw std::logic_error("typed");
  return f;
}

// A note written once, then one word of it changed: the record's bytes on the wire (its protobuf,
// which carries each version's value, stamp and seen vector as a stored body does) with the note a
// text field, with it a merging text field sent whole, and sent as the changes since the note a
// peer received (sync.proto TEXT CHANGES).
struct NoteFigures {
  size_t chars = 0;
  size_t text_bytes = 0, merging_bytes = 0, changes_bytes = 0;
  size_t text_value = 0, merging_value = 0;
};

NoteFigures run_note(size_t chars) {
  std::string note;
  for (int i = 0; note.size() < chars; ++i)
    note += "Pupils in group " + std::to_string(i) + " explained their method to a partner. ";
  note.resize(chars);
  std::string edited = note;
  edited.replace(edited.rfind("explained"), 9, "described");
  NoteFigures f;
  f.chars = chars;
  for (core::FieldKind kind : {core::FieldKind::kText, core::FieldKind::kMergingText}) {
    core::RecordState r;
    r.header.id = core::RecordId::derive("note", "bench");
    r.header.type = "observation";
    r.header.created = {core::make_hlc(1'700'000'000'000, 0), 0xA11CE};
    core::FieldState& field = r.fields["notes"];
    core::assign_value(field, kind, note, {core::make_hlc(1'700'000'000'000, 1), 0xA11CE});
    const std::string received = field.versions.front().value;
    core::assign_value(field, kind, edited, {core::make_hlc(1'700'000'100'000, 0), 0xB0B});
    if (field.value() != edited) throw std::logic_error("the note does not read back");
    v1::Record proto;
    sync::to_proto(r, proto);
    const bool merging = kind == core::FieldKind::kMergingText;
    (merging ? f.merging_bytes : f.text_bytes) = proto.ByteSizeLong();
    (merging ? f.merging_value : f.text_value) = field.versions.front().value.size();
    if (!merging) continue;
    // As sent to a peer that received the first note: 0x02, then the changes since its version.
    auto before = core::TextSequence::load(received);
    auto after = core::TextSequence::load(field.versions.front().value);
    if (!before || !after) throw std::logic_error("the note's state does not load");
    field.versions.front().value = "\x02" + after->changes_since(before->version());
    v1::Record sent;
    sync::to_proto(r, sent);
    f.changes_bytes = sent.ByteSizeLong();
  }
  return f;
}

}  // namespace

int run_text(const TextArgs& a) {
  const std::string dir = a.traces.empty() ? TRIAD_EDITING_TRACES : a.traces;
  const EditingTrace paper = load_editing_trace(dir + "/automerge-paper.json.gz");
  const SequentialFigures s = run_sequential("automerge-paper", paper, a.repeats);
  const NoteFigures note = run_note(300), long_note = run_note(10'000);
  std::vector<ConcurrentFigures> concurrent;
  for (const char* name : {"friendsforever", "clownschool"})
    concurrent.push_back(run_concurrent(name, load_editing_trace(dir + "/" + name + ".json.gz")));

  if (a.json) {
    nlohmann::json j;
    j["sequential"] = {{"trace", s.name},
                       {"edits", s.edits},
                       {"apply_ms", s.apply_ms},
                       {"plain_string_ms", s.plain_ms},
                       {"load_ms", s.load_ms},
                       {"plain_copy_ms", s.plain_load_ms},
                       {"stored_bytes", s.stored_bytes},
                       {"text_bytes", s.text_bytes},
                       {"runs", s.runs},
                       {"peak_mib", s.peak_mib}};
    for (const ConcurrentFigures& c : concurrent)
      j["concurrent"].push_back({{"trace", c.name},
                                 {"transactions", c.transactions},
                                 {"replay_ms", c.replay_ms},
                                 {"merge_ms", c.merge_ms},
                                 {"other_order_ms", c.other_order_ms},
                                 {"plain_typing_ms", c.plain_ms},
                                 {"stored_bytes", c.stored_bytes},
                                 {"text_bytes", c.text_bytes},
                                 {"changes_bytes", c.changes_bytes},
                                 {"rebuilt", c.rebuilt}});
    for (const NoteFigures* n : {&note, &long_note})
      j[fmt::format("note_{}", n->chars)] = {
          {"text_field_record_bytes", n->text_bytes},
          {"merging_text_record_bytes", n->merging_bytes},
          {"merging_text_changes_record_bytes", n->changes_bytes},
          {"text_field_value_bytes", n->text_value},
          {"merging_text_value_bytes", n->merging_value}};
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  Table t({"automerge-paper (local edits)", "text sequence", "plain string", "ratio"});
  t.add({fmt::format("apply {} edits, ms", s.edits), fixed(s.apply_ms, 1), fixed(s.plain_ms, 1),
         fmt::format("{:.1f}x", s.apply_ms / s.plain_ms)});
  t.add({"load the stored final state, ms", fixed(s.load_ms, 2), fixed(s.plain_load_ms, 3),
         fmt::format("{:.0f}x", s.load_ms / std::max(s.plain_load_ms, 1e-3))});
  t.add({"stored state, bytes", fmt::format("{}", s.stored_bytes), fmt::format("{}", s.text_bytes),
         fmt::format("{:.2f}x", static_cast<double>(s.stored_bytes) / s.text_bytes)});
  t.add({"peak memory added while applying, MiB", fixed(s.peak_mib, 1), "", ""});
  t.add({"runs in memory", fmt::format("{}", s.runs), "", ""});
  fmt::print("Text sequence on editing traces (median of {} runs where repeated)\n{}", a.repeats,
             t.render());
  Table c({"concurrent trace", "transactions", "branched", "replay ms", "merge ms",
           "other order ms", "plain typing ms", "state bytes", "text bytes", "ratio",
           "changes sent bytes"});
  for (const ConcurrentFigures& f : concurrent)
    c.add({f.name, fmt::format("{}", f.transactions), fmt::format("{}", f.rebuilt),
           fixed(f.replay_ms, 1), fixed(f.merge_ms, 1), fixed(f.other_order_ms, 1),
           fixed(f.plain_ms, 2), fmt::format("{}", f.stored_bytes), fmt::format("{}", f.text_bytes),
           fmt::format("{:.2f}x", static_cast<double>(f.stored_bytes) / f.text_bytes),
           fmt::format("{}", f.changes_bytes)});
  fmt::print("\n{}", c.render());
  Table n({"a note, one word changed", "text field", "merging text", "ratio"});
  for (const NoteFigures* f : {&note, &long_note}) {
    n.add({fmt::format("{} characters: the record on the wire, bytes", f->chars),
           fmt::format("{}", f->text_bytes), fmt::format("{}", f->merging_bytes),
           fmt::format("{:.2f}x", static_cast<double>(f->merging_bytes) / f->text_bytes)});
    n.add({"  sent as changes to a peer holding the note, bytes", "",
           fmt::format("{}", f->changes_bytes),
           fmt::format("{:.2f}x", static_cast<double>(f->changes_bytes) / f->text_bytes)});
    n.add({"  the field's value, bytes", fmt::format("{}", f->text_value),
           fmt::format("{}", f->merging_value),
           fmt::format("{:.2f}x", static_cast<double>(f->merging_value) / f->text_value)});
  }
  fmt::print("\n{}", n.render());
  return 0;
}

}  // namespace triad::bench
