# Twisted's side of `weft-bench pump`: the cost of one idle reactor.iterate(0) on the epoll
# reactor with N idle loopback connections and M callLaters an hour out, measured a round at a
# time in lockstep with weft's rounds, on the same machine.
# Run: weft-bench pump (by hand: yes round | head -2 | /usr/bin/python3 twisted_pump.py
#      --connections 100 --timers 100 --samples 1000)
"""Measures an idle Twisted reactor iteration the way weft-bench measures an idle weft pump.

Speaks tools/bench/lockstep_script.h's protocol: "info" and "ready" on start, then for each
"round" line on stdin two records and "end":
  calibration <ns> <ns> ...   back-to-back perf_counter_ns() pairs with nothing between them
  iterate <ns> <ns> ...       perf_counter_ns() pairs around one reactor.iterate(0) each
Raw samples, not summaries, so weft-bench summarises both sides with the same statistics and
subtracts the calibration median itself. Exit status 3 with "unavailable <why>" means Twisted
cannot be imported by this interpreter; any other failure is a message on stderr and status 1.

The load matches weft's IdleReactor (tools/bench/README.md): the epoll reactor listening on
127.0.0.1:0 with the server ends of N connections, their client ends held by a forked process, M
callLaters 3600 s out, nothing ready. iterate(0) is runUntilCurrent plus one epoll.poll(0): what
a game loop pumping Twisted once a frame calls.
"""

import argparse
import gc
import os
import resource
import socket
import sys
import time

EXIT_UNAVAILABLE = 3
CONNECT_BATCH = 256  # below the backlog, so no SYN is dropped and retried a second later
SCM_MAX_FD = 253  # the kernel's limit on descriptors in one SCM_RIGHTS message
BACKLOG = 1024
SETUP_LIMIT_S = 60.0
TIMER_DELAY_S = 3600.0


def record(*fields):
    print(*fields, flush=True)


def fail(message):
    print(f"twisted_pump.py: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def start_far_end_holder():
    """Forks a process that keeps the client ends of the connections open, so this process
    spends one descriptor per connection (as weft-bench's FarEndHolder does for weft): both
    ends here would not fit 10,000 connections under a 20,000-descriptor limit. Returns our end
    of the socket pair the client sockets are handed over on, and the holder's pid."""
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        keep = theirs.fileno()
        os.closerange(3, keep)  # keep stderr; drop everything else inherited
        os.closerange(keep + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
        held = []
        try:
            while True:
                data, fds, _, _ = socket.recv_fds(theirs, 1, SCM_MAX_FD)
                if not data:
                    break
                held.extend(fds)
        finally:
            os._exit(0)  # never run the parent's atexit handlers or Twisted's shutdown
    theirs.close()
    return ours, pid


def open_idle_load(reactor, protocol, connections, timers, holder):
    """Listens, connects `connections` clients and schedules `timers` calls; returns the counts."""
    counts = {"accepted": 0, "lost": 0}

    class Counting(protocol.Protocol):
        def connectionMade(self):
            counts["accepted"] += 1

        def connectionLost(self, reason):
            counts["lost"] += 1

    class Server(protocol.ServerFactory):
        def buildProtocol(self, addr):
            return Counting()

    port = reactor.listenTCP(0, Server(), backlog=BACKLOG, interface="127.0.0.1").getHost().port
    deadline = time.monotonic() + SETUP_LIMIT_S
    opened = 0
    while opened < connections:
        # Plain blocking connects complete in the kernel (the backlog has room); Twisted then
        # accepts them, and the holder takes the client ends.
        batch = [socket.create_connection(("127.0.0.1", port))
                 for _ in range(min(CONNECT_BATCH, connections - opened))]
        opened += len(batch)
        while counts["accepted"] < opened and not counts["lost"]:
            if time.monotonic() > deadline:
                fail(f"only {counts['accepted']} of {connections} connections were accepted "
                     f"after {SETUP_LIMIT_S:.0f} s")
            reactor.iterate(0.01)
        for first in range(0, len(batch), SCM_MAX_FD):
            chunk = batch[first:first + SCM_MAX_FD]
            socket.send_fds(holder, [b"f"], [s.fileno() for s in chunk])
        for s in batch:
            s.close()
        if counts["lost"]:
            fail(f"{counts['lost']} connections closed while opening {connections}")

    calls = [reactor.callLater(TIMER_DELAY_S, lambda: None) for _ in range(timers)]
    for _ in range(3):  # lets the reactor insert the new calls into its heap and settle
        reactor.iterate(0)
    pending = len(reactor.getDelayedCalls())
    if pending != timers:
        fail(f"{pending} delayed calls pending after set-up, expected {timers}")
    return counts, calls


def measure_round(reactor, samples):
    """Raw ns samples: back-to-back clock reads, then one reactor.iterate(0) each."""
    clock, iterate = time.perf_counter_ns, reactor.iterate
    calibration = [0] * samples
    iterations = [0] * samples
    gc.collect()
    for i in range(samples):
        start = clock()
        end = clock()
        calibration[i] = end - start
    for i in range(samples):
        start = clock()
        iterate(0)
        end = clock()
        iterations[i] = end - start
    return calibration, iterations


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, required=True, help="idle TCP connections")
    parser.add_argument("--timers", type=int, required=True, help="callLater calls 1 h out")
    parser.add_argument("--samples", type=int, required=True, help="iterations timed per round")
    args = parser.parse_args()

    try:
        import twisted
        from twisted.internet import epollreactor
        epollreactor.install()
        from twisted.internet import protocol, reactor
    except ImportError as e:
        record("unavailable", f"{sys.executable} cannot import Twisted's epoll reactor: {e}")
        return EXIT_UNAVAILABLE

    holder, holder_pid = start_far_end_holder()
    counts, calls = open_idle_load(reactor, protocol, args.connections, args.timers, holder)
    readers = len(reactor.getReaders())
    if readers != args.connections + 2:  # the listener, the server ends, the waker
        fail(f"the reactor reads {readers} descriptors, expected {args.connections + 2}")
    record("info", f"Twisted {twisted.__version__}, CPython {sys.version.split()[0]}, "
                   f"{type(reactor).__name__}: reactor.iterate(0)")
    record("ready")
    for command in sys.stdin:
        if command.strip() != "round":
            fail(f"unknown command {command.strip()!r}")
        calibration, iterations = measure_round(reactor, args.samples)
        if counts["lost"] or len(reactor.getDelayedCalls()) != args.timers:
            fail("the load did not stay idle: a connection closed or a timer ran")
        record("calibration", *calibration)
        record("iterate", *iterations)
        record("end")
    del calls
    holder.close()  # the holder sees end of file and exits
    os.waitpid(holder_pid, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
