// Boost.Asio with coroutines and TLS, as this toolchain needs it (shared/notes/spike.md): every
// file of Triad that uses Asio includes it through here. The names the network code uses.
#pragma once

// clang-format off: Boost 1.74's Asio under C++20 needs std::exchange declared first
#include <utility>
// clang-format on
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace triad::net {
namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;
}  // namespace triad::net
