// ResumeFile: weft-chatlog's resume point beside its log — created empty, one fixed-width line
// rewritten in place, read back on the next start; anything else is refused, never overwritten.

#include "tools/chat/resume_file.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/net/core/loopback.h"

using weft::chat_tools::ResumeFile;
using weft::net::ChatResume;
using weft::test::TempDir;

namespace {
std::string contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("a new file holds no point; a saved one is read back by the next run") {
  TempDir dir;
  const std::string path = dir.file("chat.log.resume");
  {
    auto file = ResumeFile::open(path);
    REQUIRE(file.ok());
    CHECK(file->point() == std::nullopt);
    CHECK(contents(path).empty());
    REQUIRE(file->save({0x75bcd15, 41}));
    REQUIRE(file->save({0x75bcd15, 42}));
  }
  CHECK(contents(path) == "weft-chatlog resume: room 00000000075bcd15 seq 00000000000000000042\n");
  auto again = ResumeFile::open(path);
  REQUIRE(again.ok());
  CHECK(again->point() == ChatResume{0x75bcd15, 42});
}

TEST_CASE("the line has one width for every point, so rewriting it in place leaves no tail") {
  for (const ChatResume point :
       {ChatResume{0, 0}, ChatResume{1, 9}, ChatResume{UINT64_MAX, UINT64_MAX}}) {
    const std::string line = ResumeFile::format(point);
    CHECK(line.size() == ResumeFile::format({}).size());
    CHECK(ResumeFile::parse(line) == point);
  }
  TempDir dir;
  const std::string path = dir.file("r");
  auto file = ResumeFile::open(path);
  REQUIRE(file.ok());
  REQUIRE(file->save({UINT64_MAX, UINT64_MAX}));
  REQUIRE(file->save({2, 3}));
  CHECK(contents(path) == ResumeFile::format({2, 3}));
}

TEST_CASE("a file that is not a resume file is refused with its path, and left as it was") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  const std::string logText = "[12:00:00] <anna> this is the log, not its resume file\n";
  std::ofstream(path) << logText;
  auto file = ResumeFile::open(path);
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().message.starts_with(path + ": not a weft-chatlog resume file"));
  CHECK(contents(path) == logText);
  for (const char* bad :
       {"weft-chatlog resume: room 00000000075bcd15 seq 0000000000000000004x\n",
        "weft-chatlog resume: room 00000000075bcd15 seq 00000000000000000042",
        "weft-chatlog resume: room 00000000075bcd15 seq 99999999999999999999\n"}) {
    CAPTURE(bad);
    CHECK(ResumeFile::parse(bad) == std::nullopt);
  }
}

TEST_CASE("a resume file that cannot be opened is an error naming it") {
  auto file = ResumeFile::open("/nonexistent/dir/chat.log.resume");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().message == "/nonexistent/dir/chat.log.resume: No such file or directory");
}
