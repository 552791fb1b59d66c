// A minimal W3C WebDriver client over fetch: just what the kiosk's end-to-end tests need.
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

async function call(url: string, method: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { value?: any };
  if (!res.ok) throw new WebDriverError(`${method} ${url}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

export class Session {
  private constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  /** Starts the app through tauri-driver: `application` is the binary, `args` its arguments. */
  static async start(driver: string, application: string, args: string[]): Promise<Session> {
    const value = await call(`${driver}/session`, "POST", {
      capabilities: { alwaysMatch: { "tauri:options": { application, args } } },
    });
    return new Session(driver, value.sessionId);
  }

  private url(path: string) {
    return `${this.base}/session/${this.id}${path}`;
  }

  async delete(): Promise<void> {
    await call(`${this.base}/session/${this.id}`, "DELETE");
  }

  async find(css: string): Promise<string> {
    const v = await call(this.url("/element"), "POST", { using: "css selector", value: css });
    return v[ELEMENT];
  }

  async findAll(css: string): Promise<string[]> {
    const v = await call(this.url("/elements"), "POST", { using: "css selector", value: css });
    return v.map((e: Record<string, string>) => e[ELEMENT]);
  }

  async text(element: string): Promise<string> {
    return call(this.url(`/element/${element}/text`), "GET");
  }

  async click(element: string): Promise<void> {
    await call(this.url(`/element/${element}/click`), "POST", {});
  }

  /**
   * Types `text` on the physical keyboard into whatever has the focus (the window itself when no
   * field has it), as a keyboard-wedge scanner does; `\n` is Enter.
   */
  async keys(text: string): Promise<void> {
    const actions = [...text].flatMap((ch) => {
      const value = ch === "\n" ? "\uE007" : ch;
      return [
        { type: "keyDown", value },
        { type: "keyUp", value },
      ];
    });
    await call(this.url("/actions"), "POST", { actions: [{ type: "key", id: "scanner", actions }] });
    await call(this.url("/actions"), "DELETE");
  }

  /** A touch's pointer actions (press, pause, release) as WebDriver performs them. */
  async pointer(actions: Record<string, unknown>[]): Promise<void> {
    await call(this.url("/actions"), "POST", {
      actions: [{ type: "pointer", id: "finger", parameters: { pointerType: "touch" }, actions }],
    });
    await call(this.url("/actions"), "DELETE");
  }

  async execute<T>(script: string, args: unknown[] = []): Promise<T> {
    return call(this.url("/execute/sync"), "POST", { script, args });
  }

  async minimize(): Promise<void> {
    await call(this.url("/window/minimize"), "POST", {});
  }

  async windowHandles(): Promise<string[]> {
    return call(this.url("/window/handles"), "GET");
  }

  async windowRect(): Promise<{ x: number; y: number; width: number; height: number }> {
    return call(this.url("/window/rect"), "GET");
  }

  /** A PNG of the window, as the citizen sees it. */
  async screenshot(): Promise<Buffer> {
    return Buffer.from(await call(this.url("/screenshot"), "GET"), "base64");
  }

  /** Polls `probe` until it returns a value that is not undefined, or fails with `what`. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const v = await probe();
        if (v !== undefined) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new WebDriverError(`timed out waiting for ${what}: ${String(last ?? "")}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Waits until `css` exists and its text equals `text`. */
  async waitForText(css: string, text: string): Promise<void> {
    await this.waitFor(`${css} = ${JSON.stringify(text)}`, async () => {
      const got = await this.text(await this.find(css));
      return got === text ? true : undefined;
    });
  }
}
