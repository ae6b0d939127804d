/**
 * A fake WebExtension API for running the background's modules in Node: storage.local and
 * storage.session in memory (with hooks to delay or fail a read or write), recorded tab messages
 * and the few other calls the background makes. webextension-polyfill hands out
 * `globalThis.browser` when it exists, so this module must be imported before any background
 * module: make it a test file's first import.
 */

type Items = Record<string, unknown>;
type AreaName = "local" | "session";

export interface SentMessage {
  tabId: number;
  message: unknown;
  options: { frameId?: number } | undefined;
}

export interface FakeBrowser {
  readonly local: Items;
  readonly session: Items;
  /** Runs before a set() is applied; throwing fails it with nothing written (a worker that died). */
  beforeSet: ((area: AreaName, items: Items) => void | Promise<void>) | undefined;
  /** Runs before a get() reads (it may wait, or lock the vault meanwhile). */
  beforeGet: ((area: AreaName, keys: unknown) => void | Promise<void>) | undefined;
  /** Every set() applied to storage.local, in order. */
  readonly localSets: Items[];
  readonly sent: SentMessage[];
  /** What tabs.sendMessage answers. */
  tabReply: unknown;
  /** Empty both storage areas and forget hooks and recordings. */
  reset(): void;
}

const noopEvent = { addListener() {}, removeListener() {} };

export const fake: FakeBrowser = {
  local: {},
  session: {},
  beforeSet: undefined,
  beforeGet: undefined,
  localSets: [],
  sent: [],
  tabReply: undefined,
  reset() {
    for (const area of [fake.local, fake.session])
      for (const key of Object.keys(area)) delete area[key];
    fake.beforeSet = undefined;
    fake.beforeGet = undefined;
    fake.localSets.length = 0;
    fake.sent.length = 0;
    fake.tabReply = undefined;
  },
};

function storageArea(name: AreaName) {
  const data = () => fake[name];
  return {
    async get(keys?: string | string[] | null): Promise<Items> {
      await fake.beforeGet?.(name, keys);
      if (keys === null || keys === undefined) return structuredClone(data());
      const out: Items = {};
      for (const key of typeof keys === "string" ? [keys] : keys)
        if (key in data()) out[key] = structuredClone(data()[key]);
      return out;
    },
    async set(items: Items): Promise<void> {
      await fake.beforeSet?.(name, items);
      if (name === "local") fake.localSets.push(structuredClone(items));
      Object.assign(data(), structuredClone(items));
    },
    async remove(keys: string | string[]): Promise<void> {
      for (const key of typeof keys === "string" ? [keys] : keys) delete data()[key];
    },
    async setAccessLevel(): Promise<void> {},
  };
}

const api = {
  runtime: {
    id: "grypt-test",
    getURL: (path: string) => `chrome-extension://grypt-test/${path}`,
    getPlatformInfo: async () => ({}),
    onMessage: noopEvent,
    onInstalled: noopEvent,
  },
  storage: { local: storageArea("local"), session: storageArea("session"), onChanged: noopEvent },
  tabs: {
    query: async () => [{ id: 7 }],
    async sendMessage(
      tabId: number,
      message: unknown,
      options?: { frameId?: number },
    ): Promise<unknown> {
      fake.sent.push({ tabId, message, options });
      return fake.tabReply;
    },
  },
  alarms: { get: async () => undefined, create() {}, onAlarm: noopEvent },
  idle: { setDetectionInterval() {}, queryState: async () => "active", onStateChanged: noopEvent },
  contextMenus: { removeAll: async () => {}, create() {}, onClicked: noopEvent },
  commands: { onCommand: noopEvent },
  action: {
    setBadgeText: async () => {},
    setBadgeBackgroundColor: async () => {},
    setTitle: async () => {},
  },
};

const scope = globalThis as unknown as { browser?: unknown; chrome?: unknown };
scope.browser = api;
scope.chrome = api;
