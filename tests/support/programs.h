// weft's built programs as a test starts them: found in the build's bin/ directory and started
// through tools/support/subprocess.h, failing the test with a message when one cannot start.
// Tests: tests/tools/support/subprocess_test.cpp
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/support/subprocess.h"

namespace weft::testing {

// Path of a weft binary in the build's bin/ directory, e.g. binPath("weft-bench").
std::string binPath(std::string_view name);

// Subprocess::start, for a test: throws std::runtime_error with the start error (which names the
// program) when it cannot start, so doctest fails the test with that message.
tools::Subprocess startProgram(std::vector<std::string> argv,
                               tools::Subprocess::Options options = {});

}  // namespace weft::testing
