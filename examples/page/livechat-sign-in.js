// The page's side of Live Chat sign-in: after Infobip's install snippet, ask your own backend for a
// token for the customer who is logged in (examples/backend/node/liveChatRoutes.ts serves both
// routes) and hand it to the widget. The page never names the customer: the backend knows it from
// the site's session. Serve this file from your own origin ('self' in script-src).

/** Signs the logged-in customer into Live Chat; resolves with the widget's result. */
async function signInToLiveChat() {
  const answer = await fetch("/livechat/token", { method: "POST", credentials: "same-origin" });
  if (!answer.ok) throw new Error(`Live Chat sign-in: the site answered ${answer.status}`);
  const { token } = await answer.json();
  return new Promise((resolve, reject) => {
    window.liveChat("auth", token, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** On logout: ends the Live Chat session on the server, then resets the widget in this page. */
async function signOutOfLiveChat() {
  await fetch("/livechat/logout", { method: "POST", credentials: "same-origin" });
  return new Promise((resolve, reject) => {
    window.liveChat("logout", null, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

window.signInToLiveChat = signInToLiveChat;
window.signOutOfLiveChat = signOutOfLiveChat;
