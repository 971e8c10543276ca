#!/usr/bin/env python3
"""Summarises a dotnet-trace thread-time profile (converted to speedscope) of one validator.

dotnet-trace's sampled thread time records every managed thread's stack about every 10 ms, and
the speedscope export ends each stack in a pseudo-frame: CPU_TIME (the thread was running managed
code) or UNMANAGED_CODE_TIME (it was in native code: either waiting, or working in a native
library such as libsodium or OpenSSL). A sample counts as busy unless it is unmanaged and its
innermost managed frame is a known wait (thread pool idle, socket event loop, timers, locks,
file-system watcher). Busy samples are what this reports: top exclusive frames (the innermost
managed frame), top inclusive frames, and cost buckets (each busy sample goes to the bucket of its
innermost frame that matches one, so a signature check inside a gRPC handler counts as signatures).

usage: profile-summary.py TRACE.speedscope.json [--top N]
"""
import collections
import json
import re
import sys

# A sample whose innermost managed frame is one of these, in native code, is waiting, not working.
WAITS = re.compile(
    r"WaitHandle\.Wait|LowLevelLifoSemaphore\.Wait|ManualResetEventSlim\.Wait|Monitor\.Wait|"
    r"LowLevelSpinWaiter\.Wait|Thread\.Sleep|SocketAsyncEngine\.EventLoop|WaitForSocketEvents|"
    r"TimerQueue\.TimerThread|FileSystemWatcher|Watcher!Interop\+Sys\.Read|LowLevelMonitor|"
    r"Interop\+Sys\.(Poll|Read)\b|SemaphoreSlim\.Wait|Lock\.TryEnterSlow|WaitOneNoCheck|"
    r"PortableThreadPool\+WorkerThread\.WorkerThreadStart|PortableThreadPool\+GateThread|"
    r"Console|Interop\+Sys\.WaitPid|SignalHandlerLoop")

# In native code under these, the thread waits for the device: time, but not CPU.
FLUSHES = re.compile(r"Interop\+Sys\.FSync|Fdatasync")

# Innermost match wins; order only breaks ties within one frame.
BUCKETS = [
    ("signatures (Ed25519 verify/sign)", re.compile(r"NSec\.Cryptography|Ed25519|VerifySignatures|VerifyBatch|BlockSignatures")),
    ("hashing (SHA-256)", re.compile(r"Sha256|SHA256|Hash32\.|IncrementalHash|MerkleTree|Merkle")),
    ("protobuf", re.compile(r"Google\.Protobuf")),
    ("TLS (SslStream, OpenSSL)", re.compile(r"System\.Net\.Security|Interop\+Ssl|Interop\+Crypto|X509")),
    ("gRPC/HTTP2 (Kestrel, Grpc, HttpClient)", re.compile(r"Grpc\.|Kestrel|System\.Net\.Http|AspNetCore|Http2|System\.IO\.Pipelines|System\.Net\.Sockets")),
    ("LiteDB", re.compile(r"LiteDB")),
    ("logging (Serilog, ILogger)", re.compile(r"Serilog|Microsoft\.Extensions\.Logging")),
    ("consensus codec", re.compile(r"ConsensusCodec|Consensus\.Codec")),
    ("consensus core", re.compile(r"Ledger\.Consensus!")),
    ("ledger execution and storage", re.compile(r"Ledger\.Core!")),
    ("mempool", re.compile(r"Ledger\.Node\.Mempool")),
    ("node runtime (loop, network, services)", re.compile(r"Ledger\.Node!")),
    ("runtime: thread pool, tasks, channels", re.compile(r"System\.Threading|System\.Private\.CoreLib!System\.Runtime\.CompilerServices")),
]


def samples(doc):
    """(thread, stack of frame names outermost first, milliseconds) for every interval of every thread."""
    frames = [f["name"] for f in doc["shared"]["frames"]]
    for profile in doc["profiles"]:
        stack, last = [], profile["startValue"]
        for event in profile["events"]:
            at = event["at"]
            if stack and at > last:
                yield profile["name"], [frames[i] for i in stack], at - last
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                stack.pop()


def short(name, width=110):
    name = re.sub(r"\(.*", "()", name)
    return name if len(name) <= width else name[: width - 3] + "..."


def main():
    args = sys.argv[1:]
    top = 25
    if "--top" in args:
        top = int(args[args.index("--top") + 1])
    doc = json.load(open(args[0]))
    total = waiting = flushing = 0.0
    busy = collections.Counter()
    exclusive = collections.Counter()
    inclusive = collections.Counter()
    buckets = collections.Counter()
    threads = collections.Counter()
    for thread, stack, ms in samples(doc):
        total += ms
        kind = stack[-1]
        # "?!?" is a native frame the export could not name (epoll's wait under the socket engine, say).
        frames = [f for f in stack if f not in ("CPU_TIME", "UNMANAGED_CODE_TIME", "?!?") and "!" in f]
        if not frames:
            continue
        leaf = frames[-1]
        if kind == "UNMANAGED_CODE_TIME" and FLUSHES.search(leaf):
            flushing += ms
            continue
        if kind == "UNMANAGED_CODE_TIME" and WAITS.search(leaf):
            waiting += ms
            continue
        busy[kind] += ms
        threads[thread] += ms
        exclusive[leaf] += ms
        for frame in set(frames):
            inclusive[frame] += ms
        for frame in reversed(frames):
            match = next((name for name, pattern in BUCKETS if pattern.search(frame)), None)
            if match:
                buckets[match] += ms
                break
        else:
            buckets["other"] += ms
    work = sum(busy.values())
    print(f"sampled thread time {total / 1000:.1f} s over {len(doc['profiles'])} threads; waiting {waiting / 1000:.1f} s; "
          f"in fsync/fdatasync {flushing / 1000:.2f} s; "
          f"busy {work / 1000:.2f} s (managed {busy['CPU_TIME'] / 1000:.2f} s, native {busy['UNMANAGED_CODE_TIME'] / 1000:.2f} s)")
    print("\ncost buckets, share of busy samples (innermost matching frame):")
    for name, ms in buckets.most_common():
        print(f"  {ms / work * 100:5.1f}%  {name}")
    print(f"\ntop {top} exclusive frames (innermost managed frame; native time is charged to its caller):")
    for name, ms in exclusive.most_common(top):
        print(f"  {ms / work * 100:5.1f}%  {short(name)}")
    print(f"\ntop {top} inclusive frames:")
    for name, ms in inclusive.most_common(top):
        print(f"  {ms / work * 100:5.1f}%  {short(name)}")
    print(f"\ntop {top} inclusive frames of this repository's code (Ledger.*):")
    ours = [(name, ms) for name, ms in inclusive.most_common() if name.startswith("Ledger.")]
    for name, ms in ours[:top]:
        print(f"  {ms / work * 100:5.1f}%  {short(name)}")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        pass
