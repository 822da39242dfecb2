// The hub-wide budget of bytes in frames in flight (triad/sync/detail/frame_budget.h), on an
// io_context with no sockets: a request waits while the budget is spent, is granted in turn when
// bytes come back, and gives up at its deadline.
#include "triad/sync/detail/frame_budget.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

using namespace triad::sync::detail;
using namespace std::chrono_literals;

namespace {

// Runs `body` as a coroutine on `io` until it and everything it started have finished. Catch2's
// assertions are not made inside the coroutines: they must not span a suspension.
template <class F>
void run(asio::io_context& io, F body) {
  asio::co_spawn(io, body, asio::detached);
  io.run_for(5s);
  io.restart();
}

}  // namespace

TEST_CASE("a frame budget makes requests wait while it is spent and grants them in turn",
          "[sync][budget]") {
  asio::io_context io;
  FrameBudget budget(100);
  std::vector<std::string> order;
  FrameBudget::Lease first(&budget), second(&budget), third(&budget);
  size_t waiting_before_release = 0;
  run(io, [&]() -> awaitable<void> {
    if (co_await first.grow(60, 1s)) order.push_back("first");
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          if (co_await second.grow(60, 2s))
            order.push_back("second");  // waits for the first's bytes
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          // It fits, but waits behind the second: first come, first served.
          if (co_await third.grow(10, 2s)) order.push_back("third");
        },
        asio::detached);
    asio::steady_timer t(io, 50ms);
    co_await t.async_wait(use_awaitable);
    waiting_before_release = budget.waiting();
    first.release();
  });
  CHECK(waiting_before_release == 2);
  CHECK(order == std::vector<std::string>{"first", "second", "third"});
  CHECK(budget.in_use() == 70);
  CHECK(budget.high_water() == 70);
}

TEST_CASE("a frame budget request gives up at its deadline and leaves the queue",
          "[sync][budget]") {
  asio::io_context io;
  FrameBudget budget(100);
  FrameBudget::Lease holder(&budget), late(&budget), small(&budget);
  bool holder_granted = false, late_granted = true, small_granted = false;
  std::chrono::steady_clock::duration late_waited{};
  run(io, [&]() -> awaitable<void> {
    holder_granted = co_await holder.grow(90, 1s);
    const auto start = std::chrono::steady_clock::now();
    late_granted = co_await late.grow(50, 100ms);
    late_waited = std::chrono::steady_clock::now() - start;
    small_granted = co_await small.grow(10, 100ms);  // fits once the late one has left
  });
  CHECK(holder_granted);
  CHECK_FALSE(late_granted);
  CHECK(late_waited >= 100ms);
  CHECK(small_granted);
  CHECK(budget.waiting() == 0);
  CHECK(budget.in_use() == 100);
  holder.release();
  small.release();
  CHECK(budget.in_use() == 0);
}

TEST_CASE("a frame larger than the whole budget is granted when the budget is otherwise unused",
          "[sync][budget]") {
  asio::io_context io;
  FrameBudget budget(100);
  FrameBudget::Lease big(&budget);
  bool granted = false;
  run(io, [&]() -> awaitable<void> { granted = co_await big.grow(4096, 100ms); });
  CHECK(granted);
  CHECK(budget.in_use() == 4096);
  big.release();
  CHECK(budget.in_use() == 0);
}
