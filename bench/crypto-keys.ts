/** Public-key work and key derivation: key delivery, statement signatures, vault unlock. */
import { randomBytes } from "../shared/bytes.ts";
import { generateIdentity } from "../shared/identity.ts";
import {
  commitSessionKey,
  SESSION_KEY_BYTES,
  unwrapSessionKey,
  wrapSessionKey,
} from "../shared/key-delivery.ts";
import { generateServerIdentity } from "../shared/server-identity.ts";
import { type Statement, signStatement, verifyStatement } from "../shared/signed-statements.ts";
import { createVault, openVault, unlockVault, VAULT_ITERATIONS } from "../shared/vault.ts";
import type { BenchRow } from "./bench-row.ts";
import { measure } from "./measure.ts";

export async function benchKeys(): Promise<BenchRow[]> {
  const { identity } = await generateIdentity();
  const server = (await generateServerIdentity()).identity;
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  const wrapped = await wrapSessionKey(identity.encPublic, sessionKey);
  const rows: BenchRow[] = [];

  rows.push(
    await measure("RSA-OAEP-3072 wrap session key", () =>
      wrapSessionKey(identity.encPublic, sessionKey),
    ),
  );
  rows.push(
    await measure("RSA-OAEP-3072 unwrap session key", () =>
      unwrapSessionKey(identity.encPrivate, wrapped),
    ),
  );
  rows.push(
    await measure("key commitment (SHA-256)", () =>
      commitSessionKey(server.groupId, 7, sessionKey),
    ),
  );

  const rekey: Statement = {
    purpose: "rekey",
    groupId: server.groupId,
    epoch: 8,
    previousEpoch: 7,
    commitment: await commitSessionKey(server.groupId, 8, sessionKey),
  };
  const signature = await signStatement(server.signPrivate, rekey);
  rows.push(
    await measure("ECDSA P-256 sign rekey statement", () =>
      signStatement(server.signPrivate, rekey),
    ),
  );
  rows.push(
    await measure("ECDSA P-256 verify rekey statement", () =>
      verifyStatement(server.signPublic, rekey, signature),
    ),
  );

  const keys: Statement = {
    purpose: "keys",
    nonce: randomBytes(32),
    clientNonce: randomBytes(32),
    groupId: server.groupId,
    groupName: "Benchmark group",
    memberFingerprint: identity.public.fingerprint,
    epoch: 100,
    keys: Array.from({ length: 100 }, (_, i) => ({ epoch: i + 1, commitment: randomBytes(32) })),
  };
  const keysSignature = await signStatement(server.signPrivate, keys);
  rows.push(
    await measure("ECDSA P-256 verify keys statement (100 epochs)", () =>
      verifyStatement(server.signPublic, keys, keysSignature),
    ),
  );

  rows.push(
    await measure("generate identity (P-256 + RSA-3072)", () => generateIdentity(), {
      warmup: 1,
      minMs: 3000,
    }),
  );

  const state = randomBytes(16 * 1024);
  const { file, key } = await createVault("benchmark password", state);
  rows.push(
    await measure(
      `vault unlock, PBKDF2 ${VAULT_ITERATIONS} iterations (16 KB)`,
      () => unlockVault("benchmark password", file),
      {
        warmup: 1,
        minMs: 3000,
      },
    ),
  );
  rows.push(await measure("vault open with cached key (16 KB)", () => openVault(key, file)));
  return rows;
}
