/**
 * The other side of the admin socket: connect once the socket is checked to be ours and private
 * (admin-socket-check.ts); send requests, parse each response.
 */
import { createConnection, type Socket } from "node:net";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import {
  type AdminRequest,
  type AdminResponse,
  AdminResponseSchema,
  MAX_ADMIN_RESPONSE,
} from "./admin-messages.ts";
import { checkAdminSocket, connectError } from "./admin-socket-check.ts";

const timedOut = () => new GryptError("TIMEOUT", "the server did not answer in time");

interface Waiting {
  resolve: (response: AdminResponse) => void;
  reject: (error: GryptError) => void;
  timer: NodeJS.Timeout;
}

/**
 * One connection to the admin socket for several requests, answered in order (a script, or the
 * benchmark timing a rotation without the connect). A request the server does not answer
 * within `timeoutMs`, a broken answer, or the connection closing fails every pending request
 * and the connection.
 */
export class AdminConnection {
  readonly #socket: Socket;
  readonly #timeoutMs: number;
  readonly #waiting: Waiting[] = [];
  #buffer = "";
  #broken: GryptError | undefined;

  private constructor(socket: Socket, timeoutMs: number) {
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.#receive(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      this.#fail(
        new GryptError(
          "CONNECTION_CLOSED",
          `the admin connection failed (${error.code ?? "error"})`,
        ),
      ),
    );
    socket.on("close", () =>
      this.#fail(new GryptError("CONNECTION_CLOSED", "the server closed the admin connection")),
    );
  }

  /** Check the socket is ours and private (checkAdminSocket), then connect. */
  static async open(path: string, timeoutMs = 120_000): Promise<AdminConnection> {
    await checkAdminSocket(path);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const socket = createConnection(path);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(timedOut());
      }, timeoutMs);
      socket.once("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(connectError(path, error.code));
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(socket);
      });
    });
    return new AdminConnection(socket, timeoutMs);
  }

  request(request: AdminRequest): Promise<AdminResponse> {
    if (this.#broken) return Promise.reject(this.#broken);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#fail(timedOut()), this.#timeoutMs);
      this.#waiting.push({ resolve, reject, timer });
      this.#socket.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.#fail(new GryptError("CONNECTION_CLOSED", "the admin connection was closed"));
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    for (
      let newline = this.#buffer.indexOf("\n");
      newline >= 0;
      newline = this.#buffer.indexOf("\n")
    ) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      const waiter = this.#waiting.shift();
      if (!waiter) {
        this.#fail(
          new GryptError("MESSAGE_INVALID", "the server answered a request that was not made"),
        );
        return;
      }
      clearTimeout(waiter.timer);
      let answer: AdminResponse;
      try {
        answer = parseResponse(line);
      } catch (error) {
        waiter.reject(error as GryptError);
        this.#fail(error as GryptError);
        return;
      }
      waiter.resolve(answer);
    }
    if (this.#buffer.length > MAX_ADMIN_RESPONSE)
      this.#fail(new GryptError("MESSAGE_TOO_LARGE", "admin response too long"));
  }

  #fail(error: GryptError): void {
    this.#broken ??= error;
    this.#socket.destroy();
    for (const waiter of this.#waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}

function parseResponse(line: string): AdminResponse {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    throw new GryptError("MESSAGE_NOT_JSON", "the server's answer is not JSON");
  }
  const parsed = v.safeParse(AdminResponseSchema, data);
  if (!parsed.success)
    throw new GryptError("MESSAGE_INVALID", "the server's answer has an unexpected shape");
  return parsed.output;
}

/** One request on a connection of its own. */
export async function sendAdminRequest(
  path: string,
  request: AdminRequest,
  timeoutMs = 120_000,
): Promise<AdminResponse> {
  const connection = await AdminConnection.open(path, timeoutMs);
  try {
    return await connection.request(request);
  } finally {
    connection.close();
  }
}
