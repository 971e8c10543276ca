# Independent check (Python, "cryptography" package) of the epoch-change proof golden vector in
# docs/PROTOCOL.md ("Epoch-change proofs"), written from the document alone: it checks the proof of
# epoch 1 as a light client would, against epoch 0's set (validators 0..3, keys of seeds
# SHA-256("ledger-test-validator-i"), quorum 3) on chain "ledger-test", and prints what it proved.
import hashlib, struct, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.exceptions import InvalidSignature
H=lambda b: hashlib.sha256(b).digest()
def s(x): b=x.encode() if isinstance(x,str) else x; return struct.pack('>I',len(b))+b
CHAIN='ledger-test'
VECTOR=(
    "0000000000000001000002e10100000000000000020000016800000000000000003cd9a7e45b028fe2c0977cdb7e3eb9"
    "68eb11c313bea8e143f68c3e25d04763c400000000000000020000000000000002e17b513435499a29006cb7afe3399b"
    "1dd0ec45a0d28dc483ad7d6109a799d0b4000000000000000109895f291a6c94a7cbe476260d2edc1c453e1a8390f573"
    "205feabd8577c9a5fa00000003000000000000019ca6b1e3d030bcce79b16b638d183a3621bd8f0a38c28e83a870f0ed"
    "2c00f460c247828a2e6dfececb48a32e2851eb52430cc522a408839fcc8924f636e7b7487c2a80250500000001000001"
    "9ca6b1e3d0a37edac9258398dd4113d0bf3b557ca73b4affa77373ee33d3024a7085d3d7da54a97bad7fb46f34a0b9a9"
    "93a8638818cb49b456be0c98715ebe14a8d09c5b00000000020000019ca6b1e3d0f466dfe492f554999c6edca096f94d"
    "7be2e5c609337c1a6ed0ac1a4416fa0522e304975d0f8ae8a2778efba93e30163645728d642512d3db8708cc64788526"
    "05000001680000000000000000591fb585f48de9f14e378c19cbd88e50e80b9a38e2dd65aac607f82cd9a22789000000"
    "000000000300000000000000033cd9a7e45b028fe2c0977cdb7e3eb968eb11c313bea8e143f68c3e25d04763c4000000"
    "000000000209895f291a6c94a7cbe476260d2edc1c453e1a8390f573205feabd8577c9a5fa0000000300000000000001"
    "9ca6b1e7b8ec4bf1f4f5ff96ec8c6617dace8d482c9ebe2cf2e71490b93d2b0e386ce112c5e8e0887d0acb31b8dfaa3f"
    "a6ea1701f2c3f2d9c35916b111aa6aa9d8bb2edb01000000010000019ca6b1e7b819d1fa07df59d803bcb961a23277d6"
    "e1d4c809f5336506aff0743e1c3524a089c8df700ab159cadab3b6273739b9b1376c6cd93862b72c9a422ab5f3fb1051"
    "0e000000020000019ca6b1e7b8bb20a3d8058a686ac74150ece0e29704eaac0b6e2ccf7297ffd3b46b3444eb62620d4c"
    "ce33596bfd97b9f5ba02b4ec68561c56cdb5c76782efa5d374876d550d4bf5122f344554c53bde2ebb8cd2b7e3d1600a"
    "d631c385a5d7cce23c7785459a0000000000000000000000000000000000000000000000000000000000000000dbc1b4"
    "c900ffe48d575b5da5c638040125f65db0fe3e24494b76ea986457d9860000000000000fa00000000000000002000001"
    "9ca6b1e3d000000001e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855e3b0c44298fc1c"
    "149afbf4c8996fb92427ae41e4649b934ca495991b7852b85500000000000000011beb81f6781611b2ad51352d192a7e"
    "efb5aa3ea479e633e6b4b88c49b37bece80000011a00000001000000046f72673100000002300000000005000000046f"
    "726731d0e6eed5fbc3258f6506b0c2eddbada9253d25427395d3c1e20cc994bf2bf3a800000002300000000002300100"
    "0000046f726731994ead57d0328965073228e73b0d7afcdeb5275a17922d818a361232aee11717000000023000000000"
    "023001000000046f726731a6ac12310acfd22517f83ccbc2ba1780837cc0fc3a09364045cb4c472835bc970000000230"
    "00000000023001000000046f7267311cb5b2376e7863731e6cf87fb08c0d045bf6f09b840123215715929f7a88504600"
    "0000023000000000023001000000046f726731ef0465650a261bb4b4c4ee8ff8cfa150445371fa9879231d88a420bdf5"
    "214f1a000000023000000000023001")
class R:
    def __init__(s_,b): s_.b=b; s_.i=0
    def take(s_,n):
        assert s_.i+n<=len(s_.b), 'truncated'; v=s_.b[s_.i:s_.i+n]; s_.i+=n; return v
    def u8(s_): return s_.take(1)[0]
    def u32(s_): return struct.unpack('>I',s_.take(4))[0]
    def u64(s_): return struct.unpack('>Q',s_.take(8))[0]
    def i64(s_): return struct.unpack('>q',s_.take(8))[0]
    def bytes_(s_): return s_.take(s_.u32())
    def end(s_): assert s_.i==len(s_.b), 'trailing bytes'
keys=[Ed25519PrivateKey.from_private_bytes(H(('ledger-test-validator-%d'%i).encode())).public_key() for i in range(4)]
n=len(keys); f=(n-1)//3; quorum=(n+f)//2+1
proof=R(bytes.fromhex(sys.argv[1] if len(sys.argv)>1 else VECTOR))
epoch=proof.u64(); cert=R(proof.bytes_()); header=proof.take(228); roster=proof.bytes_(); proof.end()
assert cert.u8()==1; assert len(cert.bytes_())==0, 'a proof leaves the block out'
qcs=[]
for _ in range(cert.u32()):
    q=R(cert.bytes_()); vd=q.take(128); v=R(vd)
    data=dict(epoch=v.u64(),block=v.take(32),round=v.u64(),height=v.u64(),parent=v.take(32),parent_round=v.u64(),root=v.take(32))
    sigs=[(q.u32(),q.i64(),q.take(64)) for _ in range(q.u32())]; q.end()
    assert data['epoch']==epoch-1, 'QC of another epoch than the one being ended'
    assert len(sigs)>=quorum and all(a[0]<b[0] for a,b in zip(sigs,sigs[1:])), 'no quorum of distinct signers'
    for signer,clock,sig in sigs:
        keys[signer].verify(sig, s('LEDGER/v1/Vote')+s(CHAIN)+vd+struct.pack('>q',clock))
    qcs.append(data)
cert.end()
assert len(qcs)>=2
for a,b in zip(qcs,qcs[1:]):
    assert b['parent']==a['block'] and b['parent_round']==a['round'] and b['height']==a['height']+1, 'QC chain broken'
assert qcs[-1]['round']==qcs[-2]['round']+1, 'last two QCs not in consecutive rounds'
assert H(s('LEDGER/v1/StateRoot')+header)==qcs[0]['root'], 'header is not the certified state'
h=R(header); h.take(96); h.u64(); height=h.u64(); ts=h.i64(); h.u32(); h.take(64); header_epoch=h.u64(); validators_root=h.take(32); h.end()
assert height==qcs[0]['height'] and header_epoch==epoch, 'not the block ending epoch %d'%(epoch-1)
assert H(s('LEDGER/v1/ValidatorRoster')+roster)==validators_root, 'roster does not hash to validators_root'
r=R(roster); orgs=[(r.bytes_().decode(),r.bytes_()) for _ in range(r.u32())]
vals=[(r.bytes_().decode(),r.take(32).hex(),r.bytes_(),r.bytes_()) for _ in range(r.u32())]; r.end()
print('epoch %d proven by block %s at height %d: %d validators' % (epoch, qcs[0]['block'].hex(), height, len(vals)))
for v in vals: print(' ', v[0], v[1])
print('sha256', hashlib.sha256(bytes.fromhex(VECTOR)).hexdigest())
