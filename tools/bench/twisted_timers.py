# Twisted's side of `weft-bench timers`: ns per callLater, DelayedCall.cancel and firing on the
# real reactor, measured a round at a time in lockstep with weft's rounds, on the same machine.
# Run: weft-bench timers (by hand: yes round | head -3 | /usr/bin/python3 twisted_timers.py
#      --pending 1000 --seed 1 --spread 30)
"""Measures Twisted's timer core the way weft-bench measures weft's Scheduler.

Speaks tools/bench/lockstep_script.h's protocol: "info" and "ready" on start, then for each
"round" line on stdin one "sample <operation> <ns per call>" line per operation and "end".
Exit status 3 with "unavailable <why>" means Twisted cannot be imported by this interpreter.

What each operation covers, chosen so that both sides do the same work: tools/bench/README.md.
"""

import argparse
import gc
import random
import sys
import time

EXIT_UNAVAILABLE = 3


def record(*fields):
    print(*fields, flush=True)


class TimerRounds:
    def __init__(self, reactor, pending, seed, spread):
        self.reactor = reactor
        self.n = pending
        self.spread = spread
        self.rng = random.Random(seed)
        self.fired = 0

    def tick(self):
        self.fired += 1

    def delays(self):
        return [self.rng.random() * self.spread for _ in range(self.n)]

    def round(self):
        """One round of the three operations; returns ns per call for each."""
        reactor, n, call_later, tick = self.reactor, self.n, self.reactor.callLater, self.tick
        ns = {}

        schedule_delays = self.delays()
        gc.collect()
        start = time.perf_counter_ns()
        calls = [call_later(d, tick) for d in schedule_delays]
        reactor._insertNewDelayedCalls()
        ns["schedule"] = (time.perf_counter_ns() - start) / n

        victims = calls[:]
        self.rng.shuffle(victims)
        gc.collect()
        start = time.perf_counter_ns()
        for call in victims:
            call.cancel()
        reactor.runUntilCurrent()
        ns["cancel"] = (time.perf_counter_ns() - start) / n
        if reactor._pendingTimedCalls:
            raise SystemExit("twisted_timers.py: cancelled calls are still in the reactor's heap")
        del calls, victims

        calls = [call_later(d, tick) for d in self.delays()]
        reactor._insertNewDelayedCalls()
        past_every_deadline = reactor.seconds() + self.spread + 1.0
        reactor.seconds = lambda: past_every_deadline  # read once, by runUntilCurrent
        self.fired = 0
        gc.collect()
        start = time.perf_counter_ns()
        reactor.runUntilCurrent()
        ns["fire"] = (time.perf_counter_ns() - start) / n
        del reactor.seconds
        if self.fired != n:
            raise SystemExit(f"twisted_timers.py: fired {self.fired} of {n} due calls")
        return ns


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, required=True, help="calls per operation")
    parser.add_argument("--seed", type=int, required=True, help="seed for deadlines and order")
    parser.add_argument("--spread", type=float, required=True,
                        help="deadlines are uniform in [0, spread) seconds from now")
    args = parser.parse_args()

    try:
        import twisted
        from twisted.internet import reactor
    except ImportError as e:
        record("unavailable", f"{sys.executable} cannot import Twisted: {e}")
        return EXIT_UNAVAILABLE

    rounds = TimerRounds(reactor, args.pending, args.seed, args.spread)
    record("info", f"Twisted {twisted.__version__}, CPython {sys.version.split()[0]}, "
                   f"{type(reactor).__name__}: callLater / DelayedCall.cancel / runUntilCurrent")
    record("ready")
    for command in sys.stdin:
        if command.strip() != "round":
            raise SystemExit(f"twisted_timers.py: unknown command {command.strip()!r}")
        for operation, ns in rounds.round().items():
            record("sample", operation, f"{ns:.3f}")
        record("end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
