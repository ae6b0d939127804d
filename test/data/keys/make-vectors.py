#!/usr/bin/env python3
"""Known-answer data for test/shared/{identity,key-delivery,signed-statements,vault}*.test.ts.

Made with Python's `cryptography` and `hashlib`, independently of grypt's WebCrypto code:
keys (including wrong ones: other curves, other modulus sizes, exponent 3, Ed25519), their
fingerprints and group id, a session-key commitment, the exact bytes of signed statements and
a signature over one, an RSA-OAEP wrapped key, and a vault file. TEST KEYS ONLY: the private
keys here are public. Regenerate: python3 make-vectors.py > vectors.json (values change).
"""
import base64, hashlib, hmac, json, struct
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from statement_vectors import statements

def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def spki(k): return k.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
def pkcs8(k): return k.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
def lp(b): return struct.pack(">I", len(b)) + b
def num(n): return lp(str(n).encode())

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
def armor_short(b):  # one final block of k < 32 bytes: fewest c with 62^c >= 256^k
    c = 0
    while 62 ** c < 256 ** len(b): c += 1
    n, out = int.from_bytes(b, "big"), ""
    for _ in range(c): n, r = divmod(n, 62); out = ALPHABET[r] + out
    return out

sign = ec.generate_private_key(ec.SECP256R1())
enc = rsa.generate_private_key(public_exponent=65537, key_size=3072)
other_sign = ec.generate_private_key(ec.SECP256R1())
other_enc = rsa.generate_private_key(public_exponent=65537, key_size=3072)
server = ec.generate_private_key(ec.SECP256R1())
fp = hashlib.sha256(spki(sign) + spki(enc)).digest()
server_fp = hashlib.sha256(spki(server)).digest()
group_id = armor_short(server_fp[:12])

session_key = bytes(range(32))
epoch = 7
commitment = hashlib.sha256(lp(b"grypt/v1/key-commitment") + lp(group_id.encode()) + num(epoch) + lp(session_key)).digest()
wrapped = enc.public_key().encrypt(session_key, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))


password, salt, iterations = "correct horse battery staple \u00e9", bytes(range(100, 116)), 1000
vkey = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations, 32)
vault = {"v": 1, "kdf": "pbkdf2-sha256", "iterations": iterations, "salt": b64(salt),
         "check": b64(hmac.new(vkey, b"grypt/v1/vault-check", hashlib.sha256).digest()[:16]),
         "token": Fernet(base64.urlsafe_b64encode(vkey)).encrypt(b"vault plaintext \x00\xff").decode()}

print(json.dumps({
    "identity": {"signPkcs8": b64(pkcs8(sign)), "encPkcs8": b64(pkcs8(enc)), "signSpki": b64(spki(sign)), "encSpki": b64(spki(enc)),
                 "fingerprintHex": fp.hex(), "fingerprintFormatted": " ".join(fp.hex().upper()[i:i + 4] for i in range(0, 64, 4))},
    "otherIdentity": {"signPkcs8": b64(pkcs8(other_sign)), "encPkcs8": b64(pkcs8(other_enc)), "signSpki": b64(spki(other_sign)), "encSpki": b64(spki(other_enc))},
    "server": {"pkcs8": b64(pkcs8(server)), "spki": b64(spki(server)), "fingerprintHex": server_fp.hex(), "groupId": group_id},
    "wrongKeys": {
        "p384Spki": b64(spki(ec.generate_private_key(ec.SECP384R1()))),
        "p384Pkcs8": b64(pkcs8(ec.generate_private_key(ec.SECP384R1()))),
        "secp256k1Spki": b64(spki(ec.generate_private_key(ec.SECP256K1()))),
        "ed25519Spki": b64(spki(ed25519.Ed25519PrivateKey.generate())),
        "rsa2048Spki": b64(spki(rsa.generate_private_key(public_exponent=65537, key_size=2048))),
        "rsa2048Pkcs8": b64(pkcs8(rsa.generate_private_key(public_exponent=65537, key_size=2048))),
        "rsa3072E3Spki": b64(spki(rsa.generate_private_key(public_exponent=3, key_size=3072))),
        # The identity's own sign key as an SPKI holding the compressed point: same key, other bytes.
        "p256CompressedSpki": b64(bytes.fromhex("3039301306072a8648ce3d020106082a8648ce3d030107032200") +
                                  sign.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)),
    },
    "delivery": {"sessionKeyHex": session_key.hex(), "epoch": epoch, "commitmentHex": commitment.hex(), "wrapped": b64(wrapped)},
    "statements": statements(sign, server, fp, server_fp, group_id, commitment),
    "vault": {"password": password, "plaintextHex": b"vault plaintext \x00\xff".hex(), "keyHex": vkey.hex(), "file": vault},
}, indent=1))
