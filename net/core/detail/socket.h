// Small socket helpers shared by connections, listeners, connectors and UDP ports: every
// socket weft opens is non-blocking and close-on-exec. Internal.
// Tests: tests/net/core/stream_connection_test.cpp, tests/net/core/listener_test.cpp
#pragma once

#include "net/core/address.h"
#include "net/core/result.h"

namespace weft::net::detail {

// A non-blocking, close-on-exec socket, or an Error naming the call that failed.
Result<int> openSocket(int domain, int type);
// Turns off Nagle: games and chats send small messages that must not wait 40 ms.
void setNoDelay(int fd);
Address localAddress(int fd);
Address peerAddress(int fd);
// The pending error of a socket (SO_ERROR), 0 if none.
int pendingSocketError(int fd);

}  // namespace weft::net::detail
