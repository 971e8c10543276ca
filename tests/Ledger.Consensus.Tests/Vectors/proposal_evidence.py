# Independent implementation (Python, "cryptography" package) of the proposal equivocation evidence
# golden vector in docs/PROTOCOL.md, written from the document alone; prints length, hex, SHA-256.
# Epoch 0 (the genesis epoch) leads the block id and the statement since epochs were added.
import hashlib, struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
H=lambda b: hashlib.sha256(b).digest()
def s(x): b=x.encode(); return struct.pack('>I',len(b))+b
u64=lambda v: struct.pack('>Q',v); i64=lambda v: struct.pack('>q',v); u32=lambda v: struct.pack('>I',v)
chain='test-chain'
genesis_root=H(b'test-genesis')
genesis_id=H(s('LEDGER/v1/BlockHeader')+s(chain)+s('genesis')+genesis_root)
key=Ed25519PrivateKey.from_private_bytes(H(b'ledger-test-validator-1'))
def header(payload):
    fields=dict(epoch=0,round=1,height=1,parent=genesis_id,justify=0,ph=H(payload),ts=1700000000010,proposer=1)
    bid=H(s('LEDGER/v1/BlockHeader')+s(chain)+u64(0)+u64(1)+u64(1)+genesis_id+u64(0)+fields['ph']+i64(fields['ts'])+u32(1))
    sig=key.sign(s('LEDGER/v1/Proposal')+s(chain)+bid)
    return u64(0)+u64(1)+u64(1)+genesis_id+u64(0)+fields['ph']+i64(fields['ts'])+u32(1)+sig, bid
a,ida=header(b'tx-1'); b,idb=header(b'tx-1-twin')
ev=bytes([1])+u32(1)+u64(1)+a+b
print(len(ev)); print(ev.hex()); print(hashlib.sha256(ev).hexdigest()); print('block id a', ida.hex())
