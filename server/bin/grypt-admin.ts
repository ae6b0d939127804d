#!/usr/bin/env -S node --import tsx
/** grypt-admin: the admin commands of a running grypt server (same as `grypt-server admin`). */
import { runAdminCli } from "../admin/admin-cli.ts";

process.exitCode = await runAdminCli(process.argv.slice(2), process.env);
