// Registers the survey's service worker (sw.js) and asks it to send any answers kept on this
// device: now, and whenever the connection comes back. On the page that says the answers
// are saved, the message changes once they are sent. Without service workers (or without
// JavaScript) nothing changes: the form posts as a plain form.
(function () {
  if (!('serviceWorker' in navigator)) return;
  var me = document.currentScript;
  // This page (a survey page is kept for a reload without a connection) and what the page
  // names beyond it.
  var keep = [location.pathname + location.search].concat(me && me.dataset.keep ? me.dataset.keep.split(' ') : []);
  var ask = function () {
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ type: 'suara-send', keep: keep });
    });
  };
  // After the page has loaded, so the worker's own downloads never compete with the page's
  // (what it keeps at install then comes from the browser's cache).
  var start = function () {
    navigator.serviceWorker.register('/sw.js').then(ask, function () {});
  };
  if (document.readyState === 'complete') start();
  else addEventListener('load', start);
  addEventListener('online', ask);
  navigator.serviceWorker.addEventListener('message', function (event) {
    var state = document.getElementById('offline-state');
    if (event.data && event.data.type === 'suara-sent' && state && state.dataset.sent) {
      state.textContent = state.dataset.sent;
      state.className = 'notice ok';
    }
  });
})();
