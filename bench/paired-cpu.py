#!/usr/bin/env python3
"""Paired CPU time of short commands: bench/paired-cpu.py RUNS NAME=CMD...

Runs each command RUNS times, the commands in a new random order in each
round, so that whatever else the machine does falls on all of them alike.
Each run's CPU time is its user + system time as the kernel accounts it to
the child (wait4's rusage, to the microsecond), from posix_spawn to exit:
exec, dynamic linking and all.  stdin, stdout and stderr are /dev/null.

A word @FILE in a command stands for the lines of FILE, one argument
each: 10,000 origins' arguments are more than the kernel takes as one
argument (128 KiB).

Prints per command the median, quartiles and minimum (ms), and against
the last one the ratio of the medians and the median of the per-round
ratios.  Exits 1 when a command fails (exit status not 0)."""
import os
import random
import shlex
import statistics
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    cmds = []
    for arg in sys.argv[2:]:
        name, _, cmd = arg.partition("=")
        argv = []
        for word in shlex.split(cmd):
            if word.startswith("@"):
                with open(word[1:]) as f:
                    argv.extend(line.rstrip("\n") for line in f)
            else:
                argv.append(word)
        cmds.append((name, argv))
    cpu = {name: [] for name, _ in cmds}
    null = os.open(os.devnull, os.O_RDWR)
    redirect = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
    for _ in range(runs):
        order = cmds[:]
        random.shuffle(order)
        for name, argv in order:
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=redirect)
            _, status, ru = os.wait4(pid, 0)
            if status != 0:
                sys.exit(f"paired-cpu: {name} failed (wait status {status}): {shlex.join(argv)[:300]}")
            cpu[name].append((ru.ru_utime + ru.ru_stime) * 1000.0)
    base = cmds[-1][0]
    print(f"| command | median (ms) | p25 | p75 | min | vs {base}: ratio of medians | median of per-round ratios |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, _ in cmds:
        v = sorted(cpu[name])
        n = len(v)
        med = statistics.median(v)
        rm = med / statistics.median(cpu[base])
        rr = statistics.median(a / b for a, b in zip(cpu[name], cpu[base]) if b > 0)
        print(f"| {name} | {med:.3f} | {v[n // 4]:.3f} | {v[3 * n // 4]:.3f} | {v[0]:.3f} | {rm:.3f} | {rr:.3f} |")


if __name__ == "__main__":
    main()
