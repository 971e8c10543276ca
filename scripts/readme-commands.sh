#!/usr/bin/env bash
# Runs README.md's commands exactly as written, in a fresh clone, in an order in which they work
# together (a testnet first, then the wallet against it, the node stopped before the audit), and
# fails on the first one that breaks. Every command is copied here verbatim from README.md: the
# script first checks that each step is still in README.md and that every `dotnet run` line in
# README.md is a step here (run, or listed as long with the reason), so README and this runbook
# cannot drift apart silently.
#
#   scripts/readme-commands.sh            the runbook without the long commands (about 5 minutes)
#   scripts/readme-commands.sh --all      the long ones too (simulator sweeps, benchmarks, chaos)
#   scripts/readme-commands.sh --check    only the README <-> runbook cross-check (seconds)
#   KEEP=1 scripts/readme-commands.sh     keep the clone and its logs afterwards
#
# It clones the committed HEAD of this repository (uncommitted changes are not tested), sets
# LEDGER_WALLET_HOME inside the clone so no profile is written to the home folder, and sets the
# passphrase variables README's `export` lines leave to the reader.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
mode=quick
case "${1:-}" in
  --all) mode=all ;;
  --check) mode=check ;;
  "") ;;
  *) echo "usage: $0 [--all|--check]" >&2; exit 2 ;;
esac

# README's commands: indented lines starting with `dotnet run`, continuation lines joined,
# trailing comments removed, spaces squeezed.
readme_commands() {
  awk '
    /^    dotnet run/ || cont { line = (cont ? line " " : "") $0; if ($0 ~ /\\$/) { sub(/\\$/, "", line); cont = 1; next } cont = 0; print line; line = "" }
  ' "$root/README.md" | sed -E 's/[[:space:]]+#.*$//; s/^[[:space:]]+//; s/[[:space:]]+/ /g'
}

declare -a steps=()      # every README command this runbook covers (run or long)
phase=collect
clone=""
failures=0
started=$(date +%s)

normalise() { sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//' <<<"$1"; }

log_name() { tr -c 'A-Za-z0-9' '-' <<<"$1" | cut -c1-60; }

progress() { printf '[%4ds] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# run EXIT LINE: runs LINE and expects exit code EXIT (0 unless the README says otherwise).
run() {
  local want="$1" line; line="$(normalise "$2")"
  if [[ $phase == collect ]]; then steps+=("$line"); return; fi
  local cmd="${line//<id>/$tx_id}" logf; logf="$clone/readme-logs/$(log_name "$cmd").log"
  progress "run: $cmd"
  local got=0
  (cd "$clone" && timeout 600 bash -c "$cmd") >"$logf" 2>&1 || got=$?
  if [[ $got != "$want" ]]; then
    echo "FAILED (exit $got, expected $want): $cmd" >&2
    tail -n 30 "$logf" >&2
    exit 1
  fi
}

# long LINE REASON: a command that takes minutes; run only with --all.
long() {
  local line; line="$(normalise "$1")"
  if [[ $phase == collect ]]; then steps+=("$line"); return; fi
  if [[ $mode == all ]]; then run 0 "$line"; else progress "long, not run (--all runs it): $line  ($2)"; fi
}

# background NAME LINE: starts LINE in its own process group (as a terminal would run it).
background() {
  local name="$1" line; line="$(normalise "$2")"
  if [[ $phase == collect ]]; then steps+=("$line"); return; fi
  progress "start: $line"
  (cd "$clone" && exec setsid bash -c "exec $line") >"$clone/readme-logs/$name.log" 2>&1 &
  echo $! >"$clone/readme-logs/$name.pid"
}

# interrupt NAME WANT: Ctrl-C to the process group, then waits for it and checks its exit code.
interrupt() {
  local name="$1" want="$2"
  [[ $phase == collect ]] && return
  local pid; pid=$(cat "$clone/readme-logs/$name.pid")
  progress "Ctrl-C: $name"
  kill -INT -- "-$pid" 2>/dev/null || true
  local got=0
  timeout 60 tail --pid="$pid" -f /dev/null || { echo "FAILED: $name did not stop within 60 s of Ctrl-C" >&2; kill -KILL -- "-$pid" 2>/dev/null || true; exit 1; }
  wait "$pid" || got=$?
  if [[ $got != "$want" ]]; then
    echo "FAILED: $name exited $got after Ctrl-C, expected $want" >&2
    tail -n 30 "$clone/readme-logs/$name.log" >&2
    exit 1
  fi
}

# until_committing PORT...: waits (up to 120 s) until each metrics port reports a committed height.
until_committing() {
  [[ $phase == collect ]] && return
  local deadline=$(( $(date +%s) + 120 )) port
  for port in "$@"; do
    until curl -sf "http://127.0.0.1:$port/metrics" 2>/dev/null | grep -Eq '^ledger_committed_height [1-9]'; do
      if (( $(date +%s) > deadline )); then echo "FAILED: the node with metrics port $port did not commit within 120 s" >&2; exit 1; fi
      sleep 1
    done
  done
  progress "committing: metrics ports $*"
}

# shell TEXT: a step of the walkthrough that is not a README command (README leaves it to the reader).
shell() {
  [[ $phase == collect ]] && return
  progress "(setup) $1"
  (cd "$clone" && bash -c "$1")
}

tx_id=""
capture_tx_id() {
  [[ $phase == collect ]] && return
  local logf; logf="$clone/readme-logs/$(log_name "$1").log"
  tx_id=$(grep -Eo '[0-9a-f]{64}' "$logf" | head -n1 || true)
  [[ -n $tx_id ]] || { echo "FAILED: no transaction id in the output of: $1" >&2; exit 1; }
}

transfer='dotnet run --project Cli -- wallet transfer --to org2-m1 --amount 250 --request-id rent-2026-03'

runbook() {
  # Quick start.
  run 0 'dotnet run --project Cli -- demo'

  # Identities and a local testnet: the one-line network (removed again, the walkthrough below makes its own).
  run 0 'dotnet run --project Cli -- testnet init --orgs 4 --validators-per-org 1 --members-per-org 2 --out testnet'
  shell 'rm -rf testnet'

  # One organisation step by step, passphrase-protected.
  run 0 'dotnet run --project Cli -- pki init-org --org acme --out pki/acme --passphrase-env CA_PW'
  run 0 'dotnet run --project Cli -- pki issue --ca pki/acme --ca-passphrase-env CA_PW --role validator --name acme-v1 --out pki/acme-v1 --passphrase-env V1_PW'
  run 0 'dotnet run --project Cli -- pki verify pki/acme-v1/signing.crt.pem --trust pki/acme --role validator'
  run 0 'dotnet run --project Cli -- wallet keygen --org acme --name bob --out pki/bob --passphrase-env BOB_PW'
  run 0 'dotnet run --project Cli -- pki sign-csr --ca pki/acme --ca-passphrase-env CA_PW --csr pki/bob/request.csr.pem --out pki/bob/cert.pem'
  run 0 'dotnet run --project Cli -- pki revoke --ca pki/acme --ca-passphrase-env CA_PW --cert pki/acme-v1/signing.crt.pem'

  # Running a network by hand: one validator alone starts and stops cleanly, then all four.
  run 0 'dotnet run --project Cli -- testnet init --out testnet'
  background node 'dotnet run --project Cli -- node run --config testnet/nodes/org1-v1/node.json'
  shell 'for i in $(seq 1 120); do curl -sf http://127.0.0.1:7102/metrics >/dev/null && exit 0; sleep 1; done; echo "node run did not serve metrics within 120 s" >&2; exit 1'
  interrupt node 0
  background testnet 'dotnet run --project Cli -- testnet up --dir testnet'
  until_committing 7102 7112 7122 7132

  # The wallet.
  run 0 'dotnet run --project Cli -- wallet init --genesis testnet/genesis.json --node 127.0.0.1:7101 --node 127.0.0.1:7111 --key testnet/members/org1-m1/key.pem'
  run 0 "$transfer"
  capture_tx_id "$transfer"
  run 0 'dotnet run --project Cli -- wallet balance'
  run 0 'dotnet run --project Cli -- wallet tx <id>'
  run 0 'dotnet run --project Cli -- wallet history'
  run 0 'dotnet run --project Cli -- wallet address'
  background watch 'dotnet run --project Cli -- wallet watch'
  shell 'for i in $(seq 1 120); do [ -s readme-logs/watch.log ] && exit 0; sleep 1; done; echo "wallet watch printed nothing within 120 s" >&2; exit 1'
  shell 'sleep 5'
  interrupt watch 0

  # A member's life.
  run 0 'dotnet run --project Cli -- wallet keygen --org org1 --name alice --out pki/alice --passphrase-env MY_PW'
  run 0 'dotnet run --project Cli -- pki sign-csr --ca testnet/orgs/org1 --csr pki/alice/request.csr.pem --out pki/alice/cert.pem'
  run 0 'dotnet run --project Cli -- wallet enroll --cert pki/alice/cert.pem --key pki/alice/key.pem --passphrase-env MY_PW'
  run 0 'dotnet run --project Cli -- pki revoke --ca testnet/orgs/org1 --cert pki/alice/cert.pem'
  run 0 'dotnet run --project Cli -- wallet revoke --crl testnet/orgs/org1/crl.pem'

  # Validator-set changes: proposed, approved by 3 of 4 admins, committed (acme's node is not started; 4 of 5 still make a quorum).
  run 0 'dotnet run --project Cli -- validators propose --genesis testnet/genesis.json --add-org acme --ca pki/acme/ca.crt.pem --validator pki/acme-v1 --out change.json'
  run 0 'dotnet run --project Cli -- validators sign --genesis testnet/genesis.json --change change.json --key testnet/orgs/org1/admin.key.pem --cert testnet/orgs/org1/admin.crt.pem'
  run 0 'dotnet run --project Cli -- validators sign --genesis testnet/genesis.json --change change.json --key testnet/orgs/org2/admin.key.pem --cert testnet/orgs/org2/admin.crt.pem'
  run 0 'dotnet run --project Cli -- validators sign --genesis testnet/genesis.json --change change.json --key testnet/orgs/org3/admin.key.pem --cert testnet/orgs/org3/admin.crt.pem'
  run 0 'dotnet run --project Cli -- validators submit --change change.json'
  run 0 'dotnet run --project Cli -- validators list --offline --genesis testnet/genesis.json'
  run 0 'dotnet run --project Cli -- validators list'

  # Checking: the audit needs the nodes stopped.
  interrupt testnet 0
  run 0 'dotnet run --project Cli -- audit --data testnet/nodes/org1-v1/data --genesis testnet/genesis.json'

  # Minutes each: only with --all.
  long 'dotnet run --project Cli -- sim --seeds 2000' 'simulator sweep'
  long 'dotnet run --project Cli -- sim --twins 1 --seeds 2000' 'Twins sweep'
  long 'dotnet run --project Cli -- sim --epochs --seeds 2000' 'epoch-change sweep'
  long 'dotnet run -c Release --project Cli -- bench crypto' 'benchmark'
  long 'dotnet run -c Release --project Cli -- bench crypto --schemes ed25519,ecdsa-p256 --csv crypto.csv' 'benchmark'
  long 'dotnet run -c Release --project Cli -- bench ledger' 'benchmark'
  long 'dotnet run -c Release --project Cli -- bench node' 'benchmark'
  long 'dotnet run -c Release --project Cli -- bench restart --blocks 10000,100000' 'benchmark, builds a 100,000-block chain'
  long 'dotnet run -c Release --project Cli -- bench restart --blocks 10000,100000,1000000 --ids-per-block 10 --keep-blocks 2000 --segment-bytes 4000000 --state-accounts ""' 'benchmark, builds a 1,000,000-block chain'
  long 'dotnet run -c Release --project Cli -- bench node --schemes ed25519,none --block-sizes 1,100,400,1000 --csv docs/perf/bench-node.csv --chart docs/perf/bench-node.png' 'benchmark'
  long 'dotnet run --project Cli -- chaos --short' 'chaos, a few minutes'
  long 'dotnet run --project Cli -- chaos --short --scenarios all' 'chaos, about 10 minutes'
  long 'dotnet run --project Cli -- chaos --seconds 60' 'chaos, about 30 minutes'
  long 'dotnet run --project Cli -- chaos --scenarios partition,leader-pause --seconds 120 --keep' 'chaos, about 10 minutes'
}

# 1. README <-> runbook.
runbook
mapfile -t readme < <(readme_commands)
missing=0
for s in "${steps[@]}"; do
  if ! printf '%s\n' "${readme[@]}" | grep -Fxq -- "$s"; then echo "runbook step not in README.md: $s" >&2; missing=1; fi
done
for r in "${readme[@]}"; do
  if ! printf '%s\n' "${steps[@]}" | grep -Fxq -- "$r"; then echo "README.md command not in the runbook ($0): $r" >&2; missing=1; fi
done
if (( missing )); then exit 1; fi
echo "README.md and the runbook agree: ${#readme[@]} commands"
[[ $mode == check ]] && exit 0

# 2. Run them in a fresh clone.
clone="$(mktemp -d /tmp/readme-commands.XXXXXX)"
cleanup() {
  local rc=$?
  for f in "$clone"/readme-logs/*.pid; do [[ -e $f ]] && kill -KILL -- "-$(cat "$f")" 2>/dev/null || true; done
  if [[ -n ${KEEP:-} || $rc != 0 ]]; then echo "clone and logs kept in $clone" >&2; else rm -rf "$clone"; fi
}
trap cleanup EXIT
git clone --quiet "$root" "$clone"
mkdir -p "$clone/readme-logs"
export LEDGER_WALLET_HOME="$clone/.wallet" CA_PW=readme-ca-pass V1_PW=readme-v1-pass MY_PW=readme-alice-pass BOB_PW=readme-bob-pass
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
phase=run
runbook
progress "every README command ran as written ($mode)"
