// How WebKit gets its CSP violation recorder in before any page script: WebKit's WebDriver has no
// preload scripts, so the session asks the site (startSite) to hold the next response for the URL
// it is about to open. The site sends the headers and 512 spaces (whitespace before the doctype,
// which the HTML parser ignores; WebKit commits a document only after 512 body bytes, or a charset
// in the Content-Type), then waits. The session sees the new, still empty document, installs the
// recorder, and releases the hold; only then do the page's own bytes, and its scripts, arrive.
// The site and the session live in the same test process, so this module is their meeting point.

/** What the site sends before holding: whitespace the parser ignores, enough for WebKit to commit. */
export const holdPadding = " ".repeat(512);

/** How long a site waits for a release before sending the rest anyway (the session has failed by then). */
const holdLimitMs = 20_000;

interface Pending {
  arrived(): void;
  readonly released: Promise<void>;
}

const pending = new Map<string, Pending>();

export interface DocumentHold {
  /** Resolves once a site has sent the padding and is holding the rest of the document. */
  readonly held: Promise<void>;
  /** Lets the site send the rest. Safe to call more than once, or without a hold having happened. */
  release(): void;
}

/** Session side: the next response for `url` (normalised href) is to be held. */
export function holdNextDocument(url: string): DocumentHold {
  const href = new URL(url).href;
  let arrived!: () => void;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  pending.set(href, { arrived, released });
  return {
    held,
    release: () => {
      if (pending.get(href)?.released === released) pending.delete(href);
      release();
    },
  };
}

/**
 * Site side: if a session asked to hold `url`, claims that hold (once) and returns a function that
 * writes the padding after the headers and resolves when the rest may follow; otherwise undefined.
 */
export function claimDocumentHold(url: string): ((write: (chunk: string) => void) => Promise<void>) | undefined {
  const href = new URL(url).href;
  const hold = pending.get(href);
  if (!hold) return undefined;
  pending.delete(href);
  return async (write) => {
    write(holdPadding);
    hold.arrived();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([hold.released, new Promise<void>((resolve) => (timer = setTimeout(resolve, holdLimitMs)))]);
    clearTimeout(timer);
  };
}
