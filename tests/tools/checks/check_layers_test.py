#!/usr/bin/env python3
"""tools/check-layers on small trees made for each case: it passes a tree that keeps DESIGN.md's
layers, and fails one that breaks them with a line naming file:line, both areas and the rule.
Run by CTest (tests/tools/checks/CMakeLists.txt)."""

import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools",
                      "check-layers")

# A tree whose every include keeps the rules; each case adds files to it.
CLEAN = {
    "net/core/reactor.h": "#pragma once\n#include <vector>\n",
    "net/protocols/line_receiver.h": '#include "net/core/reactor.h"\n',
    "net/udp/udp_port.h": '#include "net/core/reactor.h"\n',
    "net/enet/enet_host.h": '#include "net/core/reactor.h"\n',
    "net/netsim/sim_link.h": '#include "net/udp/udp_port.h"\n',
    "net/chat/chat_room.h": '#include "net/protocols/line_receiver.h"\n',
    "net/testing/pump_until.h": '#include "net/chat/chat_room.h"\n',
    "engine/app/app.h": '#include "net/chat/chat_room.h"\n#include <SDL.h>\n',
    "game/sim/world.h": "#include <cstdint>\n",
    "game/proto/codec.h": '#include "game/sim/world.h"\n#include "net/core/reactor.h"\n',
    "game/ui/hud.h": '#include "engine/app/app.h"\n#include "game/proto/codec.h"\n',
    "tools/bench/main.cpp": '#include "engine/app/app.h"\n#include "net/testing/pump_until.h"\n',
    "tests/net/core/loopback.h": '#include "net/testing/pump_until.h"\n',
    "tests/net/core/reactor_test.cpp": ('#include "net/core/reactor.h"\n'
                                        '#include "tests/net/core/loopback.h"\n'
                                        '#include "tools/bench/main.cpp"\n'),
}


def run(files, *args):
    """Runs the script on a tree of CLEAN plus `files`; returns (exit status, output)."""
    with tempfile.TemporaryDirectory() as root:
        for path, text in {**CLEAN, **files}.items():
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                f.write(text)
        done = subprocess.run([sys.executable, SCRIPT, "--root", root, *args],
                              capture_output=True, text=True, timeout=60, check=False)
        return done.returncode, done.stdout + done.stderr


class CheckLayersTest(unittest.TestCase):
    def assertFails(self, files, *lines):
        status, output = run(files)
        self.assertEqual(status, 1, output)
        for line in lines:
            self.assertIn(line, output)

    def test_a_tree_that_keeps_the_layers_passes(self):
        status, output = run({})
        self.assertEqual(status, 0, output)
        self.assertIn("every include within its layer", output)

    def test_core_including_a_transport_names_file_line_areas_and_rule(self):
        self.assertFails(
            {"net/core/port.cpp": ('#include "net/core/reactor.h"\n'
                                   '#include "net/enet/enet_host.h"\n')},
            'net/core/port.cpp:2: net/core includes net/enet ("net/enet/enet_host.h"); '
            "rule: net/core may include only itself",
            "check-layers: 1 violation in 15 files")

    def test_an_area_may_not_include_a_service_above_it(self):
        self.assertFails({"net/netsim/relay.h": '#include "net/chat/chat_room.h"\n'},
                         "net/netsim/relay.h:1: net/netsim includes net/chat",
                         "rule: net/netsim may include only itself and net/core, net/udp")

    def test_a_transport_may_not_reach_up_into_protocols(self):
        self.assertFails({"net/enet/enet_peer.h": '#include "net/protocols/line_receiver.h"\n'},
                         "net/enet/enet_peer.h:1: net/enet includes net/protocols",
                         "rule: net/enet may include only itself and net/core")

    def test_the_endpoint_table_may_name_the_transports(self):
        status, output = run({"net/endpoints/builtin.h": ('#include "net/enet/enet_host.h"\n'
                                                          '#include "net/udp/udp_port.h"\n')})
        self.assertEqual(status, 0, output)

    def test_a_test_helper_included_as_a_library_header_is_named_with_its_fix(self):
        self.assertFails(
            {"tests/net/udp/udp_test.cpp": '#include <cstdio>\n#include "net/core/loopback.h"\n'},
            'tests/net/udp/udp_test.cpp:2: "net/core/loopback.h" is not a file under the '
            'repository root; it is a test helper: include it as "tests/net/core/loopback.h"')

    def test_an_include_relative_to_its_own_directory_is_refused(self):
        self.assertFails({"net/core/scheduler.h": '#include "reactor.h"\n'},
                         'net/core/scheduler.h:1: "reactor.h" is not a file under the repository '
                         'root; include it as "net/core/reactor.h"')

    def test_tools_may_not_include_tests(self):
        self.assertFails({"tools/dev_helper.cpp": '#include "tests/net/core/loopback.h"\n'},
                         "tools/dev_helper.cpp:1: tools includes tests",
                         "rule: tools may include anything but tests/")

    def test_the_engine_does_not_use_weft_testing(self):
        self.assertFails({"engine/overlays/graph.h": '#include "net/testing/pump_until.h"\n'},
                         "engine/overlays/graph.h:1: engine includes net/testing")

    def test_the_game_simulation_includes_nothing_of_wefts(self):
        self.assertFails({"game/sim/physics.h": '#include "net/core/reactor.h"\n'},
                         "game/sim/physics.h:1: game/sim includes net/core",
                         "rule: game/sim may include only itself")

    def test_the_game_server_does_not_include_the_client_or_the_engine(self):
        self.assertFails({"game/server/server.h": ('#include "game/ui/hud.h"\n'
                                                   '#include "engine/app/app.h"\n')},
                         "game/server/server.h:1: game/server includes game/ui",
                         "game/server/server.h:2: game/server includes engine")

    def test_an_area_missing_from_the_table_is_reported(self):
        self.assertFails({"net/stats/net_stats.h": '#include "net/core/reactor.h"\n',
                          "net/core/transport.h": '#include "net/stats/net_stats.h"\n'},
                         'net/core/transport.h:1: includes "net/stats/net_stats.h", which is in '
                         "no area of the layer table",
                         "net/stats/net_stats.h:1: net/stats/net_stats.h is in no area")

    def test_paths_limit_the_check_to_those_files(self):
        bad = {"net/core/port.cpp": '#include "net/enet/enet_host.h"\n'}
        status, output = run(bad, "net/enet", "tests")
        self.assertEqual(status, 0, output)
        status, output = run(bad, "net/core/port.cpp")
        self.assertEqual(status, 1, output)

    def test_a_path_that_does_not_exist_is_a_usage_error(self):
        status, output = run({}, "net/nowhere")
        self.assertEqual(status, 2, output)
        self.assertIn("net/nowhere: no such file or directory", output)


if __name__ == "__main__":
    unittest.main()
