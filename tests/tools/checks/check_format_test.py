#!/usr/bin/env python3
"""tools/check-format on small trees made for each case: it passes formatted files, and fails
one that .clang-format would change, naming the file and the fix. Skipped without
clang-format-14. Run by CTest (tests/tools/checks/CMakeLists.txt)."""

import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "..", "..", "..")
SCRIPT = os.path.join(REPO, "tools", "check-format")

FORMATTED = "int answer() {\n  return 42;\n}\n"
UNFORMATTED = "int  answer( ) {return 42;}\n"


def run(files, *args):
    """Runs the script on a tree with the repository's .clang-format and `files`."""
    with tempfile.TemporaryDirectory() as root:
        shutil.copy(os.path.join(REPO, ".clang-format"), root)
        for path, text in files.items():
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                f.write(text)
        done = subprocess.run([SCRIPT, "--root", root, *args], capture_output=True, text=True,
                              timeout=60, check=False)
        return done.returncode, done.stdout + done.stderr


@unittest.skipUnless(shutil.which("clang-format-14"), "needs clang-format-14")
class CheckFormatTest(unittest.TestCase):
    def test_formatted_files_pass(self):
        status, output = run({"net/core/a.cpp": FORMATTED, "tests/a_test.cpp": FORMATTED})
        self.assertEqual(status, 0, output)
        self.assertIn("2 C++ files, all formatted", output)

    def test_a_file_that_differs_is_named_with_the_fix(self):
        status, output = run({"net/core/a.cpp": FORMATTED, "engine/b.h": UNFORMATTED})
        self.assertEqual(status, 1, output)
        self.assertIn("1 of 2 C++ files differ from .clang-format", output)
        self.assertIn("  engine/b.h\n", output)
        self.assertNotIn("net/core/a.cpp", output)
        self.assertIn("Fix: clang-format-14 -i", output)

    def test_list_prints_only_the_names(self):
        status, output = run({"tools/c.cpp": UNFORMATTED, "game/d.cpp": UNFORMATTED}, "--list")
        self.assertEqual(status, 1, output)
        self.assertEqual(output, "game/d.cpp\ntools/c.cpp\n")

    def test_fuzz_corpora_and_other_files_are_not_checked(self):
        status, output = run({"tests/fuzz/corpus/line/seed.cpp": UNFORMATTED,
                              "tools/bench/script.py": UNFORMATTED, "net/a.cpp": FORMATTED})
        self.assertEqual(status, 0, output)


if __name__ == "__main__":
    unittest.main()
