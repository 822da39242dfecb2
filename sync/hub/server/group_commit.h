// Group commit for the hub's store thread. Frames from many sessions queue here; the store thread
// takes every frame waiting and handles them in one SQLite transaction, so one fsync covers many
// sessions' pushes, checkpoints and device notes instead of one fsync each. Each session's store
// work stays all-or-nothing on its own (Store::in_one_transaction uses a savepoint per edit), and
// no reply leaves before the commit that made it true: if the commit fails, every session of the
// group is told to retry later instead. Internal to sync.
#pragma once

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <vector>

#include "triad/hub/hub.h"
#include "triad/hub/hub_session.h"
#include "triad/sync/detail/asio_includes.h"
#include "triad/sync/session.h"

namespace triad::sync::detail {

class GroupCommit {
 public:
  GroupCommit(Hub& hub, asio::thread_pool& store_thread) : hub_(hub), store_thread_(store_thread) {}

  // Handles `frame` for `session` on the store thread, with whatever other frames are waiting,
  // and resumes on the calling coroutine's executor. nullopt when the group's commit failed.
  awaitable<std::optional<Frames>> handle(HubSession& session, const v1::Envelope& frame) {
    std::optional<Frames> out;
    co_await asio::async_initiate<decltype(use_awaitable), void()>(
        [&](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          // The work guard keeps the session's io_context running while its frame waits here.
          auto work = asio::make_work_guard(asio::get_associated_executor(*shared));
          enqueue(Item{&session, &frame, &out, [shared, work]() mutable {
                         asio::post(work.get_executor(), [shared] { std::move (*shared)(); });
                         work.reset();
                       }});
        },
        use_awaitable);
    co_return out;
  }

  size_t largest_group() const { return largest_group_; }  // for tests and the hub's log

 private:
  struct Item {
    HubSession* session;
    const v1::Envelope* frame;
    std::optional<Frames>* out;
    std::function<void()> resume;
  };

  void enqueue(Item item) {
    std::lock_guard lock(mu_);
    waiting_.push_back(std::move(item));
    if (draining_) return;
    draining_ = true;
    asio::post(store_thread_, [this] { drain(); });
  }

  // Store thread: handles the waiting frames in one transaction, at most kMostPerGroup of them,
  // then resumes their sessions. Pulls go first: they only read, so on PostgreSQL they run before
  // the group's first edit takes the write lock that other hub processes wait on. The cap keeps a
  // group from holding that lock for seconds while frames pile up (a convoy: at 10,000 sessions,
  // groups of thousands held it for 2.5 s, and this process's pulls waited behind them).
  void drain() {
    std::vector<Item> group;
    {
      std::lock_guard lock(mu_);
      if (waiting_.size() <= kMostPerGroup) {
        group.swap(waiting_);
        draining_ = false;
      } else {
        group.assign(std::make_move_iterator(waiting_.begin()),
                     std::make_move_iterator(waiting_.begin() + kMostPerGroup));
        waiting_.erase(waiting_.begin(), waiting_.begin() + kMostPerGroup);
        asio::post(store_thread_, [this] { drain(); });  // the rest, next
      }
    }
    std::stable_partition(group.begin(), group.end(), [](const Item& item) {
      return item.frame->body_case() == v1::Envelope::kPull;
    });
    if (group.size() > largest_group_) largest_group_ = group.size();
    if (group.size() == 1) {  // alone: the session's own transactions, as without grouping
      handle_one(group[0]);
    } else {
      const core::Status committed = hub_.store().in_one_transaction([&] {
        for (Item& item : group) handle_one(item);
        return core::Status::ok();
      });
      if (!committed.is_ok()) {
        hub_.log("a group of " + std::to_string(group.size()) +
                 " frames was not committed: " + committed.message());
        for (Item& item : group) item.out->reset();
      }
    }
    for (Item& item : group) item.resume();
  }

  // One session's frame; an exception ends that session only (no reply), never the hub.
  void handle_one(Item& item) {
    try {
      *item.out = item.session->receive(*item.frame);
    } catch (const std::exception& e) {
      const std::string& address = item.session->peer_address();
      hub_.log((address.empty() ? "" : address + " ") +
               "a session's frame failed on the store thread: " + e.what());
      item.out->reset();
    }
  }

  static constexpr size_t kMostPerGroup = 256;

  Hub& hub_;
  asio::thread_pool& store_thread_;
  std::mutex mu_;
  std::vector<Item> waiting_;
  bool draining_ = false;
  size_t largest_group_ = 0;  // store thread only
};

}  // namespace triad::sync::detail
