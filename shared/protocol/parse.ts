/** Parse frames at the socket boundary: text in, a typed message or a GryptError out. */
import * as v from "valibot";
import { GryptError } from "../errors.ts";
import {
  type ClientMessage,
  ClientMessageSchema,
  MAX_CLIENT_FRAME,
  MAX_SERVER_FRAME,
  type ServerMessage,
  ServerMessageSchema,
} from "./messages.ts";

function parseFrame<T>(schema: v.GenericSchema<unknown, T>, frame: unknown, maxLength: number): T {
  if (typeof frame !== "string")
    throw new GryptError("MESSAGE_INVALID", "frames must be JSON text");
  if (frame.length > maxLength)
    throw new GryptError("MESSAGE_TOO_LARGE", `frame exceeds ${maxLength} characters`);
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    throw new GryptError("MESSAGE_NOT_JSON", "frame is not valid JSON");
  }
  return parseMessage(schema, data);
}

/** Validate an already-decoded value against a message schema. */
export function parseMessage<T>(schema: v.GenericSchema<unknown, T>, data: unknown): T {
  const result = v.safeParse(schema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  const message = `${path ? `${path}: ` : ""}${issue.message}`.slice(0, 300);
  throw new GryptError("MESSAGE_INVALID", `invalid message: ${message}`);
}

export function parseClientFrame(frame: unknown): ClientMessage {
  return parseFrame(ClientMessageSchema, frame, MAX_CLIENT_FRAME);
}

export function parseServerFrame(frame: unknown): ServerMessage {
  return parseFrame(ServerMessageSchema, frame, MAX_SERVER_FRAME);
}

export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}
