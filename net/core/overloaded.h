// Overloaded: one visitor for std::visit made of several lambdas, one per alternative.
// Tests: tests/game/server/arena_handshake_test.cpp (through the arena's message visitors)
#pragma once

namespace weft::net {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace weft::net
