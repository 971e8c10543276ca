#!/usr/bin/env python3
"""Independent reference for the golden vectors of docs/PROTOCOL.md "Validator roster", "State root",
"Transaction proofs" and "Addresses", written from the documented layouts and BIP-350 with
nothing but the Python standard library. GoldenVectorTests and AddressCodecTests pin the
values it prints; run it to check them: python3 receipts_and_addresses.py"""
import hashlib
import struct


def H(b):
    return hashlib.sha256(b).digest()


def leaf(data):
    return H(b"\x00" + data)


def node(l, r):
    return H(b"\x01" + l + r)


def mth(leaves):  # RFC 6962 over leaf hashes
    if not leaves:
        return H(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def string(s):
    b = s.encode()
    return struct.pack(">I", len(b)) + b


def bstr(b):
    return struct.pack(">I", len(b)) + b


def header(accounts, seen, certs, supply, height, ts, count, tx_root, receipts_root, epoch, validators_root):
    return (accounts + seen + certs + struct.pack(">QQqI", supply, height, ts, count)
            + tx_root + receipts_root + struct.pack(">Q", epoch) + validators_root)


def state_root(h):
    return H(string("LEDGER/v1/StateRoot") + h)


TRANSFER_ID = bytes.fromhex("49981d3f268f399c2a1ab0120d3d719a9e55c97a1fa0bed7e07a0bfaf79eece2")
INSUFFICIENT_FUNDS, SUCCESS = 9, 0
TS = 1772323200000
KEY0 = bytes.fromhex("6531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d")

# Validator roster: organisation org1 (CA bytes 30 00) and its validator KEY0 (signing certificate
# bytes 30 00, TLS certificate bytes 30 01); placeholder certificate bytes, the encoding is the point.
roster = (struct.pack(">I", 1) + string("org1") + bstr(b"\x30\x00")
          + struct.pack(">I", 1) + string("org1") + KEY0 + bstr(b"\x30\x00") + bstr(b"\x30\x01"))
roster_root = H(string("LEDGER/v1/ValidatorRoster") + roster)
print("roster bytes        ", roster.hex())
print("roster root         ", roster_root.hex())

# State root: the vector transfer alone in its block, receipt InsufficientFunds.
receipt = TRANSFER_ID + bytes([INSUFFICIENT_FUNDS])
print("receipt leaf hash   ", leaf(receipt).hex())
h1 = header(H(b"\x01"), bytes(32), H(b"\x02"), 4000, 7, TS, 1, leaf(TRANSFER_ID), leaf(receipt), 1, roster_root)
print("state header        ", h1.hex())
print("state root          ", state_root(h1).hex())

# ValidatorSetChange signing bytes: target epoch 1, remove org4, replace the TLS certificate of KEY0 with bytes 30 00.
vsc = (string("LEDGER/v1/ValidatorSetChange") + string("ledger-test") + struct.pack(">QI", 1, 2)
       + b"\x02" + string("org4") + b"\x04" + KEY0 + bstr(b"\x30\x00"))
print("vsc signing bytes   ", vsc.hex())

# Transaction proof: block of two, the vector transfer at index 1 after id H(0x01) (Success).
other = H(b"\x01")
tx_leaves = [leaf(other), leaf(TRANSFER_ID)]
receipt_leaves = [leaf(other + bytes([SUCCESS])), leaf(receipt)]
h2 = header(H(b"\x01"), bytes(32), H(b"\x02"), 4000, 7, TS, 2, mth(tx_leaves), mth(receipt_leaves), 1, roster_root)
proof = (receipt + struct.pack(">I", 1) + bytes([1]) + tx_leaves[0] + bytes([1]) + receipt_leaves[0] + h2)
print("transaction proof   ", proof.hex())
print("its state root      ", state_root(h2).hex())

# Bech32m (BIP-350), from the specification.
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32M = 0x2BC830A3


def polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def hrp_expand(hrp):
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def to5(data):
    acc = bits = 0
    out = []
    for b in data:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    return out


def bech32m(hrp, data):
    values = to5(data)
    mod = polymod(hrp_expand(hrp) + values + [0] * 6) ^ BECH32M
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(CHARSET[d] for d in values + checksum)


assert bech32m("abcdef", bytes.fromhex("ffbbcdeb38bdab49ca307b9ac5a928398a418820")) == "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx"
for key in ("6531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d",
            "790b8b3cb6361dfbe11f20dbadc62dcb9702eaab19644bb9a3ad4bcc80fba7bb"):
    print("address             ", bech32m("ledger-test", bytes.fromhex(key)))
