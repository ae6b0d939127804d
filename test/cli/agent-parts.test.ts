/** The agent's pure parts: its command line, its socket path, and its line reader's limit. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { agentSocketPath } from "../../cli/agent/agent-paths.ts";
import { LineReader } from "../../cli/agent/line-reader.ts";
import { parseCliArgs } from "../../cli/args.ts";
import { codeOf } from "../helpers/error-code.ts";

describe("grypt agent's parts", () => {
  it("parses agent, lock and unlock, and refuses their options elsewhere", async () => {
    const agent = parseCliArgs(["agent", "--lock-after", "1.5", "--locked"]);
    assert.equal(agent.command, "agent");
    assert.equal(agent.lockAfterMs, 90_000);
    assert.equal(agent.locked, true);
    assert.equal(parseCliArgs(["agent", "--stop"]).stop, true);
    assert.equal(parseCliArgs(["lock"]).command, "lock");
    for (const argv of [
      ["agent", "--lock-after", "0"],
      ["agent", "--lock-after", "soon"],
      ["encrypt", "--stop"],
      ["status", "--lock-after", "5"],
      ["lock", "now"],
      ["unlock", "--locked"],
    ]) {
      assert.equal(await codeOf(() => parseCliArgs(argv)), "INVALID_ARGUMENT", argv.join(" "));
    }
  });

  it("finds the socket: $GRYPT_AGENT_SOCK, else the runtime directory, else /tmp/grypt-<uid>", () => {
    assert.equal(agentSocketPath({ GRYPT_AGENT_SOCK: "/x/y.sock" }), "/x/y.sock");
    assert.equal(
      agentSocketPath({ XDG_RUNTIME_DIR: "/run/user/7" }),
      "/run/user/7/grypt/agent.sock",
    );
    assert.equal(
      agentSocketPath({ XDG_RUNTIME_DIR: "relative", TMPDIR: "/tmp" }),
      `/tmp/grypt-${process.getuid!()}/agent.sock`,
    );
  });

  it("splits lines across chunks and stops at the size limit", () => {
    const reader = new LineReader(10);
    assert.deepEqual(reader.push('{"a"'), []);
    assert.deepEqual(reader.push(':1}\n{"b":2}\n{"c'), ['{"a":1}', '{"b":2}']);
    assert.deepEqual(reader.push('":3}\n'), ['{"c":3}']);
    assert.equal(reader.push("x".repeat(11)), "too-large");
    assert.equal(new LineReader(10).push(`${"y".repeat(11)}\n`), "too-large");
  });
});
