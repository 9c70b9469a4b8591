#include "net/protocols/netstring_receiver.h"

#include <charconv>
#include <string>
#include <utility>

#include "net/core/str_cat.h"

namespace weft::net {

namespace {

// "'x'" for a printable byte, "byte 0x0a" for any other: error details name what arrived.
std::string describeByte(char c) {
  if (c >= 0x20 && c < 0x7f) return strCat('\'', c, '\'');
  constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  return strCat("byte 0x", kHex[byte >> 4], kHex[byte & 0xf]);
}

}  // namespace

void NetstringReceiver::sendString(std::string_view string) {
  char length[24];
  const auto [end, error] = std::to_chars(length, length + sizeof length, string.size());
  (void)error;  // 24 digits hold any std::size_t
  const std::string_view pieces[] = {
      std::string_view(length, static_cast<std::size_t>(end - length)), ":", string, ","};
  transport().writeSequence(pieces);
}

void NetstringReceiver::dataReceived(std::string_view data) {
  auto pass = buffer_.receive(data);
  if (!pass) return;  // re-entered from stringReceived: the running parse() will reach `data`
  parse();
}

void NetstringReceiver::parse() {
  while (!broken_ && deliverable()) {
    if (!readingPayload_ && !parseLength()) break;
    const std::string_view in = buffer_.unread();
    if (in.size() <= length_) break;  // the payload and its ',' are not all here yet
    if (in[length_] != ',') {
      fail(Reason::protocolError(strCat("expected ',' after the ", length_,
                                        "-byte netstring payload, got ",
                                        describeByte(in[length_]))));
      break;
    }
    const std::string_view payload = in.substr(0, length_);
    buffer_.consume(length_ + 1);
    readingPayload_ = false;
    length_ = 0;
    digits_ = 0;
    stringReceived(payload);
    buffer_.absorb();
  }
  // Closing or broken: nothing buffered will ever be delivered, so do not hold on to it.
  if (broken_ || !deliverable()) buffer_.consume(buffer_.unread().size());
}

// Reads length digits up to the ':'; true once the payload can be read. Digits are consumed as
// they come, so a length trickling in byte by byte is never rescanned.
bool NetstringReceiver::parseLength() {
  const std::string_view in = buffer_.unread();
  std::size_t i = 0;
  for (; i < in.size() && in[i] >= '0' && in[i] <= '9'; ++i) {
    if (digits_ == 1 && length_ == 0) {
      fail(Reason::protocolError(
          "netstring length has a leading zero (only a length of exactly 0 may start with '0')"));
      return false;
    }
    const auto digit = static_cast<std::size_t>(in[i] - '0');
    if (config_.maxLength < digit || length_ > (config_.maxLength - digit) / 10) {
      const std::string lengthSoFar = digits_ == 0 ? strCat(in[i]) : strCat(length_, in[i]);
      fail(Reason::lineTooLong(strCat("a netstring length of at least ", lengthSoFar,
                                      " is over the ", config_.maxLength,
                                      "-byte limit (NetstringReceiverConfig::maxLength)")));
      return false;
    }
    length_ = length_ * 10 + digit;
    ++digits_;
  }
  buffer_.consume(i);
  if (i == in.size()) return false;

  if (in[i] != ':') {
    fail(Reason::protocolError(
        digits_ == 0 ? strCat("a netstring must begin with its length in decimal digits, got ",
                              describeByte(in[i]))
                     : strCat("expected ':' after the netstring length ", length_, ", got ",
                              describeByte(in[i]))));
    return false;
  }
  if (digits_ == 0) {
    fail(Reason::protocolError("a netstring has no length before its ':'"));
    return false;
  }
  buffer_.consume(1);
  readingPayload_ = true;
  return true;
}

void NetstringReceiver::fail(Reason reason) {
  broken_ = true;
  transport().loseConnection(std::move(reason));
}

}  // namespace weft::net
