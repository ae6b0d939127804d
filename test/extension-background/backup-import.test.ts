/**
 * Importing a key backup: checked in full before anything is written, then the vault and the
 * profile in one write; key records of the replaced vault start empty; works while locked.
 */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { addKeys } from "../../extension/background/key-cache.ts";
import { readProfile } from "../../extension/background/stored-state.ts";
import { encodeContents } from "../../extension/background/vault-contents.ts";
import {
  importBackup,
  lock,
  readVaultFile,
  unlock,
} from "../../extension/background/vault-session.ts";
import { generateIdentity } from "../../shared/identity.ts";
import { createVault, serializeVault, VAULT_MIN_ITERATIONS } from "../../shared/vault.ts";
import { codeOf } from "../helpers/error-code.ts";
import {
  epochKeys,
  memberWithKeys,
  PASSWORD,
  resetBackground,
  storedEpochs,
} from "./background-state.ts";
import { fake } from "./fake-browser.ts";

const BACKUP_PASSWORD = "backup password 789";

async function backupOf(
  exported: Awaited<ReturnType<typeof generateIdentity>>["exported"],
  name = "bob",
): Promise<string> {
  const { file } = await createVault(BACKUP_PASSWORD, encodeContents({ name, exported }), {
    iterations: VAULT_MIN_ITERATIONS,
  });
  return serializeVault(file);
}

describe("importing a key backup", () => {
  beforeEach(resetBackground);
  afterEach(resetBackground);

  it("refuses a backup whose keys do not import, and leaves the identity as it was", async () => {
    await memberWithKeys("G1");
    const vault = await readVaultFile();
    const profile = await readProfile();
    const [one, two] = [(await generateIdentity()).exported, (await generateIdentity()).exported];
    const mismatched = await backupOf({ ...one, signPkcs8: two.signPkcs8 }); // a private key not of its public key
    fake.localSets.length = 0;
    assert.equal(await codeOf(() => importBackup(mismatched, BACKUP_PASSWORD)), "INVALID_KEY");
    assert.deepEqual(fake.localSets, [], "nothing written");
    assert.deepEqual(await readVaultFile(), vault);
    assert.deepEqual(await readProfile(), profile);
    await lock();
    await unlock(PASSWORD);
    assert.deepEqual(await storedEpochs("G1"), [1, 2, 3]);
  });

  it("writes the vault, the profile and fresh key records in one write, and keys are stored again", async () => {
    await memberWithKeys("G1");
    const { exported, identity } = await generateIdentity();
    fake.localSets.length = 0;
    const open = await importBackup(await backupOf(exported), BACKUP_PASSWORD);
    assert.equal(fake.localSets.length, 1);
    assert.deepEqual(Object.keys(fake.localSets[0]!).sort(), ["keys:G1", "profile", "vault"]);
    assert.deepEqual(await readProfile(), {
      fingerprintHex: identity.public.fingerprintHex,
      name: "bob",
    });
    // The old vault's keys are gone with it; the server's keys are stored under the new one.
    assert.deepEqual(await storedEpochs("G1"), []);
    assert.equal(await addKeys(open.vaultKey, "G1", epochKeys(5)), 1);
    assert.deepEqual(await storedEpochs("G1"), [5]);
  });

  it("works while the vault is locked (a forgotten password)", async () => {
    await memberWithKeys();
    await lock();
    const { exported, identity } = await generateIdentity();
    const open = await importBackup(await backupOf(exported), BACKUP_PASSWORD);
    assert.equal(open.identity.public.fingerprintHex, identity.public.fingerprintHex);
  });
});
