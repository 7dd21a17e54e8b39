import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { VitePWA } from "vite-plugin-pwa";

// Built into dist/; Django (backend/web + WhiteNoise) serves it from the API's origin.
export default defineConfig({
  base: "/",
  plugins: [
    preact(),
    VitePWA({
      strategies: "generateSW",
      registerType: "autoUpdate",
      injectRegister: false, // src/lib/sw.ts registers it (no workbox-window in the bundle)
      includeAssets: ["icon.svg", "push-sw.js"],
      manifest: {
        name: "HEP Tracker",
        short_name: "HEP",
        description: "Your home exercises, headache log and progress.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#0b5cad",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-512-maskable.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//, /^\/admin/, /^\/static\//, /^\/healthz/, /^\/readyz/],
        importScripts: ["/push-sw.js"],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Today's plan: fresh when online, the last copy when offline.
            urlPattern: ({ url }) => url.pathname === "/api/v1/me/today",
            handler: "NetworkFirst",
            method: "GET",
            options: {
              cacheName: "hep-today",
              networkTimeoutSeconds: 5,
              expiration: { maxEntries: 8, maxAgeSeconds: 7 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            // Signed-in identity and assignments, so the shell renders offline too; the weeks
            // give the weekly check-in its context (what was planned) offline.
            urlPattern: ({ url }) => ["/api/v1/me", "/api/v1/me/assignments", "/api/v1/me/adherence",
              "/api/v1/me/weekly-checkins"].includes(url.pathname),
            handler: "NetworkFirst",
            method: "GET",
            options: { cacheName: "hep-me", networkTimeoutSeconds: 5, cacheableResponse: { statuses: [200] } },
          },
        ],
      },
    }),
  ],
  build: { target: "es2020", sourcemap: false },
});
