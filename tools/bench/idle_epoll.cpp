#include "tools/bench/idle_epoll.h"

#include <dirent.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;

namespace {

bool isInetSocket(int fd) {
  int domain = 0;
  socklen_t length = sizeof domain;
  return ::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &length) == 0 &&
         (domain == AF_INET || domain == AF_INET6);
}

bool isEventFd(int fd) {
  char target[64];
  const std::string path = strCat("/proc/self/fd/", fd);
  const ssize_t n = ::readlink(path.c_str(), target, sizeof target);
  return n > 0 && std::string_view(target, static_cast<std::size_t>(n)) == "anon_inode:[eventfd]";
}

}  // namespace

IdleEpoll::~IdleEpoll() {
  if (epfd_ >= 0) ::close(epfd_);
}

std::vector<int> openDescriptors() {
  std::vector<int> fds;
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return fds;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    int fd = -1;
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc{}) continue;
    if (fd != ::dirfd(dir)) fds.push_back(fd);
  }
  ::closedir(dir);
  std::sort(fds.begin(), fds.end());
  return fds;
}

net::Result<std::unique_ptr<IdleEpoll>> IdleEpoll::watchSame(std::span<const int> fds) {
  std::unique_ptr<IdleEpoll> load(new IdleEpoll);
  load->epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (load->epfd_ < 0) {
    return net::Error{strCat("bare epoll: epoll_create1: ", std::strerror(errno))};
  }
  for (int fd : fds) {
    if (!isInetSocket(fd) && !isEventFd(fd)) continue;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;  // weft's Interest::Read
    event.data.fd = fd;
    if (::epoll_ctl(load->epfd_, EPOLL_CTL_ADD, fd, &event) != 0) {
      return net::Error{strCat("bare epoll: epoll_ctl(fd ", fd, "): ", std::strerror(errno))};
    }
    ++load->registrations_;
  }
  return load;
}

}  // namespace weft::bench
