#!/usr/bin/env bash
# tests/package/check.sh BUILD_DIR — installs a weft build into a temporary prefix and builds the
# projects beside this script against it, as an outside project would (find_package(weft) with
# CMAKE_PREFIX_PATH): net_only and all_headers always, engine_app when the build has the engine
# (without it, checks that asking for the engine fails with a clear message), and README's
# embedding guide engine/examples/chat_window as its own project. Then, as a Make or Meson game
# would, pkg_config_net, net_only's program and pkg_config_engine with nothing but the compiler
# and pkg-config (weft-net.pc, weft-testing.pc, weft-engine.pc). Runs net_only, engine_app,
# chat_window (headless, three frames) and the pkg-config programs. Exits non-zero, with the
# failing step's output, when anything fails.
#   WEFT_PACKAGE_KEEP=DIR   install and build in DIR (kept) instead of a temporary directory
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '\033[1mpackage check:\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mpackage check FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || fail "usage: tests/package/check.sh BUILD_DIR"
build=$(cd "$1" 2>/dev/null && pwd) || fail "no build directory $1"
cache=$build/CMakeCache.txt
[ -f "$cache" ] || fail "$build has no CMakeCache.txt: configure and build it first"
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$cache"; }
engine=$(cache_value WEFT_ENGINE)
build_type=$(cache_value CMAKE_BUILD_TYPE)
compiler=$(cache_value CMAKE_CXX_COMPILER)
[ "$(cache_value WEFT_SANITIZE)" != ON ] ||
  fail "$build is a sanitizer build; its libraries need -fsanitize in every consumer"

if [ -n "${WEFT_PACKAGE_KEEP:-}" ]; then
  work=$WEFT_PACKAGE_KEEP
  rm -rf "$work"
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/weft-package.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
prefix=$work/prefix
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi

# step NAME COMMAND...: runs quietly into a log, which is shown when the command fails.
step() {
  local name=$1; shift
  if ! "$@" >"$work/$name.log" 2>&1; then
    cat "$work/$name.log" >&2
    fail "$name: $*"
  fi
}

# consumer NAME [VAR=VALUE...]: configures (in that environment) and builds tests/package/NAME
# (or the project named in sources[NAME])
# against the prefix, and checks that the weft it found is the one just installed (not a source
# tree or another install).
declare -A sources=([chat_window]="$here/../../engine/examples/chat_window"
                    [pkg_config_testing]="$here/net_only")
consumer() {
  local name=$1 dir=$work/$1 source=${sources[$1]:-$here/$1}
  shift
  step "$name-configure" env "$@" cmake -S "$source" -B "$dir" "${generator[@]}" \
      -DCMAKE_BUILD_TYPE="$build_type" -DCMAKE_CXX_COMPILER="$compiler" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  local found
  found=$(sed -n 's/^weft_DIR:PATH=//p' "$dir/CMakeCache.txt")
  case $found in
    "$prefix"/*) ;;
    *) fail "$name found weft in '$found', not in the prefix $prefix" ;;
  esac
  step "$name-build" cmake --build "$dir"
  say "$name builds against the installed weft"
}

say "installing $build into $prefix"
step install cmake --install "$build" --prefix "$prefix"
pcdir=$prefix/$(cache_value WEFT_INSTALL_PKGCONFIGDIR)
[ -f "$pcdir/weft-net.pc" ] || fail "the install has no $pcdir/weft-net.pc"

# pkgconfig NAME MODULES [VAR=VALUE...]: builds tests/package/NAME/main.cpp (or the project
# named in sources[NAME]) with nothing but `c++ main.cpp $(pkg-config --cflags --libs MODULES)`
# (the build's compiler, c++ by default), pkg-config finding weft in the prefix, in that
# environment.
pkgconfig() {
  local name=$1 modules=$2 source=${sources[$1]:-$here/$1} flags
  shift 2
  mkdir -p "$work/$name"
  # shellcheck disable=SC2086 # MODULES are words
  flags=$(env "$@" PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs $modules \
          2>"$work/$name-pkg-config.log") ||
    { cat "$work/$name-pkg-config.log" >&2; fail "pkg-config --cflags --libs $modules"; }
  case $flags in
    *"$prefix/"*) ;;
    *) fail "pkg-config $modules gave flags outside the prefix $prefix: $flags" ;;
  esac
  # shellcheck disable=SC2086 # the flags are words
  step "$name-build" "$compiler" "$source/main.cpp" $flags -o "$work/$name/$name"
  say "$name builds with c++ main.cpp \$(pkg-config --cflags --libs $modules)"
}

# net_only and the refusal below see a system where pkg-config knows ENet and nothing else: no
# SDL2, no ImGui. COMPONENTS net must not need them.
enet_only=$work/pkgconfig-enet-only
mkdir -p "$enet_only"
cp "$(pkg-config --variable=pcfiledir libenet)/libenet.pc" "$enet_only/"
without_sdl=(-u PKG_CONFIG_PATH PKG_CONFIG_LIBDIR="$enet_only")
consumer net_only "${without_sdl[@]}"
step net_only-run env -C "$work" "$work/net_only/net_only"
say "$(tail -n 1 "$work/net_only-run.log")"
pkgconfig pkg_config_net weft-net "${without_sdl[@]}"
step pkg_config_net-run "$work/pkg_config_net/pkg_config_net"
say "$(tail -n 1 "$work/pkg_config_net-run.log")"
pkgconfig pkg_config_testing weft-testing "${without_sdl[@]}"  # net_only's main.cpp
step pkg_config_testing-run env -C "$work" "$work/pkg_config_testing/pkg_config_testing"
say "pkg_config_testing (net_only's program): $(tail -n 1 "$work/pkg_config_testing-run.log")"
consumer all_headers

# refused SOURCE NAME WHY ENV...: configuring project SOURCE in that environment must fail at
# find_package(weft) with a message containing WHY.
refused() {
  local source=$1 name=$2 dir=$work/$2 why=$3
  shift 3
  if env "$@" cmake -S "$source" -B "$dir" "${generator[@]}" \
        -DCMAKE_PREFIX_PATH="$prefix" >"$dir.log" 2>&1; then
    fail "find_package(weft) gave the engine where it should say: $why"
  fi
  # CMake wraps the message: compare with the lines joined.
  tr -s ' \n' '  ' <"$dir.log" | grep -qF "$why" ||
    { cat "$dir.log" >&2; fail "no clear message ($why)"; }
  say "$name is refused, saying: $why"
}

if [ "$engine" = ON ]; then
  # find_package(weft) with no components wants every component built, the engine's needs too.
  refused "$here/engine_app" engine_app-without-sdl "pkg-config finds no sdl2, imgui" \
      "${without_sdl[@]}"
  consumer engine_app
  step engine_app-run env -C "$work" "$work/engine_app/engine_app"
  say "$(tail -n 1 "$work/engine_app-run.log")"
  consumer chat_window
  # No chat server: it starts connecting, draws three frames and quits; the fonts come from the
  # prefix (found beside its bin/ by a copy installed there, or through weft_ASSETS_DIR).
  step chat_window-run env -C "$work" WEFT_ASSETS_DIR="$prefix/share/weft/assets" \
      "$work/chat_window/weft-example-chat-window" --headless --frames 3 --connect tcp:127.0.0.1:9
  grep -qF "fonts: $prefix/share/weft/assets/fonts/DejaVuSans.ttf" "$work/chat_window-run.log" ||
    { cat "$work/chat_window-run.log" >&2; fail "chat_window did not load the installed font"; }
  say "chat_window ran three frames with the installed fonts"
  pkgconfig pkg_config_engine weft-engine
  # The fonts come from the pkg-config file's assetsdir, which must be the installed copy.
  assets=$(PKG_CONFIG_PATH="$pcdir" pkg-config --variable=assetsdir weft-engine)
  [ "$(realpath -m "$assets")" = "$(realpath -m "$prefix/share/weft/assets")" ] ||
    fail "weft-engine.pc's assetsdir is $assets, not the installed $prefix/share/weft/assets"
  step pkg_config_engine-run env SDL_VIDEODRIVER=dummy WEFT_ASSETS_DIR="$assets" \
      "$work/pkg_config_engine/pkg_config_engine"
  font=$(sed -n 's/^font: //p' "$work/pkg_config_engine-run.log")
  [ "$(realpath -m "$font")" = "$(realpath -m "$prefix/share/weft/assets/fonts/DejaVuSans.ttf")" ] ||
    { cat "$work/pkg_config_engine-run.log" >&2; fail "pkg_config_engine loaded the font '$font'"; }
  say "$(tail -n 1 "$work/pkg_config_engine-run.log"), with the installed fonts"
else
  mkdir -p "$work/ask-engine"
  printf '%s\n' 'cmake_minimum_required(VERSION 3.25)' 'project(ask_engine LANGUAGES CXX)' \
      'find_package(weft REQUIRED COMPONENTS engine)' >"$work/ask-engine/CMakeLists.txt"
  refused "$work/ask-engine" ask-engine-build "weft was built without the engine (WEFT_ENGINE=OFF)"
fi
say "all consumers passed"
