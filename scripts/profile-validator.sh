#!/usr/bin/env bash
# CPU profile of one validator under `ledger bench node` load (issue 13): starts one bench run,
# waits for its measured load to begin, samples the first validator with dotnet-trace (EventPipe
# dotnet-sampled-thread-time: the runtime samples every managed thread's stack about every 10 ms;
# `cpu-sampling` is collect-linux only, which needs the kernel's user_events) for a few seconds, converts the trace to speedscope and summarises it with
# scripts/profile-summary.py (top inclusive and exclusive frames, and the share of each cost bucket).
#
#   scripts/profile-validator.sh [--scheme ed25519] [--block-size 400] [--trace-seconds 6]
#                                [--base-port 10200] [--out DIR] [--no-build]
#
# Release build; dotnet-trace comes from the repository's tool manifest (.config/dotnet-tools.json).
# Loopback only; every process it starts ends with the bench (the bench stops its validators).
set -euo pipefail

scheme=ed25519
block_size=400
trace_seconds=6
base_port=10200
out=""
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scheme) scheme="$2"; shift 2 ;;
    --block-size) block_size="$2"; shift 2 ;;
    --trace-seconds) trace_seconds="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${out:-$root/artifacts/profile-$(date -u +%Y%m%d-%H%M%S)-$scheme-$block_size}"
mkdir -p "$out"

dotnet tool restore >/dev/null
if [[ $build == 1 ]]; then dotnet build -c Release Cli -v q -nologo >/dev/null; fi
ledger="$root/Cli/bin/Release/net10.0/ledger"

# The measured load lasts long enough for the trace to start after it does and end before it does.
duration=$((trace_seconds + 6))
uptime >"$out/uptime-before.txt"
"$ledger" bench node --schemes "$scheme" --block-sizes "$block_size" --duration "$duration" \
  --warm-up 3 --base-port "$base_port" >"$out/bench.txt" 2>&1 &
bench=$!
trap 'kill "$bench" 2>/dev/null || true' EXIT

for _ in $(seq 1 600); do
  grep -q "measured load:" "$out/bench.txt" && break
  kill -0 "$bench" 2>/dev/null || { cat "$out/bench.txt"; echo "bench ended before its measured load" >&2; exit 1; }
  sleep 0.5
done
testnet="$(sed -n 's/.*testnet in \(.*\)$/\1/p' "$out/bench.txt" | head -n 1)"
# The first validator's process (`node run`, or the unchecked host for scheme none).
pid="$(pgrep -f -- "(node run|unchecked-node) --config $testnet/nodes/org1-v1/" | head -n 1 || true)"
[[ -n "$pid" ]] || { echo "no validator process found for $testnet" >&2; exit 1; }
echo "tracing validator pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline"))" | tee "$out/validator.txt"

sleep 1
dotnet dotnet-trace collect -p "$pid" --profile dotnet-sampled-thread-time \
  --duration "00:00:00:$(printf '%02d' "$trace_seconds")" -o "$out/validator.nettrace" >"$out/collect.txt" 2>&1
uptime >"$out/uptime-after.txt"
wait "$bench" || true
trap - EXIT

dotnet dotnet-trace convert --format speedscope "$out/validator.nettrace" -o "$out/validator" >/dev/null
python3 "$root/scripts/profile-summary.py" "$out/validator.speedscope.json" | tee "$out/summary.txt"
echo "bench output: $out/bench.txt; trace: $out/validator.nettrace"
