// Suara's service worker. Once a phone or a kiosk tablet has opened a survey, answers are
// never lost to the network:
// - the survey pages, the page that says "saved" and the assets are kept (network first,
//   the kept copy when the network fails), and a kept questionnaire gets a new submission id
//   each time it is shown, so two people never share one;
// - a survey posted while the server cannot be reached is kept in IndexedDB (Workbox's
//   background-sync queue) with the time it was answered, and the person is sent to the page
//   that says the answers are saved and will be sent;
// - the queue is sent by Background Sync where the browser has it, and otherwise when a page
//   asks (on every page view and on the `online` event, see offline.js). The server stores a
//   submission id once, so a retry after a lost answer never counts twice.
// Workbox comes from npm and is copied beside this file at build time (scripts/build-site.sh).
importScripts(
  '/wb/workbox-core.prod.js',
  '/wb/workbox-routing.prod.js',
  '/wb/workbox-strategies.prod.js',
  '/wb/workbox-background-sync.prod.js'
);

// This build's stylesheet, scripts and wasm by their content-hashed names, and the build's
// name: both written in by scripts/build-site.sh from the site's asset manifest. A file
// never changes under its name, so it is kept and served from here without asking.
const ASSETS = ['/style.css', '/offline.js', '/pkg/suara.js', '/pkg/suara_bg.wasm']; // @assets
const BUILD = 'plain'; // @build
// The pages and files of one build are kept together; a new build starts its own.
const KEPT = `suara-kept-${BUILD}`;
const { registerRoute } = workbox.routing;
const { NetworkFirst, CacheFirst } = workbox.strategies;
const { Queue } = workbox.backgroundSync;

// Kept at install: what a submission made offline leads to, and what every page needs.
const AT_INSTALL = ['/tersimpan'].concat(ASSETS);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(KEPT)
      .then((cache) => Promise.all(AT_INSTALL.map((u) => cache.add(u).catch(() => undefined))))
      .then(() => self.skipWaiting())
  );
});

// The page that registered the worker is taken over at once, so a survey answered on the
// very first visit is already protected when it is sent.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('suara-') && n !== KEPT).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

const isSurveyPath = (url) =>
  url.origin === self.location.origin &&
  (url.pathname.startsWith('/s/') || url.pathname === '/kios' || url.pathname === '/tersimpan');

// A kept questionnaire shown again gets a fresh submission id (in the hidden field and in the
// island's props alike): the id is what makes a response count once.
const freshId = {
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse || !(cachedResponse.headers.get('content-type') || '').includes('text/html')) {
      return cachedResponse;
    }
    const html = await cachedResponse.text();
    const old = /name="submission_id" value="([0-9a-f-]{36})"/.exec(html);
    const body = old ? html.split(old[1]).join(self.crypto.randomUUID()) : html;
    return new Response(body, { status: 200, headers: cachedResponse.headers });
  },
};

registerRoute(
  ({ request, url }) => request.mode === 'navigate' && isSurveyPath(url),
  new NetworkFirst({ cacheName: KEPT, networkTimeoutSeconds: 8, plugins: [freshId] })
);
registerRoute(
  ({ url }) => url.origin === self.location.origin && ASSETS.includes(url.pathname),
  new CacheFirst({ cacheName: KEPT })
);

// Sends what is queued, oldest first. A network failure, a rate limit or a server error puts
// the submission back and stops (the browser's next sync, the next page view or the next
// `online` event tries again); any other answer means the server has decided, and a repeat
// would not change it.
async function drain(queue) {
  let sent = 0;
  for (let entry = await queue.shiftRequest(); entry; entry = await queue.shiftRequest()) {
    let response;
    try {
      response = await fetch(entry.request.clone(), { redirect: 'manual' });
    } catch (error) {
      await queue.unshiftRequest(entry);
      throw error;
    }
    if (response.status === 429 || response.status >= 500) {
      await queue.unshiftRequest(entry);
      throw new Error(`the server answered ${response.status}; kept for later`);
    }
    sent += 1;
  }
  if (sent > 0) {
    const pages = await self.clients.matchAll({ type: 'window' });
    pages.forEach((page) => page.postMessage({ type: 'suara-sent', count: sent }));
  }
}

let sending = null;
const send = ({ queue }) => {
  sending = sending || drain(queue).finally(() => (sending = null));
  return sending;
};
const queue = new Queue('suara-survey', { maxRetentionTime: 7 * 24 * 60, onSync: send });

// A survey posted by the form (a page navigation) or by a script. Reachable: passed through
// as it is. Not reachable: queued with the time it was answered, and the person is shown
// that it is saved.
registerRoute(
  ({ url }) => isSurveyPath(url),
  async ({ request }) => {
    const copy = request.clone();
    try {
      return await fetch(request);
    } catch (error) {
      const form = new URLSearchParams(await copy.text());
      if (!form.get('answered_at')) form.set('answered_at', new Date().toISOString());
      await queue.pushRequest({
        request: new Request(request.url, {
          method: 'POST',
          body: form.toString(),
          credentials: 'same-origin',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      });
      const kiosk = new URL(request.url).pathname === '/kios';
      return Response.redirect(kiosk ? '/kios?tersimpan=1' : '/tersimpan', 303);
    }
  },
  'POST'
);

// From offline.js: send the queue now, and keep the pages this device will need offline
// (a kiosk keeps its own "saved" screen; a page is fetched only when it is not kept yet).
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'suara-send') return;
  const keep = (data.keep || []).filter((u) => isSurveyPath(new URL(u, self.location.origin)));
  event.waitUntil(
    caches
      .open(KEPT)
      .then((cache) => Promise.all(keep.map((u) => cache.match(u).then((hit) => hit || cache.add(u)).catch(() => undefined))))
      .then(() => send({ queue }))
      .catch(() => undefined)
  );
});
