/**
 * What the background keeps in storage.local (survives worker restarts and browser restarts):
 * the member profile (public), joined groups, their last known state, settings and a server key
 * awaiting the user's trust. Every read is parsed; secrets live elsewhere (vault, sealed keys).
 */
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import { GroupStateSchema, TrustCandidateSchema } from "../messages/ui-messages.ts";
import { browser } from "./browser-api.ts";
import { serialized } from "./serial-queue.ts";

export const DEFAULT_AUTO_LOCK_MINUTES = 30;

const ProfileSchema = v.object({ fingerprintHex: v.string(), name: v.string() });
const GroupRecordSchema = v.object({
  groupId: v.string(),
  name: v.string(),
  url: v.string(),
  pin: v.string(),
  addedAt: v.number(),
  /** The group its server's new key made (a re-pin): this one no longer connects; its keys still read old posts. */
  replacedBy: v.optional(v.string()),
});
const GroupStatusSchema = v.object({
  state: GroupStateSchema,
  detail: v.string(),
  epoch: v.number(),
});
const SettingsSchema = v.object({
  autoLockMinutes: v.number(),
  defaultGroupId: v.optional(v.string()),
  /** Hosts the user switched on or off (known social sites default to on). */
  sites: v.record(v.string(), v.boolean()),
  /** Decrypted posts in the page's own text instead of reading frames (off: private reading). */
  readInPage: v.optional(v.boolean()),
});

export type Profile = v.InferOutput<typeof ProfileSchema>;
export type GroupRecord = v.InferOutput<typeof GroupRecordSchema>;
export type GroupStatus = v.InferOutput<typeof GroupStatusSchema>;
export type Settings = v.InferOutput<typeof SettingsSchema>;
export type { TrustCandidate } from "../messages/ui-messages.ts";

const GroupsSchema = v.record(v.string(), GroupRecordSchema);
const StatusesSchema = v.record(v.string(), GroupStatusSchema);
const DEFAULT_SETTINGS: Settings = { autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES, sites: {} };

async function read<T>(
  key: string,
  schema: v.GenericSchema<unknown, T>,
  fallback: T,
  strict: boolean,
): Promise<T> {
  const stored = (await browser.storage.local.get(key))[key];
  if (stored === undefined) return fallback;
  const parsed = v.safeParse(schema, stored);
  if (parsed.success) return parsed.output;
  if (strict) throw new GryptError("INTERNAL", `stored ${key} are damaged`);
  return fallback;
}

async function write(key: string, value: unknown): Promise<void> {
  await browser.storage.local.set({ [key]: value });
}

export const readProfile = () => read("profile", v.optional(ProfileSchema), undefined, false);
export const writeProfile = (profile: Profile) => write("profile", profile);
/** The profile as a storage.local item, for a set() that writes it along with the vault. */
export const profileEntry = (profile: Profile) => ({ profile });

export const readGroups = () => read("groups", GroupsSchema, {}, true);
export function updateGroups(
  change: (groups: Record<string, GroupRecord>) => void,
): Promise<Record<string, GroupRecord>> {
  return serialized("groups", async () => {
    const groups = await readGroups();
    change(groups);
    await write("groups", groups);
    return groups;
  });
}

export const readStatuses = () => read("groupStatus", StatusesSchema, {}, false);
export function updateStatus(groupId: string, status: GroupStatus | undefined): Promise<void> {
  return serialized("groupStatus", async () => {
    const statuses = await readStatuses();
    if (status) statuses[groupId] = status;
    else delete statuses[groupId];
    await write("groupStatus", statuses);
  });
}

export const readSettings = () => read("settings", SettingsSchema, DEFAULT_SETTINGS, false);
/** Whether stored settings (a storage change's value, unchecked) ask for in-page reading. */
export function readsInPage(stored: unknown): boolean {
  const parsed = v.safeParse(SettingsSchema, stored);
  return parsed.success && parsed.output.readInPage === true;
}
export function updateSettings(change: (settings: Settings) => void): Promise<Settings> {
  return serialized("settings", async () => {
    const settings = await readSettings();
    change(settings);
    await write("settings", settings);
    return settings;
  });
}

export const readTrustCandidate = () =>
  read("trustCandidate", v.optional(TrustCandidateSchema), undefined, false);
export async function writeTrustCandidate(
  candidate: v.InferOutput<typeof TrustCandidateSchema> | undefined,
): Promise<void> {
  if (candidate) await write("trustCandidate", candidate);
  else await browser.storage.local.remove("trustCandidate");
}
