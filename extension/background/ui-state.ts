/** The state snapshot the popup and the options page render. */
import type { GroupView, UiState } from "../messages/ui-messages.ts";
import { heldEpochs } from "./key-cache.ts";
import { listSites } from "./site-access.ts";
import {
  readGroups,
  readProfile,
  readSettings,
  readStatuses,
  readTrustCandidate,
} from "./stored-state.ts";
import { getUnlocked, readVaultFile } from "./vault-session.ts";

export async function uiState(): Promise<UiState> {
  const [file, open, profile, groups, statuses, settings, trustCandidate, sites] =
    await Promise.all([
      readVaultFile(),
      getUnlocked(),
      readProfile(),
      readGroups(),
      readStatuses(),
      readSettings(),
      readTrustCandidate(),
      listSites(),
    ]);
  const views: GroupView[] = [];
  for (const group of Object.values(groups).sort((a, b) => a.addedAt - b.addedAt)) {
    const status = statuses[group.groupId];
    const keyCount = open ? (await heldEpochs(open.vaultKey, group.groupId)).length : 0;
    views.push({
      groupId: group.groupId,
      name: group.name,
      url: group.url,
      pin: group.pin,
      state: open ? (status?.state ?? "connecting") : "locked",
      detail: open ? (status?.detail ?? "Connecting…") : "Unlock grypt to connect.",
      epoch: status?.epoch ?? 0,
      keyCount,
    });
  }
  const state: UiState = {
    vault: file ? (open ? "unlocked" : "locked") : "none",
    groups: views,
    autoLockMinutes: settings.autoLockMinutes,
    sites,
    readInPage: settings.readInPage === true,
  };
  if (file && profile) {
    state.fingerprintHex = profile.fingerprintHex;
    state.name = profile.name;
  }
  if (settings.defaultGroupId && groups[settings.defaultGroupId])
    state.defaultGroupId = settings.defaultGroupId;
  if (trustCandidate) state.trustCandidate = trustCandidate;
  return state;
}
