#!/usr/bin/env python3
"""The signed-statement part of vectors.json (test/shared/signed-statements.test.ts).

Used by make-vectors.py; run on its own to redo only this part with the keys already in
vectors.json: python3 statement_vectors.py vectors.json (rewrites the file's "statements").
"""
import base64, hashlib, json, struct, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

def lp(b): return struct.pack(">I", len(b)) + b
def num(n): return lp(str(n).encode())
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def sign_raw(key, data):
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")

def statements(member_sign, server, fp, server_fp, group_id, commitment):
    nonce = bytes([0xA5] * 32)
    client_nonce = bytes([0x5A] * 32)
    group_name = "Book club \u2615"
    c1, c2 = hashlib.sha256(b"one").digest(), hashlib.sha256(b"two").digest()
    auth = b"grypt/v2/auth\x00" + lp(nonce) + lp(client_nonce) + lp(group_id.encode()) + lp(server_fp) + lp(fp)
    keys = (b"grypt/v2/keys\x00" + lp(nonce) + lp(client_nonce) + lp(group_id.encode()) + lp(group_name.encode())
            + lp(fp) + num(8) + num(2) + num(7) + lp(c1) + num(8) + lp(c2))
    rekey = b"grypt/v1/rekey\x00" + lp(group_id.encode()) + num(9) + num(8) + lp(commitment)
    return {"nonceHex": nonce.hex(), "clientNonceHex": client_nonce.hex(), "groupName": group_name,
            "c1Hex": c1.hex(), "c2Hex": c2.hex(),
            "authHex": auth.hex(), "keysHex": keys.hex(), "rekeyHex": rekey.hex(),
            "keysSignature": b64(sign_raw(server, keys)), "authSignature": b64(sign_raw(member_sign, auth))}

if __name__ == "__main__":
    path = sys.argv[1]
    with open(path) as f: vectors = json.load(f)
    load = lambda text: serialization.load_der_private_key(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), None)
    vectors["statements"] = statements(
        load(vectors["identity"]["signPkcs8"]), load(vectors["server"]["pkcs8"]),
        bytes.fromhex(vectors["identity"]["fingerprintHex"]), bytes.fromhex(vectors["server"]["fingerprintHex"]),
        vectors["server"]["groupId"], bytes.fromhex(vectors["delivery"]["commitmentHex"]))
    with open(path, "w") as f: f.write(json.dumps(vectors, indent=1) + "\n")
