/** Decoded session keys and their commitments, computed once per epoch (they never change). */
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
  readonly #entries = new Map<number, Promise<EpochMaterial>>();

  constructor(groupId: string) {
    this.#groupId = groupId;
  }

  get(record: EpochRecord): Promise<EpochMaterial> {
    let entry = this.#entries.get(record.epoch);
    if (!entry) {
      entry = this.#compute(record);
      this.#entries.set(record.epoch, entry);
      entry.catch(() => this.#entries.delete(record.epoch));
    }
    return entry;
  }

  async #compute(record: EpochRecord): Promise<EpochMaterial> {
    const key = fromBase64Url(record.key);
    const commitment = await commitSessionKey(this.#groupId, record.epoch, key);
    return { epoch: record.epoch, key, commitment, commitmentB64: toBase64Url(commitment) };
  }
}
