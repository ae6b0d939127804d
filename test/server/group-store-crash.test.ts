/**
 * SIGKILL of a process that saves as fast as it can, with journal appends and compactions
 * mixed: after every kill the group file (with its journal) opens and holds every epoch whose
 * save had resolved, with the same key.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { GroupStore } from "../../server/store/group-store.ts";
import { reapOnExit } from "../helpers/reap-child.ts";
import { ROOT, tempDir } from "./helpers/server-process.ts";

const KILLS = 12;

async function stormUntilKilled(path: string, runMs: number): Promise<Map<number, string>> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "test/server/helpers/save-storm.ts"), path],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = reapOnExit(child);
  const saved = new Map<number, string>();
  let buffer = "";
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line === "ready") ready();
      const m = /^saved (\d+) (\S+)$/.exec(line);
      if (m) saved.set(Number(m[1]), m[2]!);
    }
  });
  await Promise.race([started, exited]);
  await sleep(runMs);
  child.kill("SIGKILL");
  await exited;
  return saved;
}

test(`SIGKILL while saving and compacting, ${KILLS} times: every durable epoch survives`, {
  timeout: 180_000,
}, async () => {
  const path = join(tempDir(), "group.grypt");
  const durable = new Map<number, string>();
  for (let round = 0; round < KILLS; round++) {
    for (const [epoch, key] of await stormUntilKilled(path, 30 + Math.floor(Math.random() * 300)))
      durable.set(epoch, key);
    const { store, state } = await GroupStore.open(path, "storm password");
    for (const [epoch, key] of durable)
      assert.equal(state.epochs[epoch - 1]?.key, key, `round ${round}: epoch ${epoch}`);
    await store.flush();
  }
  assert.ok(durable.size > KILLS * 5, `saves happened between kills (${durable.size})`);
});
