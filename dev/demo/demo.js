// The demo page's script (served as /demo.js, allowed by the CSP's 'self'): fetches a
// personalization token from the local signer and hands it to the Live Chat widget. Two forms:
// #sign-in (IAM mode: the page names the customer in POST /token's body) and #id-token-sign-in
// (OIDC identity mode: GET /token with the pasted ID token in a header; sign-out can also end
// the session at Infobip through DELETE /sessions/<sid>).
//
// It runs before the install snippet (not deferred), so it sees widget.js fail to load (blocked by
// the CSP, unreachable, a wrong region) and can say so at once instead of minting a token for a
// widget that will never answer.
"use strict";
(function () {
  var widget = { state: "loading", src: "" }; // "loading", "loaded" or "failed"
  var onWidgetFailure = null;

  function isWidgetScript(target) {
    return !!target && target.tagName === "SCRIPT" && /\/widget\.js(?:[?#]|$)/.test(String(target.src || ""));
  }
  // Load and error events do not bubble, but they pass through the document's capture phase.
  document.addEventListener(
    "error",
    function (event) {
      if (!isWidgetScript(event.target)) return;
      widget = { state: "failed", src: String(event.target.src) };
      if (onWidgetFailure) onWidgetFailure();
    },
    true,
  );
  document.addEventListener(
    "load",
    function (event) {
      if (isWidgetScript(event.target)) widget = { state: "loaded", src: String(event.target.src) };
    },
    true,
  );

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();

  function setUp() {
    var form = document.getElementById("sign-in");
    var idTokenForm = document.getElementById("id-token-sign-in");
    var signOutButton = document.getElementById("sign-out-button");
    var status = document.getElementById("status");
    var claims = document.getElementById("claims");
    var claimsCard = document.getElementById("claims-card");
    var answerWaitMs = 15000;

    function show(state, text) {
      status.setAttribute("data-state", state);
      status.textContent = text;
    }

    function describe(error) {
      if (typeof error === "string") return error;
      if (error && typeof error.message === "string")
        return (error.code !== undefined ? error.code + ": " : "") + error.message;
      try {
        return JSON.stringify(error);
      } catch (e) {
        return String(error);
      }
    }

    function widgetFailureText() {
      return (
        "Live Chat could not be loaded: " +
        widget.src +
        " did not load (blocked by the Content-Security-Policy, unreachable, or the wrong LIVECHAT_REGION), so nobody can sign in to the chat. Check the browser console, then reload the page."
      );
    }

    // Said as soon as it happens, and again on every sign-in attempt (which then asks for no token).
    onWidgetFailure = function () {
      show("error", widgetFailureText());
    };
    if (widget.state === "failed") onWidgetFailure();

    function liveChatReady() {
      if (widget.state === "failed") {
        show("error", widgetFailureText());
        return false;
      }
      if (typeof window.liveChat === "function") return true;
      show(
        "error",
        "Live Chat's install snippet did not run, so the chat cannot start (check the Content-Security-Policy in the browser console).",
      );
      return false;
    }

    function showClaims(tokenClaims) {
      claims.textContent = JSON.stringify(tokenClaims, null, 2);
      claimsCard.hidden = false;
    }

    // A new attempt hides the last token's claims: after a failure they would describe a token that is not in use.
    function clearClaims() {
      claims.textContent = "";
      claimsCard.hidden = true;
    }

    // The widget answers through the callback; if it never does (wrong widget ID, widget blocked),
    // say so instead of spinning forever.
    function callWidget(command, argument, onAnswer) {
      var answered = false;
      var timer = setTimeout(function () {
        if (!answered)
          show(
            "error",
            "No answer from Live Chat to '" +
              command +
              "' after " +
              answerWaitMs / 1000 +
              " s: check the widget ID, LIVECHAT_REGION and the browser console.",
          );
      }, answerWaitMs);
      window.liveChat(command, argument, function (error, result) {
        answered = true;
        clearTimeout(timer);
        onAnswer(error, result);
      });
    }

    function decodeClaims(token) {
      var part = String(token).split(".")[1] || "";
      var base64 = part.replace(/-/g, "+").replace(/_/g, "/");
      var bytes = Uint8Array.from(atob(base64 + "===".slice((base64.length + 3) % 4)), function (c) {
        return c.charCodeAt(0);
      });
      return JSON.parse(new TextDecoder().decode(bytes));
    }

    function readAnswer(response) {
      return response.json().then(
        function (body) {
          return { response: response, body: body };
        },
        function () {
          return { response: response, body: null };
        },
      );
    }

    // Why the signer said no, in its own sentences: each field's message, or the detail. Never the
    // problem's API wording ("see errors") or its type URN.
    function explain(answer) {
      var problem = answer.body;
      if (problem && Array.isArray(problem.errors) && problem.errors.length > 0) {
        return problem.errors
          .map(function (e) {
            return e.message;
          })
          .join(" ");
      }
      if (problem && typeof problem.detail === "string" && problem.detail !== "") return problem.detail;
      return "the signer answered HTTP " + answer.response.status + " without saying why.";
    }

    function refusal(answer) {
      return (answer.response.status >= 500 ? "Could not sign in: " : "The sign-in was refused: ") + explain(answer);
    }

    if (idTokenForm) setUpIdTokenSignIn(idTokenForm);
    if (!form) return;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!liveChatReady()) return;
      var stp = form.elements.stp.value;
      var sub = form.elements.sub.value.trim();
      var sid = form.elements.sid.value.trim();
      var request = { sub: sub, stp: stp };
      if (sid !== "") request.sid = sid;
      clearClaims();
      show("busy", "Requesting a token…");
      // The runner's backend shortcut: it asks the signer for the token, SigV4-signed, as a site's backend does.
      fetch("/demo/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      })
        .then(readAnswer)
        .then(function (answer) {
          if (!answer.response.ok || !answer.body || typeof answer.body.token !== "string") {
            show("error", refusal(answer));
            return;
          }
          var token = answer.body.token;
          showClaims(decodeClaims(token));
          show("busy", "Token issued; signing in to Live Chat…");
          callWidget("auth", token, function (error) {
            if (error) show("error", "Live Chat refused the sign-in: " + describe(error));
            else show("signed-in", "Signed in to Live Chat as " + sub + " (" + stp + ").");
          });
        })
        .catch(function (error) {
          show("error", "Could not reach the local signer: " + describe(error));
        });
    });

    signOutButton.addEventListener("click", function () {
      if (!liveChatReady()) return;
      show("busy", "Signing out…");
      callWidget("logout", null, function (error) {
        if (error) show("error", "Live Chat refused the sign-out: " + describe(error));
        else show("signed-out", "Signed out of Live Chat.");
      });
    });

    // OIDC identity mode: the signer takes the customer only from the verified ID token. GET, not
    // POST: behind CloudFront with OAC a GET has no body whose SHA-256 the browser would have to send.
    function setUpIdTokenSignIn(idForm) {
      var headerName = idForm.getAttribute("data-identity-header") || "x-livechat-identity";
      var endsSessions = idForm.getAttribute("data-ends-sessions") === "true";
      var signedIn = null; // { idToken, sid } of the session this page started

      function identityHeaders(idToken) {
        var headers = {};
        headers[headerName] = idToken;
        return headers;
      }

      idForm.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!liveChatReady()) return;
        var idToken = idForm.elements.idToken.value.trim();
        if (idToken === "") {
          show("error", "Paste an ID token first.");
          return;
        }
        clearClaims();
        show("busy", "Requesting a token with your ID token…");
        fetch("/token", { method: "GET", headers: identityHeaders(idToken), cache: "no-store" })
          .then(readAnswer)
          .then(function (answer) {
            if (!answer.response.ok || !answer.body || typeof answer.body.token !== "string") {
              show("error", refusal(answer));
              return;
            }
            var token = answer.body.token;
            var sid = typeof answer.body.sid === "string" ? answer.body.sid : null;
            var tokenClaims = decodeClaims(token);
            showClaims(tokenClaims);
            show("busy", "Token issued; signing in to Live Chat…");
            callWidget("auth", token, function (error) {
              if (error) {
                show("error", "Live Chat refused the sign-in: " + describe(error));
                return;
              }
              signedIn = { idToken: idToken, sid: sid };
              show(
                "signed-in",
                "Signed in to Live Chat as " +
                  tokenClaims.sub +
                  " (" +
                  tokenClaims.stp +
                  ")" +
                  (sid ? ", session " + sid : "") +
                  ".",
              );
            });
          })
          .catch(function (error) {
            show("error", "Could not reach the local signer: " + describe(error));
          });
      });

      signOutButton.addEventListener("click", function () {
        if (!liveChatReady()) return;
        show("busy", "Signing out…");
        callWidget("logout", null, function (error) {
          if (error) {
            show("error", "Live Chat refused the sign-out: " + describe(error));
            return;
          }
          var session = signedIn;
          signedIn = null;
          if (!endsSessions) {
            show("signed-out", "Signed out of Live Chat.");
            return;
          }
          if (!session) {
            show(
              "signed-out",
              "Signed out of Live Chat; this page signed no one in, so there is no session to end at Infobip.",
            );
            return;
          }
          if (!session.sid) {
            show(
              "signed-out",
              "Signed out of Live Chat; no session ID came with the ID token, so there is no session to end at Infobip.",
            );
            return;
          }
          show("busy", "Signed out of Live Chat; ending the session at Infobip…");
          fetch("/sessions/" + encodeURIComponent(session.sid), {
            method: "DELETE",
            headers: identityHeaders(session.idToken),
            cache: "no-store",
          })
            .then(readAnswer)
            .then(function (answer) {
              if (answer.response.status === 204)
                show("signed-out", "Signed out of Live Chat; session " + session.sid + " ended at Infobip.");
              else
                show("error", "Signed out of Live Chat, but the session at Infobip was not ended: " + explain(answer));
            })
            .catch(function (error) {
              show(
                "error",
                "Signed out of Live Chat, but could not reach the local signer to end the session: " + describe(error),
              );
            });
        });
      });
    }
  }
})();
