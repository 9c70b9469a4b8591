// LineReceiver: a Protocol that splits its byte stream into lines (or raw runs) for text protocols.
// Tests: tests/net/protocols/line_receiver_test.cpp
//
// Twisted's LineReceiver, with one difference that makes it safe to face the internet: lines
// are delivered identically however TCP splits the stream, including the moment a line is
// found too long, and at most maxLength + delimiter bytes are ever buffered.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "net/core/protocol.h"
#include "net/protocols/receive_buffer.h"

namespace weft::net {

struct LineReceiverConfig {
  std::string delimiter = "\r\n";  // ends every line, in both directions; must not be empty
  bool lenient = false;            // a bare '\n' also ends a line, and a '\r' before it is
                                   // dropped: for people typing into telnet or nc
  std::size_t maxLength = 16384;   // longest line accepted, not counting its line ending
};

class LineReceiver : public Protocol {
 public:
  explicit LineReceiver(LineReceiverConfig config = {});

  // One complete line, without its line ending. The view is valid until the call returns.
  virtual void lineReceived(std::string_view line) = 0;
  // In raw mode, the bytes as they come, in pieces of any size. Ignored unless overridden.
  virtual void rawDataReceived(std::string_view data);
  // A line is longer than maxLength; `partialLine` is its first maxLength + 1 bytes. The default
  // closes the connection with Reason::lineTooLong. An override that leaves the connection open
  // gets the rest of that line skipped: parsing resumes after its line ending.
  virtual void lineLengthExceeded(std::string_view partialLine);

  // Writes `line` and the delimiter as one write. `line` must not contain the delimiter (the
  // peer would read two lines): sanitise text that came from elsewhere first.
  void sendLine(std::string_view line);

  // From now on bytes go to rawDataReceived, starting with those already buffered: called from
  // lineReceived, the rest of the current data follows in raw mode. Outside a callback, what
  // was buffered is delivered at once.
  void setRawMode();
  // From now on bytes are parsed as lines, starting with `extra`, then anything buffered. Called
  // from rawDataReceived, `extra` is typically the tail of `data` that belongs to the next
  // lines; handing it back costs nothing.
  void setLineMode(std::string_view extra = {});
  bool lineMode() const { return mode_ == Mode::Line; }

  const LineReceiverConfig& config() const { return config_; }

  // Splits `data` into lines. Once the transport is disconnecting, nothing more is delivered:
  // a line that asked to close the connection is the last one its protocol sees.
  void dataReceived(std::string_view data) final;

 private:
  enum class Mode : unsigned char { Line, Raw };
  struct LineEnd {
    std::size_t lineLength;  // bytes before the line ending, a dropped '\r' excluded
    std::size_t next;        // bytes up to and including the line ending
  };

  void parse();
  bool parseOne();
  bool findLineEnd(std::string_view in, LineEnd& end);
  bool deliverable() const { return connected() && !transport().disconnecting(); }

  const LineReceiverConfig config_;
  // A line with no line ending yet is certainly too long once it holds more bytes than this:
  // maxLength, plus the bytes that may still turn out to be the start of a line ending.
  const std::size_t unfinishedLimit_;
  detail::ReceiveBuffer buffer_;
  std::size_t scanned_ = 0;  // no line ending starts in unread()[0, scanned_)
  Mode mode_ = Mode::Line;
  bool skipping_ = false;  // dropping the rest of a line that was too long
};

}  // namespace weft::net
