#include "net/core/detail/reactor_link.h"

#include "net/core/detail/reactor_access.h"

namespace weft::net::detail {

ReactorLink::ReactorLink(Reactor& reactor, UniqueFunction<void()> onDetach)
    : reactor_(&reactor), onDetach_(std::move(onDetach)) {
  ReactorAccess::track(reactor, this);
}

ReactorLink::~ReactorLink() {
  if (reactor_ != nullptr) ReactorAccess::untrack(*reactor_, this);
}

void ReactorLink::detach() {
  if (auto onDetach = std::move(onDetach_)) onDetach();
  reactor_ = nullptr;
}

}  // namespace weft::net::detail
