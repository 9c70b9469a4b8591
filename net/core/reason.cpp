#include "net/core/reason.h"

#include <cerrno>
#include <cstring>

#include "net/core/str_cat.h"

namespace weft::net {

std::string_view describe(ReasonCode code) {
  switch (code) {
    case ReasonCode::Done:
      return "Connection closed";
    case ReasonCode::Aborted:
      return "Connection aborted";
    case ReasonCode::Cancelled:
      return "Cancelled";
    case ReasonCode::LineTooLong:
      return "Line too long";
    case ReasonCode::ProtocolError:
      return "Protocol error";
    case ReasonCode::CallbackError:
      return "Error in a callback";
    case ReasonCode::RefusedByFactory:
      return "Connection refused by the server's factory";
    case ReasonCode::ShuttingDown:
      return "Shutting down";
    case ReasonCode::MessageTooLarge:
      return "Message too large";
    case ReasonCode::ConnectionLost:
      return "Connection lost";
    case ReasonCode::ConnectionRefused:
      return "Connection refused";
    case ReasonCode::TimedOut:
      return "Timed out";
    case ReasonCode::ResolveFailed:
      return "Could not resolve host name";
    case ReasonCode::Unreachable:
      return "Host unreachable";
    case ReasonCode::SocketError:
      return "Socket error";
    case ReasonCode::ServerFull:
      return "The server is full";
    case ReasonCode::VersionMismatch:
      return "Version mismatch";
    case ReasonCode::Kicked:
      return "Kicked by the server";
  }
  switch (bandOf(code).value_or(ReasonBand::Core)) {
    case ReasonBand::Core:
      break;
    case ReasonBand::Transport:
      return "Closed by the transport";
    case ReasonBand::Chat:
      return "Closed by the chat room";
    case ReasonBand::Game:
      return "Closed by the game";
  }
  return "Unknown reason";
}

std::string Reason::sentence() const {
  if (detail.empty()) return std::string(describe(code));
  return strCat(describe(code), ": ", detail);
}

Reason Reason::fromErrno(int error, std::string_view context) {
  ReasonCode code = ReasonCode::SocketError;
  switch (error) {
    case ECONNREFUSED:
      code = ReasonCode::ConnectionRefused;
      break;
    case ETIMEDOUT:
      code = ReasonCode::TimedOut;
      break;
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED:
      code = ReasonCode::ConnectionLost;
      break;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case ENETDOWN:
      code = ReasonCode::Unreachable;
      break;
    default:
      break;
  }
  if (context.empty()) return {code, std::strerror(error)};
  return {code, strCat(context, " (", std::strerror(error), ")")};
}

}  // namespace weft::net
