// raiseDescriptorLimit: makes room for the many sockets a benchmark opens (RLIMIT_NOFILE), with
// an error that says how many were needed when the system refuses.
// Tests: tests/tools/bench/descriptor_limit_test.cpp
#pragma once

#include <cstddef>

#include "net/core/result.h"

namespace weft::bench {

// Ensures this process (and the children it starts afterwards, which inherit the limit) may
// open at least `needed` descriptors: raises the soft limit, and the hard one too when that is
// allowed (root). Never lowers either. Returns the soft limit now in force, or an Error naming
// `needed`, the limits and why setrlimit refused.
net::Result<std::size_t> raiseDescriptorLimit(std::size_t needed);

}  // namespace weft::bench
