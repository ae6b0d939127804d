/** grypt's release, as in package.json (a test keeps the two equal); printed by `--version`. */
export const GRYPT_VERSION = "0.1.0";
