// ChatTexts: the fixed sentences the chat room and its telnet front say to people — the name
// prompt, the hint after joining, /help, the answer to an unknown command, the refusals — in
// one place, so a server's voice is read (and translated) in one file.
// Tests: tests/net/chat/telnet_chat_test.cpp, tests/net/chat/chat_room_commands_test.cpp
//
// They follow the chat server of the Twisted tutorial "Einführung in Twisted" (a German
// introduction to Twisted with pygame: its ChatServerProtocol and ChatServerFactory), word for
// word where it had them, "Whats your name?" included; so do the lines the room and the telnet
// front build around names: "{registered as NAME}", "All welcome NAME, client no. N!",
// "<NAME>: TEXT", "NAME renamed to NEW", "NAME has gone away", "Your nick is NAME, to change
// pass a new name!" and "N people are currently connected: ... and you". The refusal of a full
// server is the one in Twisted's "Writing Servers" howto. The rest is weft's, in the same voice.
// The telnet front wraps each line of them in <>. One line departs from the tutorial: an action
// reads "* NAME ACTION" (as IRC and weft's other fronts show it), not "<NAME ACTION>", which a
// name holding a space could shape into any of these texts (telnet_chat.h says why none can be
// forged now). None of these texts may hold a '>': that is what keeps them unforgeable.
#pragma once

#include <string_view>

namespace weft::net {

// The telnet front's first words to a new connection: the next line is the name.
inline constexpr std::string_view kTelnetNamePrompt = "Whats your name?";
// To a member that just joined.
inline constexpr std::string_view kChatHint =
    "Use /command to execute commands and /help to get a list of all commands.";
// The answer to /help: one command per line.
inline constexpr std::string_view kChatHelp =
    "Currently, the following commands are supported: \n"
    "/list - get a list of all connected people \n"
    "/rename newName - rename yourself \n"
    "/nick newName - the same as /rename \n"
    "/me action - do sth. (this will produce a \"* username action\" line \n"
    "/history N - show the last N messages again \n"
    "/quit - leave the chat \n"
    "/help - print this help message ";
// The answer to an unknown command, and to /me without an action.
inline constexpr std::string_view kChatWhatDoYouMean = "Hu? What do you mean? Try /help";
// The answer to /list when nobody else is here.
inline constexpr std::string_view kChatAlone =
    "You are alone on this server. Totally lost. Be nice!";
// To a member dismissed for flooding, before the connection closes.
inline constexpr std::string_view kChatFlooding =
    "You sent too many messages too fast and were disconnected.";
// To a connection that sat at the name prompt past its front's hello timeout, or past the
// room's nameTimeout while the room was full and someone else came.
inline constexpr std::string_view kChatNameTimeout =
    "You took too long to choose a name; try again later.";
// To a connection the room has no place for, instead of the prompt; then it closes.
inline constexpr std::string_view kChatRoomFull = "Too many connections, try later";
// Instead of the prompt, to a connection from an address that holds all the places one
// address may (ChatRoomConfig::maxPerAddress); then it closes.
inline constexpr std::string_view kChatTooManyFromAddress =
    "Too many connections from your address, try later";
// The room's last notice to everyone when it shuts down.
inline constexpr std::string_view kChatShuttingDown = "The server is shutting down. Bye!";
// After /quit, before the connection closes.
inline constexpr std::string_view kChatBye = "Bye!";
// The name of a member who gave none, numbered: "guest3".
inline constexpr std::string_view kChatGuest = "guest";

}  // namespace weft::net
