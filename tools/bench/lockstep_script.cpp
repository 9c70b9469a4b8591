#include "tools/bench/lockstep_script.h"

#include <unistd.h>

#include "net/core/str_cat.h"

namespace weft::bench {

using net::strCat;
using namespace std::chrono_literals;

namespace {
// Generous bounds on each exchange, so a script that hangs cannot hang weft-bench: opening
// 10,000 connections or timing a round of 200,000 calls in Python takes seconds, not minutes.
constexpr auto kReadyLimit = 120s;
constexpr auto kRoundLimit = 120s;
constexpr auto kExitLimit = 30s;
}  // namespace

LockstepScript::LockstepScript(const std::string& interpreter, const std::string& script,
                               std::vector<std::string> args)
    : scriptName_(script.substr(script.rfind('/') + 1)) {
  if (::access(script.c_str(), R_OK) != 0) {
    fail(strCat(script, " is missing: run weft-bench from its build tree"));
    return;
  }
  args.insert(args.begin(), {interpreter, script});
  tools::Subprocess::Options options;
  options.shareStderr = true;
  auto started = tools::Subprocess::start(std::move(args), options);
  if (!started) {
    state_ = State::Unavailable;
    message_ = started.error().message;
    return;
  }
  process_.emplace(std::move(*started));
  while (true) {
    auto line = process_->readLine(kReadyLimit);
    if (!line) break;  // it ended (or hung) before "ready": finish() says why
    if (*line == "ready") {
      state_ = State::Ready;
      return;
    }
    if (line->starts_with("info ")) {
      message_ += strCat(message_.empty() ? "" : "; ", line->substr(5));
    } else if (line->starts_with("unavailable ")) {
      message_ = line->substr(12);
    } else {
      fail(strCat(scriptName_, " printed an unexpected line: ", *line));
      return;
    }
  }
  finish();
}

LockstepScript::~LockstepScript() {
  finish();
}

std::optional<std::vector<std::string>> LockstepScript::round() {
  if (state_ != State::Ready) return std::nullopt;
  if (!process_->writeStdin("round\n")) {
    fail(strCat("cannot ask ", scriptName_, " for a round: it stopped reading"));
    return std::nullopt;
  }
  std::vector<std::string> records;
  while (auto line = process_->waitForLine("", kRoundLimit)) {
    if (*line == "end") return records;
    records.push_back(std::move(*line));
  }
  fail(strCat(scriptName_, " stopped in the middle of a round"));
  return std::nullopt;
}

LockstepScript::State LockstepScript::finish() {
  if (!process_) return state_;
  process_->closeStdin();
  const std::optional<int> status = process_->waitExit(kExitLimit);
  process_.reset();
  const bool wasReady = state_ == State::Ready;
  if (status == 0 && wasReady) {
    state_ = State::Finished;
  } else if (status == kExitUnavailable) {
    state_ = State::Unavailable;
    if (message_.empty()) message_ = strCat(scriptName_, " reported that it cannot run");
  } else if (state_ != State::Failed) {
    state_ = State::Failed;
    message_ = strCat(scriptName_, " failed (",
                      status ? strCat("exit status ", *status)
                             : strCat("no exit within ", kExitLimit.count(), " s"),
                      wasReady ? "" : " before it was ready", "); see above");
  }
  return state_;
}

void LockstepScript::fail(std::string why) {
  state_ = State::Failed;
  message_ = std::move(why);
  finish();
}

}  // namespace weft::bench
