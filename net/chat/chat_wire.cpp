#include "net/chat/chat_wire.h"

#include "net/core/assert.h"
#include "net/core/byte_reader.h"
#include "net/core/str_cat.h"

namespace weft::net {

namespace {

// Message types: client-to-server below 0x80, server-to-client from 0x80.
enum : std::uint8_t {
  kHello = 0x01,
  kInput = 0x02,
  kWelcome = 0x81,
  kEntry = 0x82,
  kGoodbye = 0x83,
};
constexpr std::uint8_t kReplayFlag = 0x01;

void putString(ByteWriter& out, std::string_view s, std::size_t limit) {
  WEFT_ASSERT(s.size() <= limit, "encodeChat: a string is over its wire limit (see WIRE.md)");
  out.u16(static_cast<std::uint16_t>(s.size())).bytes(s);
}

// A ByteReader that also remembers the first thing found wrong, for the Error.
class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : reader_(bytes) {}

  std::uint8_t u8() { return reader_.u8(); }
  std::uint16_t u16() { return reader_.u16(); }
  std::uint32_t u32() { return reader_.u32(); }
  std::uint64_t u64() { return reader_.u64(); }
  std::string string(std::size_t limit, const char* what) {
    const std::size_t length = reader_.u16();
    if (reader_.ok() && length > limit)
      reject(strCat(what, " of ", length, " bytes (the limit is ", limit, ")"));
    return std::string(reader_.bytes(problem_.empty() ? length : 0));
  }
  bool ok() const { return reader_.ok() && problem_.empty(); }
  void reject(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
  }
  // The outcome: `value` if everything was read, exactly, and found right.
  template <typename T>
  Result<T> finish(T value, std::string_view what) {
    if (problem_.empty() && !reader_.ok()) problem_ = "it ends early";
    if (problem_.empty() && !reader_.atEnd())
      problem_ = strCat(reader_.remaining(), " bytes too many");
    if (!problem_.empty()) return Error{strCat("bad chat ", what, ": ", problem_)};
    return value;
  }

 private:
  ByteReader reader_;
  std::string problem_;
};

void encodeEntryInto(ByteWriter& out, const ChatMessage& m, bool replay) {
  out.u8(kEntry).u8(replay ? kReplayFlag : 0).u64(m.seq);
  out.u64(static_cast<std::uint64_t>(m.time.time_since_epoch().count()));
  out.u8(static_cast<std::uint8_t>(m.kind));
  putString(out, m.sender, kChatMaxNameBytes);
  putString(out, m.text, kChatMaxTextBytes);
  if (m.kind == ChatKind::Rename)
    putString(out, m.renamedTo, kChatMaxNameBytes);
  else
    WEFT_ASSERT(m.renamedTo.empty(), "encodeChat: renamedTo is for Rename messages only");
}

}  // namespace

std::string encodeChat(const ChatClientMessage& message) {
  ByteWriter out;
  if (const auto* hello = std::get_if<ChatHello>(&message)) {
    out.u8(kHello).u16(hello->version);
    putString(out, hello->name, kChatMaxNameBytes);
    out.u8(hello->resume ? 1 : 0);
    if (hello->resume) out.u64(hello->resume->roomId).u64(hello->resume->lastSeq);
  } else {
    out.u8(kInput);
    putString(out, std::get<ChatInput>(message).line, kChatMaxTextBytes);
  }
  return out.take();
}

std::string encodeChatEntry(const ChatMessage& message, bool replay) {
  ByteWriter out;
  encodeEntryInto(out, message, replay);
  return out.take();
}

std::string encodeChat(const ChatServerMessage& message) {
  ByteWriter out;
  if (const auto* welcome = std::get_if<ChatWelcomeMessage>(&message)) {
    out.u8(kWelcome).u16(welcome->version);
    putString(out, welcome->name, kChatMaxNameBytes);
    out.u64(welcome->roomId).u64(welcome->lastSeq).u64(welcome->oldestSeq);
    WEFT_ASSERT(welcome->members.size() <= kChatMaxMembersListed,
                "encodeChat: more members than a welcome may list");
    out.u32(static_cast<std::uint32_t>(welcome->members.size()));
    for (const std::string& name : welcome->members) putString(out, name, kChatMaxNameBytes);
  } else if (const auto* entry = std::get_if<ChatEntry>(&message)) {
    encodeEntryInto(out, entry->message, entry->replay);
  } else {
    const auto& goodbye = std::get<ChatGoodbye>(message);
    out.u8(kGoodbye).u32(static_cast<std::uint32_t>(goodbye.code)).u8(goodbye.mayRetry ? 1 : 0);
    putString(out, goodbye.reason, kChatMaxTextBytes);
  }
  return out.take();
}

Result<ChatClientMessage> decodeChatClientMessage(std::string_view bytes) {
  Decoder in(bytes);
  const std::uint8_t type = in.u8();
  if (type == kHello) {
    ChatHello hello;
    hello.version = in.u16();
    // Another version may lay out the rest differently: its version is all we read, so the
    // server can answer "version mismatch" instead of "garbage".
    if (in.ok() && hello.version != kChatWireVersion) return ChatClientMessage(hello);
    hello.name = in.string(kChatMaxNameBytes, "name");
    const std::uint8_t hasResume = in.u8();
    if (hasResume > 1) in.reject(strCat("resume flag ", int(hasResume), " (0 or 1)"));
    if (hasResume == 1) hello.resume = ChatResume{in.u64(), in.u64()};
    return in.finish<ChatClientMessage>(std::move(hello), "hello");
  }
  if (type == kInput) {
    ChatInput input{in.string(kChatMaxTextBytes, "line")};
    return in.finish<ChatClientMessage>(std::move(input), "input");
  }
  return Error{bytes.empty() ? std::string("bad chat message: it is empty")
                             : strCat("bad chat message: unknown type ", int(type))};
}

Result<ChatServerMessage> decodeChatServerMessage(std::string_view bytes) {
  Decoder in(bytes);
  const std::uint8_t type = in.u8();
  if (type == kWelcome) {
    ChatWelcomeMessage welcome;
    welcome.version = in.u16();
    welcome.name = in.string(kChatMaxNameBytes, "name");
    welcome.roomId = in.u64();
    welcome.lastSeq = in.u64();
    welcome.oldestSeq = in.u64();
    const std::uint32_t count = in.u32();
    // Each name takes two bytes at least: a count the bytes cannot hold is refused before
    // anything is reserved for it.
    if (count > kChatMaxMembersListed || count > bytes.size() / 2) {
      in.reject(strCat("member count ", count));
    } else {
      welcome.members.reserve(count);
      for (std::uint32_t i = 0; i < count; ++i)
        welcome.members.push_back(in.string(kChatMaxNameBytes, "member name"));
    }
    return in.finish<ChatServerMessage>(std::move(welcome), "welcome");
  }
  if (type == kEntry) {
    ChatEntry entry;
    const std::uint8_t flags = in.u8();
    if ((flags & ~kReplayFlag) != 0) in.reject(strCat("unknown flags ", int(flags)));
    entry.replay = (flags & kReplayFlag) != 0;
    ChatMessage& m = entry.message;
    m.seq = in.u64();
    m.time = ChatTime{std::chrono::milliseconds(static_cast<std::int64_t>(in.u64()))};
    const std::uint8_t kind = in.u8();
    if (kind >= kChatKinds) in.reject(strCat("unknown kind ", int(kind)));
    m.kind = static_cast<ChatKind>(kind);
    m.sender = in.string(kChatMaxNameBytes, "sender");
    m.text = in.string(kChatMaxTextBytes, "text");
    if (m.kind == ChatKind::Rename) m.renamedTo = in.string(kChatMaxNameBytes, "new name");
    return in.finish<ChatServerMessage>(std::move(entry), "message");
  }
  if (type == kGoodbye) {
    ChatGoodbye goodbye;
    goodbye.code = static_cast<ReasonCode>(in.u32());
    const std::uint8_t retry = in.u8();
    if (retry > 1) in.reject(strCat("retry flag ", int(retry), " (0 or 1)"));
    goodbye.mayRetry = retry == 1;
    goodbye.reason = in.string(kChatMaxTextBytes, "reason");
    return in.finish<ChatServerMessage>(std::move(goodbye), "goodbye");
  }
  return Error{bytes.empty() ? std::string("bad chat message: it is empty")
                             : strCat("bad chat message: unknown type ", int(type))};
}

}  // namespace weft::net
