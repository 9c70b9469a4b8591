#include "tools/bench/descriptor_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

net::Result<std::size_t> raiseDescriptorLimit(std::size_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return net::Error{strCat("getrlimit(RLIMIT_NOFILE): ", std::strerror(errno))};
  }
  const auto want = static_cast<rlim_t>(needed);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < want) {
    rlimit raised = limit;
    raised.rlim_cur = want;
    if (raised.rlim_max != RLIM_INFINITY && raised.rlim_max < want) raised.rlim_max = want;
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
      const int error = errno;
      return net::Error{
          strCat("needs ", needed, " file descriptors but the limit is ", limit.rlim_cur, " (hard ",
                 limit.rlim_max, ") and raising it failed: ", std::strerror(error),
                 error == EPERM ? " (raising the hard limit needs root)" : "",
                 error == EPERM || error == EINVAL ? "; see also /proc/sys/fs/nr_open" : "")};
    }
    limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? static_cast<std::size_t>(-1)
                                         : static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace weft::bench
