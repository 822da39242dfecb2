// The hub-wide budget of bytes held in frames in flight (README "Limits and deadlines"): the
// buffers of frames being received, which grow as their bytes arrive (frame_io.h), and frames
// being written. A session takes bytes from the budget before it holds them and gives them back
// when the frame has been handled or written (a FrameBudget::Lease does both).
//
// When the budget is spent, a session waits, first come first served, without reading from its
// socket, so TCP holds its sender back; bytes given back go to the waiting sessions in turn. A
// wait has a time limit (the frame's own deadline): then the session is told to retry later, and
// nothing it sent is kept. A request larger than the whole budget is granted when the budget is
// otherwise unused, so no frame within the frame limit waits forever.
//
// Internal to sync. Used from the hub's one I/O thread only; not thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <list>

#include "triad/sync/detail/asio_includes.h"

namespace triad::sync::detail {

class FrameBudget {
 public:
  explicit FrameBudget(size_t limit) : limit_(limit) {}
  FrameBudget(const FrameBudget&) = delete;
  FrameBudget& operator=(const FrameBudget&) = delete;

  // Bytes held from a budget, given back when the lease is destroyed.
  class Lease {
   public:
    explicit Lease(FrameBudget* budget = nullptr) : budget_(budget) {}
    Lease(Lease&& other) noexcept
        : budget_(other.budget_), bytes_(std::exchange(other.bytes_, 0)) {}
    Lease& operator=(Lease&& other) noexcept {
      release();
      budget_ = other.budget_;
      bytes_ = std::exchange(other.bytes_, 0);
      return *this;
    }
    ~Lease() { release(); }

    // Adds `n` bytes to the lease, waiting up to `wait` for them; false if they did not come.
    // Without a budget every request is granted at once.
    awaitable<bool> grow(size_t n, std::chrono::steady_clock::duration wait) {
      if (budget_) {  // not `budget_ && !co_await ...`: g++ 12 miscompiles co_await in a
                      // short-circuit
        const bool granted = co_await budget_->take(n, wait);
        if (!granted) co_return false;
      }
      bytes_ += n;
      co_return true;
    }
    void release() {
      if (budget_ && bytes_) budget_->give_back(bytes_);
      bytes_ = 0;
    }
    size_t bytes() const { return bytes_; }

   private:
    FrameBudget* budget_;
    size_t bytes_ = 0;
  };

  size_t limit() const { return limit_; }
  size_t in_use() const { return in_use_; }
  size_t high_water() const { return high_water_; }
  size_t waiting() const { return waiters_.size(); }
  // The hub is being destroyed with sessions unfinished: leases given back from now on wake no one.
  void abandon() { abandoned_ = true; }

 private:
  struct Waiter {
    size_t bytes;
    asio::steady_timer* timer;
    bool granted = false;
  };

  bool fits(size_t n) const { return in_use_ == 0 || in_use_ + n <= limit_; }

  void grant(size_t n) {
    in_use_ += n;
    high_water_ = std::max(high_water_, in_use_);
  }

  awaitable<bool> take(size_t n, std::chrono::steady_clock::duration wait) {
    if (waiters_.empty() && fits(n)) {
      grant(n);
      co_return true;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(wait);
    Queued queued(waiters_, waiters_.insert(waiters_.end(), Waiter{n, &timer}));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));  // cancelled: granted
    if (queued.entry->granted) co_return true;
    queued.leave();
    wake_waiters();  // this one may have held up those behind it
    co_return false;
  }

  // A waiter's place in the queue, left when its coroutine ends or is destroyed with the hub.
  struct Queued {
    std::list<Waiter>& list;
    std::list<Waiter>::iterator entry;
    bool in_list = true;
    Queued(std::list<Waiter>& l, std::list<Waiter>::iterator e) : list(l), entry(e) {}
    void leave() {
      if (in_list) list.erase(entry);
      in_list = false;
    }
    ~Queued() { leave(); }
  };

  void give_back(size_t n) {
    in_use_ -= std::min(n, in_use_);
    if (!abandoned_) wake_waiters();
  }

  // Grants waiting requests in turn while they fit; the first that does not fit holds the rest.
  void wake_waiters() {
    for (Waiter& w : waiters_) {
      if (w.granted) continue;
      if (!fits(w.bytes)) return;
      grant(w.bytes);
      w.granted = true;
      w.timer->cancel();
    }
  }

  size_t limit_;
  size_t in_use_ = 0;
  size_t high_water_ = 0;
  std::list<Waiter> waiters_;
  bool abandoned_ = false;
};

}  // namespace triad::sync::detail
