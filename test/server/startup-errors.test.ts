/**
 * Refusals with clear messages: wrong password (file untouched), damaged files, no password,
 * a second server on the same file, and an admin socket others could use or that is not ours.
 */
import assert from "node:assert/strict";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { PROTOCOL_VERSION } from "../../shared/protocol/messages.ts";
import { PASSWORD, ROOT, run, serverArgs, startServer, tempDir } from "./helpers/server-process.ts";

const dir = tempDir();
const dataFile = join(dir, "group.grypt");
const node = process.execPath;
const serve = (env: NodeJS.ProcessEnv, file = dataFile, extra: string[] = []) =>
  run(node, serverArgs(["--port", "0", "--data", file, ...extra]), {
    GRYPT_PASSWORD: PASSWORD,
    ...env,
  });

before(async () => {
  const server = await startServer(dataFile);
  assert.equal(await server.stop(), 0);
});

test("a wrong password stops the server and leaves the file untouched", {
  timeout: 90_000,
}, async () => {
  const before = readFileSync(dataFile);
  const mtime = statSync(dataFile).mtimeMs;
  const result = await serve({ GRYPT_PASSWORD: "not the password" });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /wrong password for .*group\.grypt \(the file was not changed\)/);
  assert.doesNotMatch(result.stdout, /listening/);
  assert.deepEqual(readFileSync(dataFile), before);
  assert.equal(statSync(dataFile).mtimeMs, mtime);
});

test("truncated, tampered and empty files are refused, never half-started", {
  timeout: 90_000,
}, async () => {
  const good = readFileSync(dataFile, "utf8");
  const cases: Array<[string, string, RegExp]> = [
    ["truncated", good.slice(0, Math.floor(good.length / 2)), /damaged or truncated/],
    ["empty", "", /damaged or truncated/],
    [
      "tampered",
      good.replace(
        /"token":"(.{40})(.)/,
        (_m, a: string, c: string) => `"token":"${a}${c === "A" ? "B" : "A"}`,
      ),
      /damaged or was tampered with/,
    ],
    ["not a vault", '{"hello":1}', /damaged or was tampered with|vault file is corrupt/],
  ];
  for (const [name, content, message] of cases) {
    const file = join(dir, `${name}.grypt`);
    writeFileSync(file, content);
    const result = await serve({}, file);
    assert.equal(result.code, 1, name);
    assert.match(result.stderr, message, name);
    assert.doesNotMatch(result.stdout, /listening/, name);
    assert.equal(readFileSync(file, "utf8"), content, `${name}: file untouched`);
  }
});

test("without a terminal or a password the server says where the password comes from", {
  timeout: 90_000,
}, async () => {
  const result = await serve({ GRYPT_PASSWORD: "" }, join(dir, "new.grypt"));
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /no password: run on a terminal, or set GRYPT_PASSWORD, or pass --password-file/,
  );
  const short = await serve({ GRYPT_PASSWORD: "short" }, join(dir, "new.grypt"));
  assert.match(short.stderr, /at least 8 characters/);
  const passwordFile = join(dir, "password.txt");
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  const server = await startServer(dataFile, {
    env: { GRYPT_PASSWORD: "" },
    args: ["--password-file", passwordFile],
  });
  assert.equal(await server.stop(), 0);
});

test("flags: --help explains them, a bad flag is an error", { timeout: 90_000 }, async () => {
  const help = await run(node, serverArgs(["--help"]));
  assert.equal(help.code, 0);
  for (const flag of [
    "--host",
    "--port",
    "--data",
    "--tls-cert",
    "--tls-key",
    "--name",
    "--password-file",
    "GRYPT_PASSWORD",
    "GRYPT_HEARTBEAT_MS",
    "GRYPT_TLS_CHECK_MS",
  ]) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  const bad = await run(node, serverArgs(["--prot", "1"]));
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--prot.*see --help/);
  const port = await run(node, serverArgs(["--port", "70000"]));
  assert.match(port.stderr, /port must be 0\.\.65535/);
  const version = await run(node, serverArgs(["--version"]));
  assert.equal(version.code, 0);
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(
    version.stdout,
    `grypt-server ${pkg.version} (protocol ${PROTOCOL_VERSION})\n`,
    "the version is package.json's",
  );
  const adminVersion = await run(node, [
    "--import",
    "tsx",
    join(ROOT, "server/bin/grypt-admin.ts"),
    "--version",
  ]);
  assert.equal(adminVersion.stdout, `grypt-admin ${pkg.version}\n`);
});

test("a second server on the same file is refused; the admin socket is private", {
  timeout: 90_000,
}, async () => {
  const server = await startServer(dataFile);
  try {
    const second = await serve({});
    assert.equal(second.code, 1);
    assert.match(second.stderr, /already running/);

    assert.equal(statSync(server.socket).mode & 0o777, 0o600);
    const cli = (args: string[]) =>
      run(node, ["--import", "tsx", join(ROOT, "server/bin/grypt-admin.ts"), ...args]);
    const status = await cli(["status", "--json", "--data", dataFile]);
    assert.equal(status.code, 0);
    assert.equal(JSON.parse(status.stdout).fingerprint, server.fingerprint);
    const text = await cli(["invite", "--data", dataFile]);
    assert.equal(text.stdout.trim(), server.invite);

    chmodSync(server.socket, 0o666);
    const open = await cli(["status", "--data", dataFile]);
    assert.equal(open.code, 1);
    assert.match(open.stderr, /has mode 0666, others could use it; refusing/);
    chmodSync(server.socket, 0o600);

    if (process.getuid?.() === 0) {
      // Another user: the client refuses a socket it does not own, and the kernel refuses the connection.
      const asNobody = [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        node,
        "--import",
        "tsx",
      ];
      const script = join(ROOT, "server/bin/grypt-admin.ts");
      const asOther = () =>
        run("setpriv", [...asNobody, script, "status", "--admin-socket", server.socket], {
          HOME: "/tmp",
        });
      const hidden = await asOther();
      assert.equal(hidden.code, 1, hidden.stderr);
      assert.match(
        hidden.stderr,
        /permission denied on the admin socket .*: it belongs to another user/,
      );
      chmodSync(dir, 0o711);
      const visible = await asOther();
      assert.equal(visible.code, 1, visible.stderr);
      assert.match(visible.stderr, /belongs to uid 0, not to you \(uid 65534\); refusing/);
      const probe = `require("net").connect(${JSON.stringify(server.socket)}).on("error",(e)=>{console.log(e.code)}).on("connect",()=>console.log("connected"))`;
      const kernel = await run("setpriv", [...asNobody.slice(0, 4), "-e", probe]);
      assert.equal(kernel.stdout.trim(), "EACCES");
    }
  } finally {
    chmodSync(dir, 0o700);
    assert.equal(await server.stop(), 0);
  }
});
