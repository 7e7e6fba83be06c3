// A stand-in for Infobip's widget.js, served by the vendor stand-in. It implements the `liveChat`
// command queue the install snippet sets up (`init`, `auth`, `logout`) and, like the real widget,
// opens a WebSocket to livechat(-<region>).infobip.com, calls api(-<region>).infobip.com, embeds
// an iframe from livechat.infobip.com, loads its icon from CloudFront, and injects inline styles
// (a <style> element and a style attribute). `auth` and `logout` travel over the WebSocket; the
// stand-in's answer (see `fakeLiveChatSocket`) becomes the command's callback result. Like a careful
// real widget, it survives a WebSocket the page's CSP blocks, in every engine: Firefox and WebKit
// throw from `new WebSocket()`, Chromium fires `error` (and no `close`); either way the widget still renders and
// answers each command with a CONNECTION_FAILED error instead of taking the page down or hanging.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebSocketHandler } from "./vendorStandIn.ts";

export interface FakeWidgetOptions {
  /** Account region (`livechat-<region>.infobip.com`, `api-<region>.infobip.com`); omit for global. */
  readonly region?: string;
  /** CloudFront distribution host of the widget icon. Default `d1234abcd.cloudfront.net`. */
  readonly iconHost?: string;
}

/** What the fake widget records in `window.__fakeWidget`, for tests to read. */
export interface FakeWidgetState {
  readonly widgetId: string | null;
  /** Commands in the order they were processed (queued ones first). */
  readonly commands: string[];
  /** Each resource the widget uses, true once it demonstrably loaded/applied. */
  readonly loaded: {
    readonly socket: boolean;
    readonly config: boolean;
    readonly frame: boolean;
    readonly icon: boolean;
    readonly styleElement: boolean;
    readonly styleAttribute: boolean;
  };
  /** `anonymous` until an auth succeeds; back to `anonymous` after logout. */
  readonly session: string;
  /**
   * Why the WebSocket could not be used: the name of the error `new WebSocket()` threw (Firefox:
   * `NS_ERROR_CONTENT_BLOCKED`, WebKit: `SecurityError` for a CSP-blocked URL), or `error event`;
   * null while it is fine.
   */
  readonly socketError: string | null;
}

/** The fake widget.js text for an account in `options.region`. */
export function fakeWidgetScript(options: FakeWidgetOptions = {}): string {
  const suffix = options.region === undefined ? "" : `-${options.region}`;
  const config = {
    socketUrl: `wss://livechat${suffix}.infobip.com/socket`,
    apiBase: `https://api${suffix}.infobip.com`,
    frameUrl: "https://livechat.infobip.com/frame/chat.html",
    frameOrigin: "https://livechat.infobip.com",
    iconUrl: `https://${options.iconHost ?? "d1234abcd.cloudfront.net"}/infobiplivechat-configuration/icon.svg`,
  };
  return `(function () {
  "use strict";
  var config = ${JSON.stringify(config)};
  var queued = (window.liveChat && window.liveChat.q) || [];
  var state = { widgetId: null, commands: [], loaded: { socket: false, config: false, frame: false, icon: false, styleElement: false, styleAttribute: false }, session: "anonymous", socketError: null };
  window.__fakeWidget = state;
  var socket = null;
  var outbox = [];
  var callbacks = {};
  var nextId = 1;
  var label = null;
  // Set once the socket cannot carry commands: they fail at once instead of waiting forever.
  var socketFailure = null;

  function answer(callback, error, result) {
    if (typeof callback === "function") setTimeout(function () { callback(error, result); }, 0);
  }

  function send(message, callback) {
    if (socketFailure) return answer(callback, socketFailure);
    message.id = nextId++;
    callbacks[message.id] = callback;
    var text = JSON.stringify(message);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
    else outbox.push(text);
  }

  function onSocketMessage(event) {
    var reply;
    try { reply = JSON.parse(event.data); } catch (e) { return; }
    var callback = callbacks[reply.id];
    if (!Object.prototype.hasOwnProperty.call(callbacks, reply.id)) return;
    delete callbacks[reply.id];
    if (reply.error) return answer(callback, reply.error, undefined);
    if (reply.session) {
      state.session = reply.session;
      if (label) label.textContent = "Live Chat · " + reply.session;
    }
    answer(callback, null, reply.result === undefined ? {} : reply.result);
  }

  function failSocket(error) {
    if (!socketFailure) socketFailure = error;
    for (var id in callbacks) answer(callbacks[id], error);
    callbacks = {};
    outbox = [];
  }

  function openSocket(widgetId) {
    try {
      socket = new WebSocket(config.socketUrl + "?widgetId=" + encodeURIComponent(widgetId));
    } catch (e) {
      // Firefox and WebKit throw here for a URL the page's CSP blocks (Chromium fires error).
      socket = null;
      state.socketError = (e && e.name) || String(e);
      failSocket({ code: "CONNECTION_FAILED", message: "The Live Chat connection could not be opened." });
      return;
    }
    socket.onopen = function () {
      state.loaded.socket = true;
      while (outbox.length > 0) socket.send(outbox.shift());
    };
    socket.onmessage = onSocketMessage;
    function connectionGone() {
      failSocket(
        state.loaded.socket
          ? { code: "CONNECTION_LOST", message: "The Live Chat connection closed." }
          : { code: "CONNECTION_FAILED", message: "The Live Chat connection could not be opened." }
      );
    }
    // Chromium reports a CSP-blocked socket with an error event and no close event after it.
    socket.onerror = function () {
      if (!state.socketError) state.socketError = "error event";
      if (socket.readyState === WebSocket.CLOSED) connectionGone();
    };
    socket.onclose = connectionGone;
  }

  function render() {
    var style = document.createElement("style");
    style.textContent = ".fake-livechat { position: fixed; right: 24px; bottom: 24px; width: 300px; font: 14px system-ui, sans-serif; " +
      "background: #fff; border-radius: 12px; box-shadow: 0 8px 24px rgba(0,0,0,.18); overflow: hidden; z-index: 10; }" +
      ".fake-livechat header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; color: #fff; }" +
      ".fake-livechat iframe { display: block; width: 100%; height: 120px; border: 0; }";
    document.head.appendChild(style);
    var root = document.createElement("div");
    root.className = "fake-livechat";
    root.id = "fake-livechat";
    var header = document.createElement("header");
    header.setAttribute("style", "background: rgb(242, 106, 27)");
    var icon = document.createElement("img");
    icon.alt = "";
    icon.width = 20;
    icon.height = 20;
    icon.onload = function () { state.loaded.icon = true; };
    icon.src = config.iconUrl;
    label = document.createElement("span");
    label.textContent = "Live Chat · " + state.session;
    header.appendChild(icon);
    header.appendChild(label);
    var frame = document.createElement("iframe");
    frame.title = "Live Chat";
    frame.src = config.frameUrl;
    root.appendChild(header);
    root.appendChild(frame);
    document.body.appendChild(root);
    state.loaded.styleElement = getComputedStyle(root).position === "fixed";
    state.loaded.styleAttribute = getComputedStyle(header).backgroundColor === "rgb(242, 106, 27)";
  }

  window.addEventListener("message", function (event) {
    if (event.origin === config.frameOrigin && event.data && event.data.source === "vendor-stand-in") state.loaded.frame = true;
  });

  var commands = {
    init: function (widgetId, callback) {
      if (state.widgetId !== null) return answer(callback, { code: "ALREADY_INITIALIZED", message: "init was already called." });
      state.widgetId = String(widgetId);
      openSocket(state.widgetId);
      fetch(config.apiBase + "/livechat/1/widgets/" + encodeURIComponent(state.widgetId) + "/config")
        .then(function (r) { return r.json(); })
        .then(function () { state.loaded.config = true; }, function () {});
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
      else render();
      answer(callback, null, {});
    },
    auth: function (token, callback) {
      if (state.widgetId === null) return answer(callback, { code: "NOT_INITIALIZED", message: "Call init first." });
      if (typeof token !== "string" || token === "") return answer(callback, { code: "BAD_REQUEST", message: "auth needs a personalization token." });
      send({ type: "auth", token: token }, callback);
    },
    logout: function (_input, callback) {
      if (state.widgetId === null) return answer(callback, { code: "NOT_INITIALIZED", message: "Call init first." });
      send({ type: "logout" }, callback);
    },
  };

  function run(args) {
    var name = args[0];
    state.commands.push(String(name));
    var command = commands[name];
    var callback = args[2];
    if (!command) return answer(callback, { code: "UNKNOWN_COMMAND", message: "Unknown command " + name });
    command(args[1], callback);
  }

  for (var i = 0; i < queued.length; i++) run(Array.prototype.slice.call(queued[i]));
  window.liveChat = function () { run(Array.prototype.slice.call(arguments)); };
})();
`;
}

/** What the stand-in decides about an `auth` token. */
export type AuthVerdict =
  | { readonly ok: true; readonly session: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * The Live Chat server side of the fake widget's WebSocket: answers `auth` with `verify(token)`'s
 * verdict and `logout` with success. Pass it as the vendor stand-in's `onWebSocket`; the stand-in
 * records every message either way.
 */
export function fakeLiveChatSocket(verify: (token: string) => AuthVerdict): WebSocketHandler {
  return (socket, { send }) => {
    socket.on("message", (data) => {
      let message: { id?: unknown; type?: unknown; token?: unknown };
      try {
        message = JSON.parse(Buffer.isBuffer(data) ? data.toString("utf8") : String(data)) as typeof message;
      } catch {
        return;
      }
      if (message.type === "auth") {
        const verdict = verify(typeof message.token === "string" ? message.token : "");
        send(
          JSON.stringify(
            verdict.ok
              ? { id: message.id, session: verdict.session, result: { session: verdict.session } }
              : { id: message.id, error: { code: verdict.code, message: verdict.message } },
          ),
        );
      } else if (message.type === "logout") {
        send(JSON.stringify({ id: message.id, session: "anonymous", result: {} }));
      } else {
        send(
          JSON.stringify({
            id: message.id,
            error: { code: "BAD_REQUEST", message: `unknown message type ${String(message.type)}` },
          }),
        );
      }
    });
  };
}

/** A JWT checked independently of the signer: node:crypto HMAC only. */
export interface CheckedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signatureValid: boolean;
}

/** Decodes `token` and checks its HS256 signature with `key` (node:crypto only, nothing from the signer). */
export function verifyHs256(token: string, key: Buffer): CheckedJwt {
  const [h = "", p = "", s = ""] = token.split(".");
  const expected = createHmac("sha256", key).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, "base64url");
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>,
    signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
  };
}

/** "Infobip" checks a personalization token as the real service would: signature with the widget's key, issuer, expiry. */
export function infobipTokenCheck(keyBytes: Buffer, widgetId: string): (token: string) => AuthVerdict {
  return (token) => {
    const jwt = verifyHs256(token, keyBytes);
    if (!jwt.signatureValid) return { ok: false, code: "INVALID_TOKEN", message: "signature does not verify" };
    if (jwt.claims["iss"] !== widgetId) return { ok: false, code: "INVALID_TOKEN", message: "wrong widget" };
    if (typeof jwt.claims["exp"] !== "number" || jwt.claims["exp"] * 1000 < Date.now())
      return { ok: false, code: "TOKEN_EXPIRED", message: "expired" };
    return { ok: true, session: `authenticated ${String(jwt.claims["sub"])}` };
  };
}
