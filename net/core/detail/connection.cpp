#include "net/core/detail/connection.h"

#include <utility>

#include "net/core/str_cat.h"

namespace weft::net::detail {

std::string callbackErrorLine(const Address& peer, const char* callback, const std::string& what) {
  return strCat("protocol for ", peer.toString(), " threw in ", callback, ": ", what,
                "; closing that connection");
}

std::unique_ptr<Protocol> buildServerProtocol(Logger& logger, Factory& factory,
                                              const Address& peer) {
  try {
    return factory.buildProtocol(peer);
  } catch (const std::exception& e) {
    logger.error(strCat("buildProtocol threw for ", peer.toString(), ": ", e.what()));
  } catch (...) {
    logger.error(strCat("buildProtocol threw a non-standard exception for ", peer.toString()));
  }
  return nullptr;
}

void reportClosed(Logger& logger, const Address& peer, Protocol& protocol,
                  ConnectionObserver*& observer, const Reason& reason) {
  try {
    protocol.notifyConnectionLost(reason);
  } catch (const std::exception& e) {
    logger.error(strCat("protocol for ", peer.toString(), " threw in connectionLost: ", e.what()));
  } catch (...) {
    logger.error(strCat("protocol for ", peer.toString(),
                        " threw a non-standard exception in connectionLost"));
  }
  if (ConnectionObserver* told = std::exchange(observer, nullptr)) told->connectionClosed(reason);
}

}  // namespace weft::net::detail
