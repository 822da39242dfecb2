// Boost.Asio with coroutines, as this toolchain needs it. Internal to sync.
#pragma once

// clang-format off: Boost 1.74's Asio under C++20 needs std::exchange declared first
#include <utility>
// clang-format on
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace triad::sync::detail {
namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;
}  // namespace triad::sync::detail
