/**
 * WebSocket close codes the server uses (4000–4999 is the range for applications).
 * docs/errors.md lists them next to the error codes.
 */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 4000,
  AUTH_FAILED: 4001,
  AUTH_TIMEOUT: 4002,
  DENIED: 4003,
  REMOVED: 4004,
  RATE_LIMITED: 4005,
  REPLACED: 4006,
  VERSION_UNSUPPORTED: 4007,
  MESSAGE_TOO_LARGE: 1009,
  INTERNAL_ERROR: 1011,
} as const;

export type CloseCodeName = keyof typeof CLOSE_CODES;
