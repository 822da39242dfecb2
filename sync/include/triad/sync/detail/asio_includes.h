// Boost.Asio with coroutines, as this toolchain needs it (triad/net/asio.h), under the names the
// sync transport uses. Internal to sync.
#pragma once

#include "triad/net/asio.h"

namespace triad::sync::detail {
namespace asio = boost::asio;
using net::awaitable;
using net::TlsStream;
using net::use_awaitable;
using tcp = asio::ip::tcp;
}  // namespace triad::sync::detail
