// TransportSettings: the settings of transports that plug into the reactor from outside core
// (ENet's EnetConfig), one value per type, given with the rest of ReactorConfig — so a reactor
// carries a transport's tunables without core naming the transport.
// Tests: tests/net/core/transport_settings_test.cpp, tests/net/enet/enet_batch_test.cpp
#pragma once

#include <any>
#include <utility>
#include <vector>

namespace weft::net {

// A transport reads its own settings when it opens a socket (not per packet), so the lookup by
// type costs nothing on a hot path. A transport whose settings were not given uses its defaults.
class TransportSettings {
 public:
  // Sets the value of type T, replacing an earlier one.
  template <typename T>
  TransportSettings& set(T value) {
    for (std::any& held : values_) {
      if (auto* same = std::any_cast<T>(&held)) {
        *same = std::move(value);
        return *this;
      }
    }
    values_.emplace_back(std::move(value));
    return *this;
  }

  // The value of type T that was set, or T's defaults.
  template <typename T>
  T get() const {
    for (const std::any& held : values_) {
      if (const auto* value = std::any_cast<T>(&held)) return *value;
    }
    return T{};
  }

 private:
  std::vector<std::any> values_;
};

}  // namespace weft::net
