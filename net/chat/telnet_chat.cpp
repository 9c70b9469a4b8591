#include "net/chat/telnet_chat.h"

#include <utility>

#include "net/core/assert.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

constexpr unsigned char kIac = 255;
constexpr unsigned char kSb = 250;  // subnegotiation, up to IAC SE
constexpr unsigned char kSe = 240;
constexpr unsigned char kWill = 251;  // WILL, WONT, DO, DONT (251-254) take an option byte

void appendLines(std::string& out, std::string_view text) {
  for (;;) {
    const std::size_t end = text.find('\n');
    out.append("<").append(text.substr(0, end)).append(">\r\n");
    if (end == std::string_view::npos) return;
    text.remove_prefix(end + 1);
  }
}

}  // namespace

std::string renderTelnet(const ChatDelivery& delivery) {
  const ChatMessage& m = delivery.message();
  std::string out;
  out.reserve(m.sender.size() + m.text.size() + 8);
  switch (m.kind) {
    case ChatKind::Say:
      out.append("<").append(m.sender).append(">: ").append(m.text).append("\r\n");
      break;
    case ChatKind::Me:
      out.append("* ").append(m.sender).append(" ").append(m.text).append("\r\n");
      break;
    default:
      appendLines(out, m.text);
      break;
  }
  return out;
}

std::string stripTelnetCommands(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    const auto b = static_cast<unsigned char>(line[i]);
    if (b != kIac) {
      out.push_back(line[i++]);
      continue;
    }
    const auto command = i + 1 < line.size() ? static_cast<unsigned char>(line[i + 1]) : 0;
    if (command == kSb) {
      std::size_t end = i + 2;
      while (end + 1 < line.size() && !(static_cast<unsigned char>(line[end]) == kIac &&
                                        static_cast<unsigned char>(line[end + 1]) == kSe)) {
        ++end;
      }
      i = end + 2;
    } else if (command >= kWill && command < kIac) {
      i += 3;
    } else {
      i += 2;  // a two-byte command (IP, AYT, NOP...), or IAC IAC: a 255 data byte, not text
    }
  }
  return out;
}

TelnetChatProtocol::TelnetChatProtocol(ChatRoom& room, const TelnetChatConfig& config)
    : LineReceiver({.delimiter = "\r\n", .lenient = true, .maxLength = config.maxLineBytes}),
      room_(room),
      maxBufferedBytes_(config.maxBufferedBytes),
      helloTimeout_(config.helloTimeout) {
  WEFT_ASSERT(helloTimeout_ > Duration::zero(), "TelnetChatConfig::helloTimeout must be positive");
}

void TelnetChatProtocol::connectionMade() {
  ChatRoom::Admission admission = room_.admit(*this, transport().peer());
  if (!admission) {
    sendLine(admission.refusal.detail);
    transport().loseConnection(std::move(admission.refusal));
    return;
  }
  id_ = *admission;
  sendLine(kTelnetNamePrompt);
  if (Scheduler* timers = transport().scheduler()) {
    // The room dismisses it (dismissed() closes the connection).
    helloTimer_ = timers->callLater(helloTimeout_, [this] {
      if (id_ && !named_) room_.expire(*id_);
    });
  }
}

void TelnetChatProtocol::connectionLost(const Reason&) {
  helloTimer_.cancel();
  if (id_) room_.leave(*std::exchange(id_, std::nullopt));
}

void TelnetChatProtocol::lineReceived(std::string_view line) {
  if (!id_) return;
  const std::string text = stripTelnetCommands(line);
  if (!named_) {
    named_ = true;
    helloTimer_.cancel();
    room_.join(*id_, text);
  } else {
    room_.input(*id_, text);
  }
}

void TelnetChatProtocol::lineLengthExceeded(std::string_view) {
  // The connection stays; LineReceiver skips the rest of the line.
  sendLine(strCat("<Your line is longer than ", config().maxLength, " bytes; it was not sent.>"));
}

void TelnetChatProtocol::deliver(const ChatDelivery& delivery) {
  Transport& out = transport();
  if (out.disconnecting()) return;
  if (out.bufferedBytes() > maxBufferedBytes_) {
    return out.abortConnection({ChatRoom::kTooSlow, "too far behind: stopped reading"});
  }
  out.write(delivery.encoded(ChatEncoding::Telnet, renderTelnet));
}

void TelnetChatProtocol::welcomed(const ChatWelcome& welcome) {
  sendLine(strCat("{registered as ", welcome.name, "}"));
}

void TelnetChatProtocol::dismissed(const Reason& reason) {
  helloTimer_.cancel();
  id_.reset();
  transport().loseConnection(reason);
}

std::string TelnetChatProtocol::describe() const {
  return connected() ? strCat("telnet ", transport().peer().toString()) : "telnet";
}

std::unique_ptr<Protocol> TelnetChatFactory::buildProtocol(const Address&) {
  return std::make_unique<TelnetChatProtocol>(room_, config_);
}

}  // namespace weft::net
