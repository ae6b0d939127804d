#!/usr/bin/env node
// Launcher for `grypt`: loads tsx from this package (not from the current directory), then the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./grypt.ts");
