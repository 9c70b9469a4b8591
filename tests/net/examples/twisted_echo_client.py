"""A real Twisted client for weft's echo server (tests/net/examples/echo_test.cpp).

Usage: /usr/bin/python3 twisted_echo_client.py PORT
Sends a few messages to 127.0.0.1:PORT, one at a time, and checks that each comes back intact.
Prints "echoed N messages" and exits 0, or names what went wrong and exits 1. Gives up after
25 seconds.
"""

import sys

from twisted.internet import protocol, reactor

MESSAGES = [b"hello\r\n", b"\x00\x01\xff binary\n", b"x" * 100000, b"bye"]


class EchoCheck(protocol.Protocol):
    def connectionMade(self):
        self.pending = list(MESSAGES)
        self.received = b""
        self.transport.write(self.pending[0])

    def dataReceived(self, data):
        self.received += data
        expected = self.pending[0]
        if len(self.received) < len(expected):
            return
        if self.received != expected:
            fail("message %d came back as %r" % (len(MESSAGES) - len(self.pending), self.received[:60]))
            return
        self.pending.pop(0)
        self.received = b""
        if self.pending:
            self.transport.write(self.pending[0])
        else:
            print("echoed %d messages" % len(MESSAGES))
            self.transport.loseConnection()

    def connectionLost(self, reason):
        if self.pending:
            fail("connection lost with %d messages not echoed: %s"
                 % (len(self.pending), reason.getErrorMessage()))


class EchoCheckFactory(protocol.ClientFactory):
    protocol = EchoCheck

    def clientConnectionLost(self, connector, reason):
        if reactor.running:
            reactor.stop()

    def clientConnectionFailed(self, connector, reason):
        fail("connection failed: %s" % reason.getErrorMessage())


def fail(message):
    sys.stderr.write(message + "\n")
    global status
    status = 1
    if reactor.running:
        reactor.stop()


status = 0
reactor.connectTCP("127.0.0.1", int(sys.argv[1]), EchoCheckFactory())
reactor.callLater(25, fail, "timed out")
reactor.run()
sys.exit(status)
