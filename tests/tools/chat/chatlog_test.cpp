// weft-chatlog as a real process: ircLogBot's lines in the file, and no gap across a
// server restart (what was said before it got back in is written first).

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>

#include "tests/net/core/loopback.h"
#include "tests/tools/chat/chat_process.h"

using namespace weft::test;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Waits (reading the bot's output as it goes, so it never blocks) until the log holds `text`.
bool logHas(Subprocess& bot, const std::string& path, const std::string& text) {
  const auto until = std::chrono::steady_clock::now() + kSoon;
  while (std::chrono::steady_clock::now() < until) {
    if (readFile(path).find(text) != std::string::npos) return true;
    bot.waitForLine("\x01never", std::chrono::milliseconds(20));
  }
  return false;
}

Subprocess startBot(const std::string& endpoint, const std::string& path,
                    std::vector<std::string> extra = {}) {
  Subprocess::Options options;
  options.env = {{"TZ", "UTC"}};
  std::vector<std::string> args = {weft::testing::binPath("weft-chatlog"), "--connect", endpoint,
                                   "--file", path};
  args.insert(args.end(), extra.begin(), extra.end());
  return weft::testing::startProgram(args, options);
}

// "[HH:MM:SS] " and then `rest`, with any time.
bool stamped(const std::string& line, const std::string& rest) {
  return line.size() == 11 + rest.size() && line[0] == '[' && line[3] == ':' && line[6] == ':' &&
         line.compare(9, 2, "] ") == 0 && line.compare(11, std::string::npos, rest) == 0;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("a hostile server's names, text and goodbye reach the log and stdout sanitised") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  HostileGameServer fake;
  Subprocess bot = startBot(fake.endpoint(), path);
  fake.greetAndDismiss();
  CHECK(bot.waitExit(kSoon) == 0);  // told not to come back: it stops
  const std::string out = bot.stdoutSoFar(), log = readFile(path);
  INFO("stdout: ", out, "log: ", log);
  CHECK(out.find("in the room as annaevil\n") != std::string::npos);
  CHECK(out.find(": evil\n") != std::string::npos);  // "disconnected: ...: evil"
  CHECK(log.find("<bobevil> evil\n") != std::string::npos);
  CHECK(tamed(out));
  CHECK(tamed(log));
}

TEST_CASE("the log holds ircLogBot's lines for what is said, done and announced") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  RunningChatd chatd = startChatd();
  Subprocess bot = startBot(chatd.game(), path);
  REQUIRE(bot.waitForLine("in the room as logbot", kSoon));
  TestSocket anna = telnetUser(chatd, "anna");
  anna.send("hello log\r\n/me waves\r\n/nick annie\r\n/list\r\n");
  anna.close();
  REQUIRE(logHas(bot, path, "[annie has gone away]"));
  const auto got = lines(readFile(path));
  REQUIRE(got.size() == 7);
  CHECK(got[0].find("] [connected at ") == 9);
  CHECK(stamped(got[1], "[logbot has joined]"));
  CHECK(stamped(got[2], "[anna has joined]"));
  CHECK(stamped(got[3], "<anna> hello log"));
  CHECK(stamped(got[4], "* anna waves"));
  CHECK(stamped(got[5], "[anna is now known as annie]"));
  CHECK(stamped(got[6], "[annie has gone away]"));
  bot.signal(SIGINT);
  CHECK(bot.waitExit(kSoon) == 0);
  CHECK(lines(readFile(path)).back().find("] [disconnected at ") == 9);
}

TEST_CASE("after a server restart the bot reconnects and first writes what it missed") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  RunningChatd chatd = startChatd();
  const std::uint16_t gamePort = chatd.gamePort;
  Subprocess bot = startBot(chatd.game(), path);
  REQUIRE(bot.waitForLine("in the room as logbot", kSoon));
  {
    TestSocket anna = telnetUser(chatd, "anna");
    anna.send("before the restart\r\n");
    REQUIRE(logHas(bot, path, "<anna> before the restart"));
  }
  chatd.process.signal(SIGINT);
  REQUIRE(chatd.process.waitExit(kSoon) == 0);
  REQUIRE(logHas(bot, path, "[disconnected at "));
  // Two refused retries: the next one is about 2 s away, time enough to talk before it.
  REQUIRE(bot.waitForLine("Connection refused", kSoon));
  REQUIRE(bot.waitForLine("Connection refused", kSoon));

  ChatdOptions sameGamePort;
  sameGamePort.gamePort = gamePort;
  RunningChatd again = startChatd(sameGamePort);
  TestSocket bob = telnetUser(again, "bob");
  bob.send("said while the bot was away\r\n");
  REQUIRE(bot.waitForLine("in the room as logbot", kSoon));
  REQUIRE(logHas(bot, path, "[logbot has joined]\n"));
  bob.send("said after it came back\r\n");
  REQUIRE(logHas(bot, path, "<bob> said after it came back"));

  const auto got = lines(readFile(path));
  // The index of the first line after `from` that holds `fragment`; got.size() if none does.
  const auto after = [&](std::size_t from, const std::string& fragment) {
    for (std::size_t i = from + 1; i < got.size(); ++i) {
      if (got[i].find(fragment) != std::string::npos) return i;
    }
    return got.size();
  };
  // Gone, back, then the backlog in the order it was said, the bot's own join, then live.
  const std::size_t gone = after(0, "[disconnected at");
  const std::size_t back = after(gone, "[connected at");
  const std::size_t bobJoined = after(back, "[bob has joined]");
  const std::size_t backlog = after(bobJoined, "<bob> said while the bot was away");
  const std::size_t rejoined = after(backlog, "[logbot has joined]");
  const std::size_t live = after(rejoined, "<bob> said after it came back");
  CHECK(gone < got.size());
  CHECK(back == gone + 1);
  CHECK(bobJoined < got.size());
  CHECK(backlog < got.size());
  CHECK(rejoined < got.size());
  CHECK(live == got.size() - 1);
  CHECK(std::count_if(got.begin(), got.end(), [](const std::string& l) {
          return l.find("said while the bot was away") != std::string::npos;
        }) == 1);
}

TEST_CASE("a bot started again first writes what was said while it was down, nothing twice") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  RunningChatd chatd = startChatd();
  TestSocket anna = telnetUser(chatd, "anna");
  {
    Subprocess bot = startBot(chatd.game(), path);
    REQUIRE(bot.waitForLine("in the room as logbot", kSoon));
    anna.send("before the bot stopped\r\n");
    REQUIRE(logHas(bot, path, "<anna> before the bot stopped"));
    bot.signal(SIGINT);
    REQUIRE(bot.waitExit(kSoon) == 0);
  }
  CHECK(readFile(path + ".resume").starts_with("weft-chatlog resume: room "));
  anna.send("said while the bot was down\r\n");
  // The room has it (anna hears it back) before the bot starts again.
  bool heard = false;
  for (int i = 0; i < 10 && !heard; ++i) {
    heard = anna.readLine() == "<anna>: said while the bot was down\r\n";
  }
  REQUIRE(heard);

  Subprocess bot = startBot(chatd.game(), path);
  REQUIRE(logHas(bot, path, "<anna> said while the bot was down"));
  const auto resuming = bot.waitForLine("resuming after message ", kSoon);
  REQUIRE(resuming);
  CHECK(resuming->find(path + ".resume") != std::string::npos);
  anna.send("said after it came back\r\n");
  REQUIRE(logHas(bot, path, "<anna> said after it came back"));

  const auto got = lines(readFile(path));
  const auto count = [&](const std::string& fragment) {
    return std::count_if(got.begin(), got.end(), [&](const std::string& l) {
      return l.find(fragment) != std::string::npos;
    });
  };
  CHECK(count("<anna> before the bot stopped") == 1);
  CHECK(count("<anna> said while the bot was down") == 1);
  CHECK(count("logbot has gone away") == 1);  // its own leave, backfilled as said
  CHECK(count("to a new room") == 0);
  CHECK(got.back().find("<anna> said after it came back") != std::string::npos);
}

TEST_CASE("a bot started again against a restarted server logs that the room is new") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  std::uint16_t gamePort = 0;
  {
    RunningChatd chatd = startChatd();
    gamePort = chatd.gamePort;
    Subprocess bot = startBot(chatd.game(), path);
    REQUIRE(bot.waitForLine("in the room as logbot", kSoon));
    TestSocket anna = telnetUser(chatd, "anna");
    anna.send("in the old room\r\n");
    REQUIRE(logHas(bot, path, "<anna> in the old room"));
    bot.signal(SIGINT);
    REQUIRE(bot.waitExit(kSoon) == 0);
    chatd.process.signal(SIGINT);
    REQUIRE(chatd.process.waitExit(kSoon) == 0);
  }
  const std::string before = readFile(path + ".resume");
  ChatdOptions samePort;
  samePort.gamePort = gamePort;
  RunningChatd again = startChatd(samePort);
  TestSocket bob = telnetUser(again, "bob");
  bob.send("in the new room\r\n");
  REQUIRE(bob.readLine() == "<bob>: in the new room\r\n");
  Subprocess bot = startBot(again.game(), path);
  REQUIRE(logHas(bot, path, "<bob> in the new room"));
  const auto got = lines(readFile(path));
  const auto newRoom = std::find_if(got.begin(), got.end(), [](const std::string& l) {
    return l.find("] [connected at ") == 9 &&
           l.find(" to a new room: the server restarted; ") != std::string::npos;
  });
  REQUIRE(newRoom != got.end());
  // Everything the new room kept follows, from its first message.
  CHECK(stamped(*(newRoom + 1), "[bob has joined]"));
  CHECK(stamped(*(newRoom + 2), "<bob> in the new room"));
  CHECK(readFile(path + ".resume") != before);
}

TEST_CASE("a resume file that is not one stops the bot at once, naming it") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  std::ofstream(path + ".resume") << "something else\n";
  Subprocess bot = startBot("tcp:127.0.0.1:9", path);
  CHECK(bot.waitExit(kSoon) == 1);
  CHECK(bot.stderrSoFar().find("cannot resume: " + path +
                               ".resume: not a weft-chatlog resume file") != std::string::npos);
  CHECK(readFile(path + ".resume") == "something else\n");
}

TEST_CASE("over ENet the bot logs the room just the same") {
  TempDir dir;
  const std::string path = dir.file("chat.log");
  ChatdOptions withEnet;
  withEnet.enet = true;
  RunningChatd chatd = startChatd(withEnet);
  Subprocess bot = startBot(chatd.enet(), path);
  REQUIRE(bot.waitForLine("in the room as logbot", kSoon));
  TestSocket anna = telnetUser(chatd, "anna");
  anna.send("hello over enet\r\n");
  REQUIRE(logHas(bot, path, "<anna> hello over enet"));
  CHECK(chatd.process.waitForLine("logbot joined (game 127.0.0.1:", kSoon));
}

TEST_CASE("a log file that cannot be opened stops the bot at once with the reason") {
  Subprocess bot =
      weft::testing::startProgram({weft::testing::binPath("weft-chatlog"), "--connect",
                                   "tcp:127.0.0.1:9", "--file", "/nonexistent/dir/chat.log"});
  CHECK(bot.waitExit(kSoon) == 1);
  CHECK(bot.stderrSoFar().find("cannot open the log: /nonexistent/dir/chat.log: No such file") !=
        std::string::npos);
}

TEST_CASE(
    "a server that accepts and never answers is given up after --welcome-timeout and "
    "tried again") {
  TempDir dir;
  TestListener silent;
  Subprocess bot = startBot(silent.endpoint(), dir.file("chat.log"), {"--welcome-timeout", "0.3"});
  auto first = silent.accept();
  REQUIRE(first);
  CHECK(first->dataArrives(kSoon));  // its hello, which nobody answers
  const auto gaveUp = bot.waitForLine("no welcome", kSoon);
  REQUIRE(gaveUp);
  CHECK(gaveUp->find("Timed out: no welcome from the chat server within 0.3s") !=
        std::string::npos);
  CHECK(silent.accept());  // back after the backoff
  bot.signal(SIGINT);
  CHECK(bot.waitExit(kSoon) == 0);
}
