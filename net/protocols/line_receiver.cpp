#include "net/protocols/line_receiver.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "net/core/assert.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

LineReceiverConfig validated(LineReceiverConfig config) {
  WEFT_ASSERT(!config.delimiter.empty(),
              "LineReceiverConfig::delimiter is empty; leave the default \"\\r\\n\" or set "
              "\"\\n\" (and lenient = true to accept both)");
  return config;
}

// How many bytes an unfinished line may hold before no ending can save it. The last
// delimiter.size() - 1 bytes may be the first half of a delimiter, and in lenient mode a last
// '\r' may belong to a "\r\n", so those do not count against maxLength yet. Deciding by this
// exact bound, and not by "more than maxLength buffered", is what makes the verdict the same
// whether the bytes came one at a time or all at once.
std::size_t unfinishedLimit(const LineReceiverConfig& config) {
  const std::size_t undecided =
      std::max<std::size_t>(config.delimiter.size() - 1, config.lenient ? 1 : 0);
  const std::size_t most = std::numeric_limits<std::size_t>::max();
  return config.maxLength > most - undecided ? most : config.maxLength + undecided;
}

}  // namespace

LineReceiver::LineReceiver(LineReceiverConfig config)
    : config_(validated(std::move(config))), unfinishedLimit_(unfinishedLimit(config_)) {}

void LineReceiver::rawDataReceived(std::string_view data) {
  (void)data;
}

void LineReceiver::lineLengthExceeded(std::string_view partialLine) {
  (void)partialLine;
  transport().loseConnection(Reason::lineTooLong(strCat(
      "a line exceeded the ", config_.maxLength, "-byte limit (LineReceiverConfig::maxLength)")));
}

void LineReceiver::sendLine(std::string_view line) {
  const std::string_view pieces[] = {line, config_.delimiter};
  transport().writeSequence(pieces);
}

void LineReceiver::setRawMode() {
  mode_ = Mode::Raw;
  if (buffer_.receiving() || buffer_.unread().empty()) return;
  auto pass = buffer_.receive({});
  parse();
}

void LineReceiver::setLineMode(std::string_view extra) {
  mode_ = Mode::Line;
  if (!extra.empty()) {
    buffer_.prepend(extra);
    scanned_ = 0;
  }
  if (buffer_.receiving() || buffer_.unread().empty()) return;
  auto pass = buffer_.receive({});
  parse();
}

void LineReceiver::dataReceived(std::string_view data) {
  auto pass = buffer_.receive(data);
  if (!pass) return;  // re-entered from a callback: the running parse() will reach `data`
  parse();
}

void LineReceiver::parse() {
  while (deliverable()) {
    if (!parseOne()) return;
    if (buffer_.absorb()) scanned_ = 0;
  }
  // Closing: nothing buffered will ever be delivered, so do not hold on to it.
  buffer_.consume(buffer_.unread().size());
  scanned_ = 0;
}

// Delivers at most one line or raw run; false when it needs more bytes. Every callback is the
// last thing before returning true, so the caller can absorb what the callback queued.
bool LineReceiver::parseOne() {
  const std::string_view in = buffer_.unread();
  if (in.empty()) return false;

  if (mode_ == Mode::Raw) {
    skipping_ = false;
    buffer_.consume(in.size());
    scanned_ = 0;
    rawDataReceived(in);
    return true;
  }

  LineEnd end{};
  const bool found = findLineEnd(in, end);
  if (skipping_) {
    if (!found) {
      buffer_.consume(scanned_);  // no line ending starts there: drop it, keep memory bounded
      scanned_ = 0;
      return false;
    }
    buffer_.consume(end.next);
    scanned_ = 0;
    skipping_ = false;
    return true;
  }

  if (found && end.lineLength <= config_.maxLength) {
    buffer_.consume(end.next);
    scanned_ = 0;
    lineReceived(in.substr(0, end.lineLength));
    return true;
  }
  if (!found && in.size() <= unfinishedLimit_) return false;

  // Too long, found or not: both ways the line has more than maxLength bytes here, so the
  // callback sees the same first maxLength + 1 of them however the stream was split.
  skipping_ = true;
  lineLengthExceeded(in.substr(0, std::min(in.size() - 1, config_.maxLength) + 1));
  return true;
}

// The line ending that is complete first, if any is; a tie (the '\n' of a "\r\n" delimiter)
// goes to the delimiter. Resumes where the last unsuccessful search stopped, so bytes arriving
// one at a time are each looked at a bounded number of times.
bool LineReceiver::findLineEnd(std::string_view in, LineEnd& end) {
  const std::string_view delimiter = config_.delimiter;
  std::string_view searched = in;
  bool found = false;
  if (config_.lenient) {
    const std::size_t newline = in.find('\n', scanned_);
    if (newline != std::string_view::npos) {
      const bool carriageReturn = newline > 0 && in[newline - 1] == '\r';
      end = {newline - (carriageReturn ? 1 : 0), newline + 1};
      found = true;
      searched = in.substr(0, newline + 1);  // a delimiter must be complete by the '\n' to win
    }
  }
  const std::size_t at = searched.find(delimiter, scanned_);
  if (at != std::string_view::npos) {
    end = {at, at + delimiter.size()};
    return true;
  }
  if (found) return true;
  const std::size_t undecided = delimiter.size() - 1;  // may be the start of a delimiter
  if (in.size() > undecided) scanned_ = std::max(scanned_, in.size() - undecided);
  return false;
}

}  // namespace weft::net
