#include "tools/chat/resume_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <utility>

#include "net/core/str_cat.h"

namespace weft::chat_tools {

using net::strCat;

namespace {

constexpr std::string_view kRoomTag = "weft-chatlog resume: room ";
constexpr std::string_view kSeqTag = " seq ";
constexpr std::size_t kRoomDigits = 16;  // hex
constexpr std::size_t kSeqDigits = 20;   // decimal: UINT64_MAX has 20
constexpr std::size_t kLineSize = kRoomTag.size() + kRoomDigits + kSeqTag.size() + kSeqDigits + 1;
// Large enough to tell a file of ours (exactly kLineSize) from anything longer.
constexpr std::size_t kReadLimit = 4096;

template <typename T>
bool digits(std::string_view text, int base, T& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string ResumeFile::format(const net::ChatResume& point) {
  char line[kLineSize + 1];
  std::snprintf(line, sizeof line, "%.*s%016llx%.*s%020llu\n", static_cast<int>(kRoomTag.size()),
                kRoomTag.data(), static_cast<unsigned long long>(point.roomId),
                static_cast<int>(kSeqTag.size()), kSeqTag.data(),
                static_cast<unsigned long long>(point.lastSeq));
  return std::string(line, kLineSize);
}

std::optional<net::ChatResume> ResumeFile::parse(std::string_view line) {
  if (line.size() != kLineSize || !line.starts_with(kRoomTag) || line.back() != '\n') {
    return std::nullopt;
  }
  const std::string_view room = line.substr(kRoomTag.size(), kRoomDigits);
  const std::string_view rest = line.substr(kRoomTag.size() + kRoomDigits);
  if (!rest.starts_with(kSeqTag)) return std::nullopt;
  const std::string_view seq = rest.substr(kSeqTag.size(), kSeqDigits);
  net::ChatResume point;
  if (!digits(room, 16, point.roomId) || !digits(seq, 10, point.lastSeq)) return std::nullopt;
  return point;
}

net::Result<ResumeFile> ResumeFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return net::Error{strCat(path, ": ", std::strerror(errno))};
  std::string text(kReadLimit, '\0');
  const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  if (n < 0) {
    const int error = errno;
    ::close(fd);
    return net::Error{strCat(path, ": ", std::strerror(error))};
  }
  text.resize(static_cast<std::size_t>(n));
  if (text.empty()) return ResumeFile(fd, std::nullopt);
  auto point = parse(text);
  if (!point) {
    ::close(fd);
    return net::Error{strCat(path, ": not a weft-chatlog resume file (one line: \"",
                             std::string_view(format({})).substr(0, kLineSize - 1),
                             "\"); move it away to start afresh")};
  }
  return ResumeFile(fd, point);
}

ResumeFile::ResumeFile(ResumeFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), point_(other.point_) {}

ResumeFile::~ResumeFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool ResumeFile::save(const net::ChatResume& point) {
  if (point_ == point) return true;
  // One write of the whole line at offset 0, over a line of the same length: the file is
  // never seen half old, half new by a later open (short of the machine losing power).
  const std::string line = format(point);
  if (::pwrite(fd_, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size())) return false;
  point_ = point;
  return true;
}

}  // namespace weft::chat_tools
