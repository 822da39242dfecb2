// The simulated alliance: set-up, random steps, sessions over the faulty virtual network.
#include "world.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

#include "triad/core/sharing.h"
#include "triad/hub/hub_session.h"
#include "triad/postgres/connection.h"

namespace triad::sim {

namespace {

constexpr int64_t kTenYearsMs = 3650ll * 24 * 3600 * 1000;

core::FieldEdit put(std::string f, std::string v) {
  return {std::move(f), core::FieldEdit::Op::kAssign, std::move(v)};
}

const char* const kSchools[] = {"Fortismere", "Woodroffe", "Thornden", "Etonbury Academy",
                                "Portswood"};
const char* const kFoci[] = {"Questioning", "Phonics", "Growth mindset", "Low-level disruption",
                             "Differentiation"};
std::string field_text(const core::RecordState& r, const std::string& name) {
  const core::FieldState* f = r.field(name);
  return f ? f->value() : std::string();
}

const char* const kNotes[] = {"wait time improved", "pupils paired well", "re-plan the starter", "",
                              "Y4-07 explained"};

}  // namespace

World::World(SimConfig config) : config_(config), rng_(config.seed) {
  dir_ = (std::filesystem::temp_directory_path() /
          ("triad-sim-" + std::to_string(config.seed) + "-" + std::to_string(::getpid())))
             .string();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  hub_path_ = dir_ + "/hub.db";
  if (!config_.postgres.empty()) {
    database_ = fmt::format("triad_sim_{}_{}", config_.seed, ::getpid());
    auto server = postgres::Connection::open(config_.postgres);
    if (!server) throw std::runtime_error(server.status().message());
    auto made = (*server)->exec_script("making the run's database", "CREATE DATABASE " + database_);
    if (!made.is_ok()) throw std::runtime_error(made.message());
    hub_path_ = config_.postgres + " dbname=" + database_;  // the last dbname given wins
  }
  auto hub = sync::Hub::init(hub_path_, "The Mead",
                             options_for(std::make_shared<int64_t>(0), 1, hub_fault_in_));
  if (!hub) throw std::runtime_error(hub.status().message());
  hub_ = std::move(hub.value());
  hub_->set_log([this](const std::string& line) { log("hub: " + line); });
  if (!database_.empty()) {
    auto second =
        sync::Hub::open(hub_path_, options_for(std::make_shared<int64_t>(0), 1, hub_fault_in_));
    if (!second) throw std::runtime_error(second.status().message());
    second_hub_ = std::move(second.value());
    second_hub_->set_log([this](const std::string& line) { log("second hub: " + line); });
  }
  for (int i = 0; i < config_.devices; ++i) {
    Device d;
    const std::string school = kSchools[i % std::min(config_.schools, 5)];
    d.name = fmt::format("{} / Teacher {}", school, i);
    auto e = hub_->enrol(school, "Teacher " + std::to_string(i), core::DeviceRole::kDevice);
    if (!e) throw std::runtime_error(e.status().message());
    d.token = e->token;
    d.sane_skew_ms =
        static_cast<int64_t>(pick(2 * 3600'000)) - 3600'000;  // within an hour either way
    *d.skew_ms = d.sane_skew_ms;
    d.store = core::Store::create(":memory:", school, "Teacher " + std::to_string(i),
                                  options_for(d.skew_ms, 100 + i, d.fault_in))
                  .value();
    devices_.push_back(std::move(d));
  }
  if (config_.devices > 3 && chance(0.3)) {  // one tablet with its date ten years ahead
    Device& d = devices_[pick(devices_.size())];
    *d.skew_ms = kTenYearsMs;
    log(fmt::format("{} has its date ten years ahead", d.name));
  }
  troubles_.clock_jumps = chance(0.5);
  if (chance(0.25) && database_.empty()) {  // a PostgreSQL hub is restored with pg_restore
    troubles_.hub_restore = true;
  } else {
    troubles_.device_restores = chance(0.4);
    troubles_.revocation = config_.devices > 3 && chance(0.25);
  }
  log(fmt::format("troubles: {}{}{}{}", troubles_.device_restores ? "device restores, " : "",
                  troubles_.hub_restore ? "a hub restore, " : "",
                  troubles_.revocation ? "a revocation, " : "",
                  troubles_.clock_jumps ? "clock jumps" : ""));
}

World::~World() {
  links_.clear();
  devices_.clear();
  hub_.reset();
  second_hub_.reset();
  if (!database_.empty())
    if (auto server = postgres::Connection::open(config_.postgres))
      (void)(*server)->exec_script("dropping the run's database",
                                   "DROP DATABASE " + database_ + " WITH (FORCE)");
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

core::StoreOptions World::options_for(std::shared_ptr<int64_t> skew, core::SiteId site,
                                      std::shared_ptr<int> fault_in) {
  core::StoreOptions o;
  o.inject_fault = [fault_in] { return *fault_in > 0 && --*fault_in == 0; };
  o.wall = [this, skew] { return static_cast<uint64_t>(static_cast<int64_t>(now_ms_) + *skew); };
  o.site_id = site;
  o.synchronous_full = false;
  o.random = [this] { return rng_(); };
  return o;
}

void World::log(const std::string& line) {
  trace_.push_back(fmt::format("t={} {}", now_ms_ - 1'400'000'000'000ull, line));
  if (config_.trace) fmt::print("{}\n", trace_.back());
}

void World::step() {
  now_ms_ += 1 + pick(5000);
  if (chance(0.03)) return trouble();
  const uint64_t roll = pick(100);
  if (roll < 45) {
    edit(devices_[pick(devices_.size())]);
  } else if (roll < 65) {
    // One session per device at a time, as the lock beside a store makes it (triad sync, the app).
    const int d = static_cast<int>(pick(devices_.size()));
    if (devices_[d].online &&
        std::none_of(links_.begin(), links_.end(), [d](const Link& l) { return l.device == d; }))
      start_session(d);
  } else if (roll < 90) {
    if (!links_.empty()) pump(links_[pick(links_.size())]);
  } else if (roll < 95) {
    Device& d = devices_[pick(devices_.size())];
    d.online = !d.online;
    log(fmt::format("{} goes {}", d.name, d.online ? "online" : "offline (no wifi)"));
    if (!d.online)
      std::erase_if(links_, [&](const Link& l) { return devices_[l.device].store == d.store; });
  } else if (roll < 97) {
    const int d = static_cast<int>(pick(devices_.size()));
    log(fmt::format("{} restarts (its sessions die)", devices_[d].name));
    std::erase_if(links_, [&](const Link& l) { return l.device == d; });
  } else if (roll < 99) {
    crash_inside_transaction();
  } else {
    restart_hub();
  }
  // A finished session's last frames (the final Ack, Bye) still cross before the link is gone.
  std::erase_if(links_, [](const Link& l) {
    return l.client->finished() && l.to_device.empty() && l.to_hub.empty();
  });
}

void World::restart_hub() {
  log("the hub restarts (every session dies)");
  links_.clear();
  hub_.reset();
  second_hub_.reset();
  *hub_fault_in_ = 0;
  open_hubs();
}

void World::open_hubs() {
  hub_ = sync::Hub::open(hub_path_, options_for(std::make_shared<int64_t>(0), 1, hub_fault_in_))
             .value();
  hub_->set_log([this](const std::string& line) { log("hub: " + line); });
  if (database_.empty()) return;
  second_hub_ =
      sync::Hub::open(hub_path_, options_for(std::make_shared<int64_t>(0), 1, hub_fault_in_))
          .value();
  second_hub_->set_log([this](const std::string& line) { log("second hub: " + line); });
}

// A replica dies in the middle of a transaction: its Nth statement from now fails, the
// transaction rolls back (what recovery after a crash leaves), and the replica restarts.
void World::crash_inside_transaction() {
  const int n = 1 + static_cast<int>(pick(12));
  if (links_.empty() || pick(2)) {
    Device& d = devices_[pick(devices_.size())];
    log(fmt::format("{} crashes inside a transaction (statement {})", d.name, n));
    *d.fault_in = n;
    edit(d);
    auto it = std::find_if(links_.begin(), links_.end(),
                           [&](const Link& l) { return devices_[l.device].store == d.store; });
    if (it != links_.end()) pump(*it);  // pump may end the link: nothing is iterated after it
    *d.fault_in = 0;
    std::erase_if(links_, [&](const Link& l) { return devices_[l.device].store == d.store; });
  } else {
    log(fmt::format("the hub crashes inside a transaction (statement {})", n));
    *hub_fault_in_ = n;
    pump(links_[pick(links_.size())]);
    restart_hub();
  }
}

void World::start_session(int device) {
  Link link;
  link.device = device;
  sync::ClientOptions o;
  o.token = devices_[device].token;
  o.max_batch_records = 1 + static_cast<uint32_t>(pick(20));
  link.client = std::make_unique<sync::ClientSession>(*devices_[device].store, o);
  link.hub = std::make_unique<sync::HubSession>(any_hub());
  link.to_hub.push_back(link.client->hello());
  log(fmt::format("{} starts a session (batches of {})", devices_[device].name,
                  o.max_batch_records));
  links_.push_back(std::move(link));
}

// Carries one round of frames each way, with the network's faults. A lost frame is a dead
// connection: both ends drop the session (the device retries at a later step).
void World::pump(Link& link) {
  const std::string& who = devices_[link.device].name;
  auto deliver = [&](std::vector<v1::Envelope>& frames, auto&& receive,
                     std::vector<v1::Envelope>& replies) {
    std::vector<v1::Envelope> in;
    in.swap(frames);
    if (in.size() > 1 && chance(config_.p_reorder)) {
      const size_t i = pick(in.size() - 1);
      std::swap(in[i], in[i + 1]);
      log(fmt::format("two frames of {}'s session arrive out of order", who));
    }
    for (const v1::Envelope& f : in) {
      if (chance(config_.p_drop))
        return log(fmt::format("a frame of {}'s session is lost: the connection dies", who)), false;
      const bool twice = chance(config_.p_duplicate);
      if (twice) log(fmt::format("a frame of {}'s session arrives twice", who));
      for (int t = 0; t < (twice ? 2 : 1); ++t)
        for (auto& r : receive(f)) replies.push_back(std::move(r));
    }
    return true;
  };
  const bool revoked = devices_[link.device].revoked;
  const auto to_hub = [&](const v1::Envelope& f) {
    sync::Frames out = link.hub->receive(f);
    if (revoked && f.has_push() && !out.empty() && out[0].has_ack())
      broken_ += fmt::format("  the hub took a push from {} after its token was revoked\n", who);
    return out;
  };
  const bool alive =
      deliver(link.to_hub, to_hub, link.to_device) &&
      deliver(
          link.to_device, [&](const v1::Envelope& f) { return link.client->receive(f); },
          link.to_hub);
  if (alive && link.client->finished())
    log(fmt::format("{}'s session ends: {}", who,
                    link.client->status().is_ok() ? "ok" : link.client->status().message()));
  if (!alive) std::erase_if(links_, [&](const Link& l) { return &l == &link; });
}

// A person at the keyboard: a few characters typed at one place, or a few erased, in a text.
std::string World::typed(std::string text) {
  static const char kKeys[] = "abcdefghijklmnopqrstuvwxyz ,.Y4-07";
  const size_t at = pick(text.size() + 1);
  if (!text.empty() && pick(3) == 0) {
    text.erase(std::min(at, text.size() - 1), 1 + pick(4));
  } else {
    for (uint64_t i = 0, n = 1 + pick(6); i < n; ++i)
      text.insert(text.begin() + static_cast<std::ptrdiff_t>(at + i),
                  kKeys[pick(sizeof kKeys - 1)]);
  }
  return text;
}

void World::edit(Device& d) {
  auto listed = d.store->list("person");
  if (!listed)
    return log(fmt::format("{} cannot read its store: {}", d.name, listed.status().message()));
  auto people = std::move(listed.value());
  if (people.empty()) return;
  const std::string someone = people[pick(people.size())].header.id.to_string();
  const core::Viewer me{d.store->identity().school, d.store->identity().person};
  std::vector<core::RecordState> mine;  // what this teacher's app would let them edit
  for (const char* type :
       {"observation", "lesson_study", "enquiry", "learning_log", "coaching_session"}) {
    auto of_type = d.store->list(type);
    if (!of_type)
      return log(fmt::format("{} cannot read its store: {}", d.name, of_type.status().message()));
    for (auto& r : of_type.value())
      if (core::may_write(me, &r, r, nullptr).is_ok() || r.scope == core::Scope::kPrivate)
        mine.push_back(std::move(r));
  }
  const uint64_t roll = pick(12);
  core::Status s;
  std::string what;
  if (roll < 4 || mine.empty()) {
    static const char* kTypes[] = {"observation", "lesson_study", "enquiry", "learning_log",
                                   "coaching_session"};
    const std::string type = kTypes[pick(5)];
    core::FieldEdits edits;
    if (type == "coaching_session")
      edits = {put("coach", me.person.to_string()), put("coachee", someone),
               put("mode", "in-class")};
    if (type == "observation")
      edits = {put("observed_teacher", someone), put("focus", kFoci[pick(5)]),
               put("notes", kNotes[pick(5)])};
    if (type == "lesson_study")
      edits = {put("members", someone), put("members", me.person.to_string())};
    if (type == "enquiry")
      edits = {put("title", kFoci[pick(5)]), put("scope", pick(2) ? "alliance" : "school")};
    if (type == "learning_log") edits = {put("title", "Journal")};
    s = d.store->create_record(type, edits).status();
    what = "creates a " + type;
  } else {
    const core::RecordState& r = mine[pick(mine.size())];
    what = "edits " + r.header.type + " " + r.header.id.to_string().substr(0, 13);
    if (roll == 11) {
      s = d.store->delete_record(r.header.id);
      what = "deletes " + r.header.type + " " + r.header.id.to_string().substr(0, 13);
    } else if (r.header.type == "observation") {
      s = pick(2)
              ? d.store->update_record(r.header.id, {put("focus", kFoci[pick(5)])})
              : d.store->update_record(r.header.id, {put("notes", typed(field_text(r, "notes")))});
    } else if (r.header.type == "lesson_study") {
      core::FieldEdit e{
          "members", pick(3) ? core::FieldEdit::Op::kAdd : core::FieldEdit::Op::kRemove, someone};
      s = d.store->update_record(
          r.header.id,
          {e, {"targeted_pupils", core::FieldEdit::Op::kAdd, "Y4-0" + std::to_string(pick(9))}});
    } else if (r.header.type == "enquiry") {  // its phase, or evidence and cycles under it
      const uint64_t what_kind = pick(3);
      if (what_kind == 0)
        s = d.store->update_record(r.header.id, {put("phase", pick(2) ? "baseline" : "impact"),
                                                 put("baseline", kNotes[pick(5)])});
      else if (what_kind == 1)
        s = d.store
                ->create_record("evidence",
                                {put("enquiry", r.header.id.to_string()),
                                 put("stage", pick(2) ? "baseline" : "impact"),
                                 put("figures", "confidence=" + std::to_string(2 + pick(3)))})
                .status();
      else
        s = d.store
                ->create_record("enquiry_cycle", {put("enquiry", r.header.id.to_string()),
                                                  put("number", std::to_string(1 + pick(4)))})
                .status();
    } else if (r.header.type == "coaching_session") {  // notes, or its people change
      s = pick(2) ? d.store
                        ->create_record("coaching_note", {put("session", r.header.id.to_string()),
                                                          put("text", kNotes[pick(4)])})
                        .status()
                  : d.store->update_record(r.header.id,
                                           {put("coachee", someone),
                                            put("next_steps", typed(field_text(r, "next_steps")))});
    } else {
      s = d.store
              ->create_record("log_entry", {put("log", r.header.id.to_string()),
                                            put("date", "2014-03-1" + std::to_string(pick(9))),
                                            put("text", kNotes[pick(4)])})
              .status();
    }
  }
  log(fmt::format("{} {}{}", d.name, what, s.is_ok() ? "" : " (refused: " + s.message() + ")"));
}

}  // namespace triad::sim
