/** The repository's root folder, for tests that read its files or start its programs. */
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
