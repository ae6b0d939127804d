#!/usr/bin/env -S node --import tsx
/** grypt-server: run the server, or `grypt-server admin <command>` to talk to a running one. */
import { runAdminCli } from "../admin/admin-cli.ts";
import { main } from "../main.ts";

const argv = process.argv.slice(2);
if (argv[0] === "admin") process.exitCode = await runAdminCli(argv.slice(1), process.env);
else await main(argv, process.env);
