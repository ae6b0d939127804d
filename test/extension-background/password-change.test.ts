/**
 * Changing the password moves the group keys with the vault: one storage write for both, no key
 * record written under the old key meanwhile, and no record it cannot open overwritten.
 */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { addKeys } from "../../extension/background/key-cache.ts";
import { sealRecord, storageKey } from "../../extension/background/key-records.ts";
import { handleUiRequest } from "../../extension/background/ui-requests.ts";
import { readVaultFile } from "../../extension/background/vault-session.ts";
import { createVault, VAULT_MIN_ITERATIONS } from "../../shared/vault.ts";
import { codeOf } from "../helpers/error-code.ts";
import { MemorySocket } from "../helpers/memory-socket.ts";
import {
  addGroup,
  epochKeys,
  epochsAfterUnlock,
  memberWithKeys,
  NEW_PASSWORD,
  PASSWORD,
  resetBackground,
  routeSockets,
} from "./background-state.ts";
import { fake } from "./fake-browser.ts";

const change = () =>
  handleUiRequest({ type: "change-password", oldPassword: PASSWORD, newPassword: NEW_PASSWORD });

/** A key record sealed under a vault key of `password` (another salt than the member's vault). */
async function foreignRecord(password: string): Promise<unknown> {
  const { key } = await createVault(password, new Uint8Array(1), {
    iterations: VAULT_MIN_ITERATIONS,
  });
  return sealRecord(key, new Map(epochKeys(7).map(({ epoch, key: bytes }) => [epoch, bytes])));
}

describe("changing the password", () => {
  beforeEach(async () => {
    await resetBackground();
    routeSockets(() => new MemorySocket(undefined)); // the groups' servers are unreachable here
  });
  afterEach(resetBackground);

  it("writes the new vault and every re-sealed key record in one storage write", async () => {
    await memberWithKeys("G1", "G2");
    fake.localSets.length = 0;
    assert.deepEqual(await change(), { ok: true });
    const vaultWrites = fake.localSets.filter((items) => "vault" in items);
    assert.equal(vaultWrites.length, 1);
    assert.deepEqual(Object.keys(vaultWrites[0]!).sort(), ["keys:G1", "keys:G2", "vault"]);
    assert.equal(
      fake.localSets.filter((items) => Object.keys(items).some((name) => name.startsWith("keys:")))
        .length,
      1,
    );
    assert.deepEqual(await epochsAfterUnlock(NEW_PASSWORD, "G1"), [1, 2, 3]);
  });

  it("a worker that dies before the write leaves the old vault with its keys", async () => {
    await memberWithKeys("G1");
    fake.beforeSet = (area, items) => {
      if (area === "local" && "vault" in items) throw new Error("the worker was stopped");
    };
    assert.equal((await change()).ok, false);
    fake.beforeSet = undefined;
    assert.deepEqual(await epochsAfterUnlock(PASSWORD, "G1"), [1, 2, 3]);
  });

  it("keys arriving for the old vault key during the change are refused, not sealed under it", async () => {
    const open = await memberWithKeys("G1");
    let arriving: Promise<string | undefined> | undefined;
    fake.beforeSet = async (area, items) => {
      if (area !== "local" || !("vault" in items) || arriving) return;
      // A rekey handled by a connection of the session being replaced.
      arriving = codeOf(() => addKeys(open.vaultKey, "G1", epochKeys(4)));
      await Promise.race([arriving, new Promise((resolve) => setTimeout(resolve, 50))]);
    };
    assert.deepEqual(await change(), { ok: true });
    assert.equal(await arriving, "CONFLICT");
    assert.deepEqual(await epochsAfterUnlock(NEW_PASSWORD, "G1"), [1, 2, 3]);
  });

  it("re-seals the keys of a group joined while the change waited for its turn", async () => {
    const open = await memberWithKeys("G1");
    const stored = addKeys(open.vaultKey, "G2", epochKeys(1));
    const changed = change();
    await addGroup("G2");
    assert.equal(await stored, 1);
    assert.deepEqual(await changed, { ok: true });
    assert.deepEqual(await epochsAfterUnlock(NEW_PASSWORD, "G2"), [1]);
    assert.deepEqual(await epochsAfterUnlock(NEW_PASSWORD, "G1"), [1, 2, 3]);
  });

  it("stops at a key record it cannot open, and changes nothing", async () => {
    await memberWithKeys("G1");
    const record = await foreignRecord("some other password");
    fake.local[storageKey("G2")] = record;
    const vault = await readVaultFile();
    const answer = await change();
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, "VAULT_CORRUPT");
    assert.deepEqual(await readVaultFile(), vault);
    assert.deepEqual(fake.local[storageKey("G2")], record);
    assert.deepEqual(await epochsAfterUnlock(PASSWORD, "G1"), [1, 2, 3]);
  });

  it("recovers records an interrupted change left under the new password", async () => {
    await memberWithKeys("G1");
    // What an older version left when its worker died between re-sealing and writing the vault.
    fake.local[storageKey("G1")] = await foreignRecord(NEW_PASSWORD);
    assert.deepEqual(await epochsAfterUnlock(PASSWORD, "G1"), []);
    assert.deepEqual(await change(), { ok: true });
    assert.deepEqual(await epochsAfterUnlock(NEW_PASSWORD, "G1"), [7]);
  });
});

describe("storing keys", () => {
  beforeEach(resetBackground);
  afterEach(resetBackground);

  it("refuses to overwrite a record that does not open, and keeps it", async () => {
    const open = await memberWithKeys();
    const record = await foreignRecord("some other password");
    fake.local[storageKey("G1")] = record;
    assert.equal(await codeOf(() => addKeys(open.vaultKey, "G1", epochKeys(4))), "VAULT_CORRUPT");
    assert.deepEqual(fake.local[storageKey("G1")], record);
  });
});
