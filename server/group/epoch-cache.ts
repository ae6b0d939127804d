/**
 * Decoded session keys and their commitments, computed once per epoch (they never change). The
 * standby key's material is computed before its epoch exists (standby-key.ts), so an entry is
 * used only for the key it was computed from: a standby that was dropped cannot stand in for
 * the key its epoch got in the end.
 */
import { fromBase64Url, toBase64Url } from "../../shared/bytes.ts";
import { commitSessionKey } from "../../shared/key-delivery.ts";
import type { EpochRecord } from "../state/group-schema.ts";

export interface EpochMaterial {
  epoch: number;
  key: Uint8Array;
  commitment: Uint8Array;
  commitmentB64: string;
}

export class EpochCache {
  readonly #groupId: string;
  readonly #entries = new Map<number, { keyText: string; material: Promise<EpochMaterial> }>();

  constructor(groupId: string) {
    this.#groupId = groupId;
  }

  get(record: Pick<EpochRecord, "epoch" | "key">): Promise<EpochMaterial> {
    const cached = this.#entries.get(record.epoch);
    if (cached?.keyText === record.key) return cached.material;
    const entry = { keyText: record.key, material: this.#compute(record) };
    this.#entries.set(record.epoch, entry);
    entry.material.catch(() => {
      if (this.#entries.get(record.epoch) === entry) this.#entries.delete(record.epoch);
    });
    return entry.material;
  }

  async #compute(record: Pick<EpochRecord, "epoch" | "key">): Promise<EpochMaterial> {
    const key = fromBase64Url(record.key);
    const commitment = await commitSessionKey(this.#groupId, record.epoch, key);
    return { epoch: record.epoch, key, commitment, commitmentB64: toBase64Url(commitment) };
  }
}
