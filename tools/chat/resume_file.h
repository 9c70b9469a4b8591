// ResumeFile: where weft-chatlog keeps the room it logs and the last message number it wrote,
// beside its log ("chat.log.resume"), so that a bot started again asks the room for everything
// said while it was down instead of starting from now. Internal to weft-chatlog.
// Tests: tests/tools/chat/resume_file_test.cpp, tests/tools/chat/chatlog_test.cpp
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/chat/chat_room.h"
#include "net/core/result.h"

namespace weft::chat_tools {

// The file holds one line of fixed width, rewritten in place after each logged message:
//   weft-chatlog resume: room 00000000075bcd15 seq 00000000000000000042
// (the room id in hex, the sequence number in decimal). Written after the log line it
// follows, so a bot killed between the two writes that line once more when it resumes: a
// line may be repeated after a crash, none is lost.
class ResumeFile {
 public:
  // Opens `path`, creating it empty if it does not exist, and reads the point it holds: none
  // for an empty file. Errors name the path and what is wrong (a file that is not one of
  // these is refused, not overwritten).
  static net::Result<ResumeFile> open(const std::string& path);
  ResumeFile(ResumeFile&& other) noexcept;
  ResumeFile& operator=(ResumeFile&&) = delete;
  ~ResumeFile();

  // Where the last run left off; none before the first message was logged.
  const std::optional<net::ChatResume>& point() const { return point_; }
  // Records `point` if it differs from the last one. False if the write failed (disk full...).
  bool save(const net::ChatResume& point);

  // The line for `point`, its newline included; and back (none unless exactly such a line).
  static std::string format(const net::ChatResume& point);
  static std::optional<net::ChatResume> parse(std::string_view line);

 private:
  ResumeFile(int fd, std::optional<net::ChatResume> point) : fd_(fd), point_(point) {}
  int fd_;
  std::optional<net::ChatResume> point_;
};

}  // namespace weft::chat_tools
