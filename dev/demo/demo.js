// The demo page's script (served as /demo.js, allowed by the CSP's 'self'): fetches a
// personalization token from the local signer and hands it to the Live Chat widget. Two forms:
// #sign-in (IAM mode: the page names the customer in POST /token's body) and #id-token-sign-in
// (OIDC identity mode: GET /token with the pasted ID token in a header; sign-out can also end
// the session at Infobip through DELETE /sessions/<sid>).
"use strict";
(function () {
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
    if (error && typeof error.message === "string") return (error.code !== undefined ? error.code + ": " : "") + error.message;
    try {
      return JSON.stringify(error);
    } catch (e) {
      return String(error);
    }
  }

  function liveChatReady() {
    if (typeof window.liveChat === "function") return true;
    show("error", "window.liveChat is missing: the install snippet did not run (check the CSP and the browser console).");
    return false;
  }

  // The widget answers through the callback; if it never does (wrong widget ID, widget blocked),
  // say so instead of spinning forever.
  function callWidget(command, argument, onAnswer) {
    var answered = false;
    var timer = setTimeout(function () {
      if (!answered) show("error", "No answer from Live Chat to '" + command + "' after " + answerWaitMs / 1000 + " s: check the widget ID, LIVECHAT_REGION and the browser console.");
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

  function problemText(status, problem) {
    if (!problem) return "/token answered " + status + ".";
    var text = "/token answered " + status + ": " + (problem.detail || problem.title || "");
    if (Array.isArray(problem.errors)) {
      text += " " + problem.errors.map(function (e) { return e.field + ": " + e.message; }).join("; ");
    }
    return text;
  }

  function readAnswer(response) {
    return response.json().then(
      function (body) { return { response: response, body: body }; },
      function () { return { response: response, body: null }; }
    );
  }

  // e.g. "GET /token answered 401 (ID token missing or invalid): The ID token has expired (…)."
  function problemLine(request, answer) {
    var problem = answer.body;
    var text = request + " answered " + answer.response.status;
    if (!problem || typeof problem !== "object") return text + ".";
    if (problem.title) text += " (" + problem.title + ")";
    if (problem.detail) text += ": " + problem.detail;
    if (Array.isArray(problem.errors)) {
      text += " " + problem.errors.map(function (e) { return e.field + ": " + e.message; }).join("; ");
    }
    return text;
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
    show("busy", "Requesting a token…");
    // The runner's backend shortcut: it asks the signer for the token, SigV4-signed, as a site's backend does.
    fetch("/demo/token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) })
      .then(function (response) {
        return response.json().then(
          function (body) { return { response: response, body: body }; },
          function () { return { response: response, body: null }; }
        );
      })
      .then(function (answer) {
        if (!answer.response.ok || !answer.body || typeof answer.body.token !== "string") {
          show("error", problemText(answer.response.status, answer.body));
          return;
        }
        var token = answer.body.token;
        claims.textContent = JSON.stringify(decodeClaims(token), null, 2);
        claimsCard.hidden = false;
        show("busy", "Token issued; signing in to Live Chat…");
        callWidget("auth", token, function (error) {
          if (error) show("error", "Live Chat refused the sign-in: " + describe(error));
          else show("signed-in", "Signed in to Live Chat as " + sub + " (" + stp + ").");
        });
      })
      .catch(function (error) {
        show("error", "Could not reach /token: " + describe(error));
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
      show("busy", "Requesting a token with your ID token…");
      fetch("/token", { method: "GET", headers: identityHeaders(idToken), cache: "no-store" })
        .then(readAnswer)
        .then(function (answer) {
          if (!answer.response.ok || !answer.body || typeof answer.body.token !== "string") {
            show("error", problemLine("GET /token", answer));
            return;
          }
          var token = answer.body.token;
          var sid = typeof answer.body.sid === "string" ? answer.body.sid : null;
          var tokenClaims = decodeClaims(token);
          claims.textContent = JSON.stringify(tokenClaims, null, 2);
          claimsCard.hidden = false;
          show("busy", "Token issued; signing in to Live Chat…");
          callWidget("auth", token, function (error) {
            if (error) {
              show("error", "Live Chat refused the sign-in: " + describe(error));
              return;
            }
            signedIn = { idToken: idToken, sid: sid };
            show("signed-in", "Signed in to Live Chat as " + tokenClaims.sub + " (" + tokenClaims.stp + ")" + (sid ? ", session " + sid : "") + ".");
          });
        })
        .catch(function (error) {
          show("error", "Could not reach /token: " + describe(error));
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
          show("signed-out", "Signed out of Live Chat; this page signed no one in, so there is no session to end at Infobip.");
          return;
        }
        if (!session.sid) {
          show("signed-out", "Signed out of Live Chat; no session ID came with the ID token, so there is no session to end at Infobip.");
          return;
        }
        var request = "DELETE /sessions/" + session.sid;
        show("busy", "Signed out of Live Chat; ending the session at Infobip…");
        fetch("/sessions/" + encodeURIComponent(session.sid), { method: "DELETE", headers: identityHeaders(session.idToken), cache: "no-store" })
          .then(readAnswer)
          .then(function (answer) {
            if (answer.response.status === 204) show("signed-out", "Signed out of Live Chat; session " + session.sid + " ended at Infobip.");
            else show("error", "Signed out of Live Chat, but the session was not ended: " + problemLine(request, answer));
          })
          .catch(function (error) {
            show("error", "Signed out of Live Chat, but could not reach /sessions: " + describe(error));
          });
      });
    });
  }
})();
