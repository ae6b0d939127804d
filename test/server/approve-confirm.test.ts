/**
 * `grypt-admin approve` before the keys go out: on a terminal it shows each request in full
 * (the whole fingerprint, name, address, time, and another request waiting under the same name)
 * and asks; a script passes --yes; without a terminal and without --yes it refuses, saying so.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { formatFingerprint, type Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { admin, identities, isMemberAt, member, waitFor } from "./helpers/members.ts";
import { ROOT, run, type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";
import { HAVE_SCRIPT, onTerminal } from "./helpers/terminal.ts";

let server: ServerProcess;
let alice: Identity;
let impostor: Identity;
const dataFile = join(tempDir(), "group.grypt");
const clients: MemberClient[] = [];

before(async () => {
  [alice, impostor] = (await identities(2)) as [Identity, Identity];
  server = await startServer(dataFile);
  for (const [identity, address] of [
    [alice, "127.0.0.1"],
    [impostor, "127.0.7.7"],
  ] as const) {
    const client = member(server, identity, "alice", undefined, address);
    clients.push(client);
    await waitFor(client, (s) => s.state === "pending");
  }
});
after(async () => {
  for (const c of clients) c.stop();
  await server.stop();
});

const ADMIN = join(ROOT, "server/bin/grypt-admin.ts");
const printed = (identity: Identity) => formatFingerprint(identity.public.fingerprintHex);

test("without a terminal, approve needs --yes and says so", { timeout: 60_000 }, async () => {
  const fp = alice.public.fingerprintHex.slice(0, 16);
  for (const command of [
    [ADMIN, "approve", fp],
    [join(ROOT, "server/bin/grypt-server.ts"), "admin", "approve", fp],
  ]) {
    const refused = await run(process.execPath, [
      "--import",
      "tsx",
      ...command,
      "--data",
      dataFile,
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no terminal to ask on.*run the approve again with --yes/);
  }
  assert.equal((await admin(server, { type: "pending" }, "pending")).requests.length, 2);
});

test("on a terminal, approve shows each request in full and asks first", {
  skip: !HAVE_SCRIPT && "needs util-linux script",
  timeout: 90_000,
}, async (t) => {
  // Typed as the member read it out, in groups of four.
  const words = printed(alice).split(" ").slice(0, 4);
  const approve = async (answer: string) => {
    const term = onTerminal(["--import", "tsx", ADMIN, "approve", ...words, "--data", dataFile]);
    t.after(() => term.kill());
    const at = await term.expect(
      new RegExp(
        [
          String.raw`Approve this request\? It will receive the group's keys:\s+`,
          String.raw`fingerprint\s+${printed(alice)}\s+`,
          String.raw`name\s+"alice"\s+address\s+127\.0\.0\.1\s+`,
          String.raw`asked at\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+`,
          String.raw`note\s+another request waiting under this name, with another key\s+`,
          String.raw`Compare every digit[\s\S]*Approve\? \[y/N\] `,
        ].join(""),
      ),
    );
    term.type(`${answer}\r`);
    return { output: () => term.output().slice(at), code: await term.exited };
  };
  const declined = await approve("n");
  assert.match(declined.output(), /Not approved\./);
  assert.equal(declined.code, 1);
  assert.equal(clients[0]!.status.state, "pending");

  const accepted = await approve("y");
  assert.match(
    accepted.output(),
    new RegExp(`Approved "alice" ${printed(alice)}: keys delivered\\.`),
  );
  assert.equal(accepted.code, 0);
  await waitFor(clients[0]!, isMemberAt(1));
  assert.equal(clients[1]!.status.state, "pending", "the impostor is still waiting");
});

test("a script approves with --yes", { timeout: 60_000 }, async () => {
  const fp = impostor.public.fingerprintHex.slice(0, 16);
  const done = await run(process.execPath, [
    "--import",
    "tsx",
    ADMIN,
    "approve",
    fp,
    "--yes",
    "--json",
    "--data",
    dataFile,
  ]);
  assert.equal(done.code, 0, done.stderr);
  const response = JSON.parse(done.stdout) as { type: string; members: Array<{ name: string }> };
  assert.equal(response.type, "approved");
  assert.deepEqual(
    response.members.map((m) => m.name),
    ["alice"],
  );
  await waitFor(clients[1]!, isMemberAt(1));
});
