# The chat server of the Twisted chat tutorial "Einführung in Twisted" (ChatServerProtocol +
# ChatServerFactory of "Chatwisted" by Julian Habrock, cc by-nc-sa), ported to Python 3 on
# Debian's python3-twisted: the peer that `weft-bench chat-fanout` measures weft-chatd beside.
# Run: weft-bench chat-fanout (by hand: /usr/bin/python3 twisted_chat_server.py --port 5555,
#      then nc localhost 5555)
"""The tutorial's server, changed only where Python 3 requires it.

- Lines are bytes in Python 3's LineReceiver: each is decoded as UTF-8 (undecodable bytes
  replaced, since the tutorial had no answer to them) and every sendLine encodes its text.
- dict.itervalues() is dict.values(); the tutorial's class-level `clients` dict and `client_no`
  counter become instance attributes, so two factories never share them.
- The Tkinter client half of the tutorial is left out: only the server is benchmarked.
- It listens on --port (0: a free one) on 127.0.0.1 and prints "listening PORT", flushed, so
  weft-bench can connect; SIGTERM or SIGINT stop the reactor.
Everything the clients see (prompt, welcome, broadcasts, /list, /help, renames) is the tutorial's.
"""

import argparse
import sys

EXIT_UNAVAILABLE = 3

try:
    from twisted.internet import reactor
    from twisted.internet.protocol import Factory
    from twisted.protocols.basic import LineReceiver
except ImportError as error:  # weft-bench reports this instead of a traceback
    print(f"unavailable Twisted cannot be imported: {error}", flush=True)
    sys.exit(EXIT_UNAVAILABLE)


class ChatServerProtocol(LineReceiver):
    """Represents a client on the server, holds its data (name) and gives the user interface."""

    prompt = "Whats your name?"
    welcome = "<Use /command to execute commands and /help to get a list of all commands.>"
    helptext = """
<Currently, the following commands are supported: >
</list - get a list of all connected people >
</rename newName - rename yourself >
</me action - do sth. (this will produce a "<username action>" line >
</help - print this help message >
"""
    whatdoyoumean = "<Hu? What do you mean? Try /help>"

    def sendLine(self, line):
        LineReceiver.sendLine(self, line.encode("utf-8"))

    def connectionMade(self):
        self.name = None
        self.sendLine(self.prompt)

    def connectionLost(self, reason):
        self.factory.logout(self, reason)

    def lineReceived(self, line):
        line = line.decode("utf-8", "replace").rstrip()
        if not self.name:
            self.name = self.factory.register(self, line)
            self.sendLine(self.welcome)
        elif line.startswith("/"):
            if " " in line:
                cmd, arg = line[1:].split(" ", 1)
            else:
                cmd, arg = line[1:], None
            if cmd in ("nick", "rename"):
                if not arg:
                    self.sendLine("<Your nick is %s, to change pass a new name!>" % self.name)
                elif arg == self.name:
                    self.sendLine("<Your nick is allready %s!>" % self.name)
                else:
                    self.name = self.factory.rename(self, arg)
            elif cmd in ("list", "clients", "all"):
                self.factory.get_list(self)
            elif cmd == "me" and arg:
                self.factory.do(self, arg)
            elif cmd == "help":
                self.sendLine(self.helptext)
            else:
                self.sendLine(self.whatdoyoumean)
        else:
            self.factory.say(self, line)


class ChatServerFactory(Factory):
    """Creates a Protocol for every client and manages all clients and their interaction."""

    protocol = ChatServerProtocol

    def __init__(self):
        self.clients = {}
        self.client_no = 0

    def register(self, client, name):
        if name in self.clients:
            i = 2
            while name + str(i) in self.clients:
                i += 1
            name += str(i)
        self.clients[name] = client
        self.client_no += 1
        client.sendLine("{registered as %s}" % name)
        self.broadcast("<All welcome %s, client no. %i!>" % (name, self.client_no))
        return name

    def logout(self, client, reason):
        # The tutorial assumed every connection had registered; one that leaves at the name
        # prompt has no entry, and the tutorial would raise KeyError here (logged by Twisted). Kept as is.
        del self.clients[client.name]
        self.broadcast("<%s has gone away>" % client.name)

    def rename(self, client, new_name):
        if new_name in self.clients:
            i = 2
            while new_name + str(i) in self.clients:
                i += 1
            new_name += str(i)
        self.clients[new_name] = client
        del self.clients[client.name]
        self.broadcast("<%s renamed to %s>" % (client.name, new_name))
        return new_name

    def get_list(self, client):
        clients = " ".join(filter(lambda n: n != client.name, self.clients.keys()))
        if len(self.clients) == 1:
            client.sendLine("<You are alone on this server. Totally lost. Be nice!>")
        else:
            client.sendLine("<%i people are currently connected: %s and you>" %
                            (len(self.clients), clients))

    def say(self, speaker, line):
        self.broadcast("<%s>: %s" % (speaker.name, line))

    def do(self, actor, action):
        self.broadcast("<%s %s>" % (actor.name, action))

    def broadcast(self, line):
        for client in self.clients.values():
            client.sendLine(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5555, help="0 picks a free port")
    options = parser.parse_args()
    port = reactor.listenTCP(options.port, ChatServerFactory(), backlog=1024,
                             interface="127.0.0.1")
    print(f"listening {port.getHost().port}", flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
