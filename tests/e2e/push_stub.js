// Headless Chromium cannot subscribe to a real push service: a stand-in PushManager.
(() => {
  if (!("PushManager" in self)) return;
  const sub = {
    endpoint: "https://push.example.test/e2e",
    toJSON() {
      return {
        endpoint: this.endpoint,
        keys: {
          p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
          auth: "tBHItJI5svbpez7KI4CCXg",
        },
      };
    },
    unsubscribe: async () => true,
  };
  PushManager.prototype.subscribe = async function () { return sub; };
  PushManager.prototype.getSubscription = async function () { return null; };
  if (self.Notification) Notification.requestPermission = async () => "granted";
})();
