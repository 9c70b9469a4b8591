# Twisted's side of `weft-bench timers`: ns per callLater, DelayedCall.cancel and firing on the
# real reactor, so weft's figures are compared with ones measured on the same machine, same run.
# Run: weft-bench timers (which runs this with /usr/bin/python3 and parses its output)
"""Measures Twisted's timer core the way weft-bench measures weft's Scheduler.

Output, one record per line, for weft-bench to parse:
    info <free text describing what was measured>
    sample <schedule|cancel|fire> <ns per operation>     (one line per operation per round)
Exit status 3 with "unavailable <reason>" on stdout means Twisted cannot be imported.

What each operation covers, chosen to match weft's operations one for one:
  schedule  N reactor.callLater calls plus the heap insertion Twisted defers to the next
            reactor iteration (_insertNewDelayedCalls); weft's callLater pushes onto its heap
            at once, so leaving the insertion out would flatter Twisted.
  cancel    N DelayedCall.cancel calls in random order plus the one runUntilCurrent that
            purges the cancelled calls from the heap; weft's cancel does that purge itself,
            amortised, so again both sides do the same work.
  fire      one runUntilCurrent that runs N due calls, the real reactor's firing path. The
            reactor's clock is moved past every deadline for that one call, as weft-bench
            passes a `now` past every deadline to Scheduler::runDue. task.Clock is not used:
            it keeps a sorted list (O(n) insert and pop), not what a Twisted game runs on.
"""

import argparse
import gc
import random
import sys
import time

OPERATIONS = ("schedule", "cancel", "fire")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, required=True, help="calls per operation")
    parser.add_argument("--rounds", type=int, required=True, help="measured rounds")
    parser.add_argument("--seed", type=int, required=True, help="seed for deadlines and order")
    parser.add_argument("--spread", type=float, required=True,
                        help="deadlines are uniform in [0, spread) seconds from now")
    args = parser.parse_args()

    try:
        import twisted
        from twisted.internet import reactor
    except ImportError as e:
        print(f"unavailable {sys.executable} cannot import Twisted: {e}", flush=True)
        return 3

    rng = random.Random(args.seed)
    n = args.pending
    fired = 0

    def tick():
        nonlocal fired
        fired += 1

    def delays():
        return [rng.random() * args.spread for _ in range(n)]

    call_later = reactor.callLater
    print(f"info Twisted {twisted.__version__}, CPython {sys.version.split()[0]}, "
          f"{type(reactor).__name__}: callLater / DelayedCall.cancel / runUntilCurrent", flush=True)

    # Round 0 warms up (allocator, heap capacity) and is not reported, as on the weft side.
    for round_index in range(args.rounds + 1):
        samples = {}

        schedule_delays = delays()
        gc.collect()
        start = time.perf_counter_ns()
        calls = [call_later(d, tick) for d in schedule_delays]
        reactor._insertNewDelayedCalls()
        samples["schedule"] = (time.perf_counter_ns() - start) / n

        victims = calls[:]
        rng.shuffle(victims)
        gc.collect()
        start = time.perf_counter_ns()
        for call in victims:
            call.cancel()
        reactor.runUntilCurrent()
        samples["cancel"] = (time.perf_counter_ns() - start) / n
        if reactor._pendingTimedCalls:
            raise SystemExit("twisted_timers.py: cancelled calls are still in the reactor's heap")
        del calls, victims

        calls = [call_later(d, tick) for d in delays()]
        reactor._insertNewDelayedCalls()
        past_every_deadline = reactor.seconds() + args.spread + 1.0
        reactor.seconds = lambda: past_every_deadline  # read once by runUntilCurrent
        fired = 0
        gc.collect()
        start = time.perf_counter_ns()
        reactor.runUntilCurrent()
        samples["fire"] = (time.perf_counter_ns() - start) / n
        del reactor.seconds
        if fired != n:
            raise SystemExit(f"twisted_timers.py: fired {fired} of {n} due calls")
        del calls

        if round_index > 0:
            for operation in OPERATIONS:
                print(f"sample {operation} {samples[operation]:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
