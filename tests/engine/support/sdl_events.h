// SDL input events built as SDL delivers them, for engine tests that feed layers and overlays
// without a keyboard. Tests: used by tests/engine/imgui/ and tests/engine/overlays/
#pragma once

#include <SDL.h>

namespace weft::testing {

// A key going down (or up, with SDL_KEYUP). The scancode is the one the keymap gives `sym`:
// SDL_SCANCODE_UNKNOWN until SDL's video is initialised, which overlays reading only `sym` and
// `mod` do not mind.
inline SDL_Event keyEvent(SDL_Keycode sym, Uint32 type = SDL_KEYDOWN, Uint16 mod = KMOD_NONE,
                          Uint8 repeat = 0) {
  SDL_Event event{};
  event.type = type;
  event.key.type = type;
  event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
  event.key.repeat = repeat;
  event.key.keysym.sym = sym;
  event.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
  event.key.keysym.mod = mod;
  return event;
}

// Text typed (or committed by an input method), as SDL_TEXTINPUT carries it.
inline SDL_Event textEvent(const char* utf8) {
  SDL_Event event{};
  event.type = SDL_TEXTINPUT;
  SDL_strlcpy(event.text.text, utf8, sizeof(event.text.text));
  return event;
}

}  // namespace weft::testing
