/** Requests from the popup and the options page; each answer is `{ok: true, ...}` or `{ok: false, error}`. */

import * as v from "valibot";
import { GryptError, toWireError, type WireError } from "../../shared/errors.ts";
import { type BackgroundToContent, InsertOutcomeSchema } from "../messages/content-messages.ts";
import type { UiReply, UiRequest, UiRequestType } from "../messages/ui-messages.ts";
import { configureAutoLock } from "./auto-lock.ts";
import { exportBackup } from "./backup-file.ts";
import { broadcastKeysChanged } from "./broadcast.ts";
import { browser } from "./browser-api.ts";
import { encryptForGroup } from "./content-requests.ts";
import { connectAll, disconnectAll, disconnectGroup, reconnectGroup } from "./group-connections.ts";
import { answerTrust, joinGroup, repinGroup } from "./join-group.ts";
import { forgetKeysInMemory, removeGroupKeys } from "./key-cache.ts";
import { closeComposer, insertComposed } from "./private-composer.ts";
import { removeSite, setSite } from "./site-access.ts";
import { readGroups, updateGroups, updateSettings, updateStatus } from "./stored-state.ts";
import { uiState } from "./ui-state.ts";
import { changePassword, createMember, importBackup, lock, unlock } from "./vault-session.ts";

type Reply = { ok: true } & Record<string, unknown>;

async function leaveGroup(groupId: string): Promise<void> {
  disconnectGroup(groupId);
  const groups = await updateGroups((all) => {
    delete all[groupId];
  });
  await updateStatus(groupId, undefined);
  await removeGroupKeys(groupId);
  await updateSettings((settings) => {
    if (settings.defaultGroupId === groupId) settings.defaultGroupId = Object.keys(groups)[0];
  });
}

async function insertIntoActiveTab(text: string): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) throw new GryptError("NOT_FOUND", "no active tab to insert into");
  const message: BackgroundToContent = { type: "insert-text", text };
  let reply: unknown;
  try {
    // Every frame: the one holding the field answers (an editor may sit in an iframe), the others stay silent.
    reply = await browser.tabs.sendMessage(tab.id, message);
  } catch {
    throw new GryptError("NOT_FOUND", "grypt does not run on this page: copy the text instead");
  }
  const outcome = v.safeParse(InsertOutcomeSchema, reply);
  if (!outcome.success)
    throw new GryptError(
      "MESSAGE_INVALID",
      "the page's grypt script gave no clear answer: check the field",
    );
  if (outcome.output.type === "failure")
    throw new GryptError(outcome.output.error.code, outcome.output.error.message);
}

/** The tab of a composer frame (an extension page inside a site's tab); the popup has none. */
function composerTab(tabId: number | undefined): number {
  if (tabId === undefined)
    throw new GryptError("NOT_FOUND", "only a composer frame in a tab asks this");
  return tabId;
}

async function handle(
  request: UiRequest,
  tabId: number | undefined,
): Promise<Omit<UiReply<UiRequestType>, "ok">> {
  switch (request.type) {
    case "get-state":
      return { state: await uiState() };
    case "create-identity":
      return {
        fingerprintHex: (await createMember(request.name, request.password)).identity.public
          .fingerprintHex,
      };
    case "import-backup": {
      const open = await importBackup(request.file, request.password);
      disconnectAll();
      forgetKeysInMemory();
      await connectAll();
      await broadcastKeysChanged(false);
      return { fingerprintHex: open.identity.public.fingerprintHex };
    }
    case "unlock":
      await unlock(request.password);
      await connectAll();
      await broadcastKeysChanged(false);
      return {};
    case "lock":
      await lock();
      return {};
    case "join-group":
      return joinGroup(request.text);
    case "trust-server":
      return answerTrust(request.accept);
    case "leave-group":
      await leaveGroup(request.groupId);
      return {};
    case "repin-group":
      return repinGroup(request.groupId);
    case "reconnect-group":
      await reconnectGroup(request.groupId);
      return {};
    case "set-default-group":
      if (!(await readGroups())[request.groupId])
        throw new GryptError("UNKNOWN_GROUP", "no such group");
      await updateSettings((settings) => {
        settings.defaultGroupId = request.groupId;
      });
      return {};
    case "compose": {
      const result = await encryptForGroup(request.plaintext, request.groupId);
      return { token: result.token, length: result.token.length };
    }
    case "insert-into-tab":
      await insertIntoActiveTab(request.text);
      return {};
    case "export-backup":
      return exportBackup();
    case "change-password":
      await changePassword(request.oldPassword, request.newPassword);
      // The connections hold the old vault key for sealing new keys: start them again.
      disconnectAll();
      await connectAll();
      return {};
    case "set-auto-lock":
      await updateSettings((settings) => {
        settings.autoLockMinutes = request.minutes;
      });
      await configureAutoLock();
      return {};
    case "set-site":
      await setSite(request.host, request.enabled);
      return {};
    case "remove-site":
      await removeSite(request.host);
      return {};
    case "composer-insert":
      await insertComposed(composerTab(tabId), request);
      return {};
    case "composer-close":
      await closeComposer(composerTab(tabId), request.composerId);
      return {};
    case "set-read-in-page":
      // Tabs hear of it through storage.onChanged (main.ts): their feeds start again.
      await updateSettings((settings) => {
        settings.readInPage = request.enabled;
      });
      return {};
    default: {
      const never: never = request;
      throw new GryptError("MESSAGE_INVALID", `unknown request ${JSON.stringify(never)}`);
    }
  }
}

/** `tabId`: the tab the requesting page is in (a composer frame's), if any. */
export async function handleUiRequest(
  request: UiRequest,
  tabId?: number,
): Promise<Reply | { ok: false; error: WireError }> {
  try {
    return { ok: true, ...(await handle(request, tabId)) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
