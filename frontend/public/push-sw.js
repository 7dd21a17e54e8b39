/* Push handlers, imported into the generated Workbox service worker.
 *
 * The handlers are plain functions on the worker's global scope so a browser test can call
 * them with a payload (a synthetic PushEvent cannot be extended with waitUntil). Words here
 * are not in src/messages.ts: the service worker is not part of the app bundle. */

const SNOOZE_MINUTES = 30;

self.hepShowPush = (data) => {
  const title = data.title || "HEP Tracker";
  // The server says which kinds a patient may put off (reminders.models.SNOOZABLE_KINDS).
  const snoozable = data.notification_id && data.snoozable;
  return self.registration.showNotification(title, {
    body: data.body || "Time for your exercises.",
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png",
    // The same slot's notification replaces, not stacks (a redelivery after a lost worker).
    tag: data.tag || undefined,
    data: { url: data.url || "/today", notification_id: data.notification_id || null },
    actions: snoozable ? [{ action: "snooze", title: `Snooze ${SNOOZE_MINUTES} min` }] : [],
  });
};

// The sign-in token the app keeps in IndexedDB (src/lib/db.ts: database "hep-tracker",
// store "kv", key "auth").
function storedToken() {
  return new Promise((resolve) => {
    const open = indexedDB.open("hep-tracker");
    open.onerror = () => resolve(null);
    open.onupgradeneeded = () => { open.transaction.abort(); resolve(null); }; // never signed in
    open.onsuccess = () => {
      const db = open.result;
      try {
        const get = db.transaction("kv").objectStore("kv").get("auth");
        get.onsuccess = () => { resolve(get.result ? get.result.token : null); db.close(); };
        get.onerror = () => { resolve(null); db.close(); };
      } catch (e) {
        resolve(null);
        db.close();
      }
    };
  });
}

async function snooze(notificationId) {
  const token = await storedToken();
  if (!token || !notificationId) return false;
  const response = await fetch(`/api/v1/notifications/${notificationId}/snooze`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Token ${token}` },
    body: JSON.stringify({ minutes: SNOOZE_MINUTES }),
    credentials: "omit",
  });
  return response.ok;
}

self.hepNotificationClick = async (notification, action) => {
  notification.close();
  const data = notification.data || {};
  if (action === "snooze") {
    try {
      if (await snooze(data.notification_id)) return;
    } catch (e) {
      // offline: open the app instead, where the reminder can be done or dismissed
    }
  }
  const url = data.url || "/today";
  const wins = await self.clients.matchAll({ type: "window" });
  for (const w of wins) {
    if ("focus" in w) { await w.navigate(url); return w.focus(); }
  }
  return self.clients.openWindow(url);
};

self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data && event.data.text() }; }
  event.waitUntil(self.hepShowPush(data));
});
self.addEventListener("notificationclick", (event) => {
  event.waitUntil(self.hepNotificationClick(event.notification, event.action));
});
