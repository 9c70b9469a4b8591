#!/usr/bin/env bash
# Remakes screenshot.png (README's picture): weft-chatd, a telnet user "anna" chatting in three
# languages, and this example as "ben" in a real window under Xvfb, driven with xdotool (F3,
# arrow keys, T, typing). Needs xvfb and xdotool (apt install xvfb xdotool) and a build in build/.
#   engine/examples/chat_window/screenshot.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$(cd "${1:-$here/../../../build}" && pwd)/bin
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -s "-screen 0 1280x720x24" "$0" "$@"; fi

"$bin/weft-chatd" --listen tcp:15555 --listen enet:15556 >/dev/null &
chatd=$!
trap 'kill $chatd 2>/dev/null || true' EXIT
sleep 0.5  # the server listening; this script is a picture, not a test
"$bin/weft-example-chat-window" --connect enet:127.0.0.1:15556 --name ben --frames 900 \
    --screenshot "$here/screenshot.png" --screenshot-frame 860 &
window=$!
sleep 1.5
{ printf 'anna\n'; sleep 0.4; printf 'Hallo zusammen! Grüße aus Berlin\n'; sleep 0.4
  printf '/me winkt allen zu\n'; sleep 0.4; printf 'Привет всем, кто играет сегодня?\n'
  sleep 0.4; printf '你好，我们开始吧\n'; sleep 12; } | nc localhost 15555 >/dev/null &
sleep 3
id=$(xdotool search --name weft | head -1)
keys() { xdotool key --window "$id" "$@"; sleep 0.3; }
say() { xdotool type --window "$id" --delay 40 "$1"; }
keys F3
keys Right Right Right
keys t; say "gg, bin dabei"; keys Return
keys Return; say "/me baut eine Burg"; keys Return
keys t; say "Wer spielt mit?"
wait $window
echo "wrote $here/screenshot.png"
