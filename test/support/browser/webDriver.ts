// A small typed client for classic W3C WebDriver over HTTP (https://www.w3.org/TR/webdriver2/),
// enough to drive WebKitWebDriver: sessions, navigation, script execution, element input and
// screenshots. Why our own: WebKit speaks neither CDP nor BiDi here, and the maintained Node
// clients (webdriverio/webdriver, selenium-webdriver) bring driver managers and downloaders for
// other browsers that this suite must never run; these dozen endpoints are plain fetch calls.

/** The element reference key the W3C protocol puts in every element JSON object. */
const elementKey = "element-6066-11e4-a52e-4f735466cecf";

/** A WebDriver error answer: `code` is the protocol's error code (e.g. `no such element`). */
export class WebDriverError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(command: string, status: number, code: string, message: string) {
    super(`WebDriver ${command} failed (${status} ${code}): ${message}`);
    this.name = "WebDriverError";
    this.code = code;
    this.status = status;
  }
}

interface Answer {
  readonly value?: unknown;
}

/** No single command may hang a test: past this the call fails, naming the command. */
const commandTimeoutMs = 30_000;

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const command = `${method} ${path}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(commandTimeoutMs),
  }).catch((error: unknown) => {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${commandTimeoutMs} ms`
        : String(error);
    throw new WebDriverError(command, 0, "no answer", reason);
  });
  const text = await response.text();
  let answer: Answer;
  try {
    answer = JSON.parse(text) as Answer;
  } catch {
    throw new WebDriverError(command, response.status, "invalid answer", text.slice(0, 200));
  }
  if (!response.ok) {
    const error = (answer.value ?? {}) as { error?: unknown; message?: unknown };
    throw new WebDriverError(
      command,
      response.status,
      String(error.error ?? "unknown error"),
      String(error.message ?? ""),
    );
  }
  return answer.value as T;
}

export interface WebDriverSession {
  readonly id: string;
  readonly capabilities: Readonly<Record<string, unknown>>;
  navigate(url: string): Promise<void>;
  /** Runs `script` (a function body: `return …`) with `args`; a returned promise is awaited. */
  execute<T>(script: string, args?: readonly unknown[]): Promise<T>;
  /** The first element matching a CSS selector; throws `no such element` when none does. */
  findElement(css: string): Promise<string>;
  click(element: string): Promise<void>;
  clear(element: string): Promise<void>;
  sendKeys(element: string, text: string): Promise<void>;
  setWindowRect(rect: { width: number; height: number }): Promise<void>;
  /** PNG bytes of the viewport. */
  screenshot(): Promise<Buffer>;
  /** PNG bytes of one element's box. */
  elementScreenshot(element: string): Promise<Buffer>;
  delete(): Promise<void>;
}

/** Opens a session on the driver at `driverUrl` (e.g. `http://127.0.0.1:4444`). */
export async function newWebDriverSession(
  driverUrl: string,
  alwaysMatch: Readonly<Record<string, unknown>>,
): Promise<WebDriverSession> {
  const created = await call<{ sessionId: string; capabilities: Record<string, unknown> }>(
    driverUrl,
    "POST",
    "/session",
    {
      capabilities: { alwaysMatch },
    },
  );
  const base = `${driverUrl}/session/${created.sessionId}`;
  const session = <T>(method: string, path: string, body?: unknown): Promise<T> => call<T>(base, method, path, body);
  return {
    id: created.sessionId,
    capabilities: created.capabilities,
    navigate: async (url) => void (await session("POST", "/url", { url })),
    execute: (script, args = []) => session("POST", "/execute/sync", { script, args }),
    findElement: async (css) => {
      const found = await session<Record<string, string>>("POST", "/element", { using: "css selector", value: css });
      const id = found[elementKey];
      if (id === undefined)
        throw new WebDriverError("POST /element", 200, "invalid answer", "no element reference in the answer");
      return id;
    },
    click: async (element) => void (await session("POST", `/element/${element}/click`, {})),
    clear: async (element) => void (await session("POST", `/element/${element}/clear`, {})),
    sendKeys: async (element, text) => void (await session("POST", `/element/${element}/value`, { text })),
    setWindowRect: async (rect) => void (await session("POST", "/window/rect", rect)),
    screenshot: async () => Buffer.from(await session<string>("GET", "/screenshot"), "base64"),
    elementScreenshot: async (element) =>
      Buffer.from(await session<string>("GET", `/element/${element}/screenshot`), "base64"),
    delete: async () => void (await session("DELETE", "")),
  };
}

/** Waits (bounded) until the driver at `driverUrl` answers `/status` with `ready: true`. */
export async function waitForWebDriver(driverUrl: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const status = await call<{ ready?: boolean }>(driverUrl, "GET", "/status");
      if (status.ready !== false) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebDriver at ${driverUrl} did not become ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
