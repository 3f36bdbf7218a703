// Relabel annotator page: keyboard-first labelling of one image at a time.
// Step 1: tick every object present (digit/letter keys). Step 2 (only when several are ticked):
// choose the main object. Enter advances and submits, S skips, Z undoes, N = none of these,
// U = image unclear, I = instructions. The next image is leased and preloaded while the current
// one is labelled, so it shows at once after a submit. Answers go through an outbox kept in
// localStorage (per campaign and user): each is stored there with its idempotency key before it is
// sent, and leaves only when the server has it (2xx) or refused it for good (4xx, which the page
// says). Network errors and 5xx are retried forever with backoff, also after a reload or a browser
// restart; a retry is never stored twice, because the idempotency key travels with the answer.
(function () {
  'use strict';

  var root = document.getElementById('annotate');
  if (!root || root.dataset.open !== 'true') {
    wireHelp();
    return;
  }
  var api = '/api/campaigns/' + encodeURIComponent(root.dataset.campaign);
  // one key per candidate; i, n, s, u and z are commands
  var KEYS = '1234567890abcdefghjklmopqrtvwxy'.split('');
  var PREFETCH = 2; // current + next
  var PROGRESS_EVERY = 15000; // after submissions the server's figures are read at most this often (ms)

  var el = {
    image: root.querySelector('.js-image'),
    loading: root.querySelector('.js-loading'),
    list: root.querySelector('.js-candidates'),
    step: root.querySelector('.js-step'),
    question: root.querySelector('.js-question'),
    hint: root.querySelector('.js-hint'),
    none: root.querySelector('.js-none'),
    unclear: root.querySelector('.js-unclear'),
    submit: root.querySelector('.js-submit'),
    skip: root.querySelector('.js-skip'),
    undo: root.querySelector('.js-undo'),
    message: root.querySelector('.js-message'),
    workspace: root.querySelector('.js-workspace'),
    finished: root.querySelector('.js-finished'),
    doneToday: root.querySelector('.js-done-today'),
    remaining: root.querySelector('.js-remaining'),
    completion: root.querySelector('.js-completion'),
    code: root.querySelector('.js-code')
  };

  var queue = [];          // leased assignments, the current one first
  var preloaded = {};      // url -> Image, kept so the browser keeps them decoded
  var current = null;
  var state = null;        // {step, selected: [keys], main, none, unclear, shownAt}
  var exhausted = false;   // the server said no image needs us
  var filling = null;      // the running fill() promise
  var retryFill = false;   // leasing failed for want of a connection: try again
  var busy = false;        // an undo or skip is being processed
  var progressAt = 0;      // when the server's progress figures were last asked for
  var progressTimer = null; // a pending refreshProgressSoon()

  function since() {
    var d = new Date();
    d.setHours(0, 0, 0, 0);
    var off = -d.getTimezoneOffset();
    var sign = off >= 0 ? '+' : '-';
    var abs = Math.abs(off);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + 'T00:00:00' +
      sign + two(Math.floor(abs / 60)) + ':' + two(abs % 60);
  }

  function uuid() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function call(method, path, body) {
    var opts = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(api + path, opts).then(function (r) {
      if (r.status === 401 || r.redirected && /\/login/.test(r.url)) {
        location.href = '/login';
        throw new Error('signed out');
      }
      if (r.status === 204) return { status: 204, body: null };
      return r.json().then(function (b) { return { status: r.status, body: b }; },
        function () { return { status: r.status, body: null }; });
    });
  }

  function say(text, kind) {
    el.message.textContent = text || '';
    el.message.className = 'message js-message' + (kind ? ' ' + kind : '');
  }

  function problemText(p) {
    if (!p) return 'Something went wrong.';
    return p.detail || p.title || 'Something went wrong.';
  }

  function preload(a) {
    if (a.image && a.image.url && !preloaded[a.image.url]) {
      var img = new Image();
      img.decoding = 'async';
      img.src = a.image.url;
      preloaded[a.image.url] = img;
    }
  }

  /** Leases images until PREFETCH are held (or none is left). */
  function fill() {
    if (filling) return filling;
    filling = (function more() {
      if (exhausted || queue.length >= PREFETCH) return Promise.resolve();
      return call('POST', '/assignments').then(function (res) {
        if (res.status === 201) {
          queue.push(res.body);
          preload(res.body);
          if (!current) show();
          return more();
        }
        if (res.status === 204) {
          exhausted = true;
          if (!current) finish();
          return;
        }
        if (res.status === 409 && res.body && res.body.type === 'urn:relabel:too-many-leases') return;
        if (res.status === 503) return new Promise(function (ok) { setTimeout(ok, 500); }).then(more);
        say(problemText(res.body), 'alert');
      });
    })().catch(function () {
      say('Network problem: retrying…', 'alert');
      return new Promise(function (ok) { setTimeout(ok, 2000); }).then(function () { retryFill = true; });
    }).then(function () {
      filling = null;
      if (retryFill) { retryFill = false; fill(); }
    });
    return filling;
  }

  function finish() {
    current = null;
    el.workspace.hidden = true;
    el.finished.hidden = false;
    refreshProgress();
  }

  /** Shows the first assignment of the queue, with a previous answer after an undo. */
  function show() {
    current = queue[0] || null;
    if (!current) {
      if (exhausted) finish(); else { el.image.hidden = true; el.loading.hidden = false; }
      return;
    }
    el.workspace.hidden = false;
    el.finished.hidden = true;
    var prev = current.previous;
    state = {
      step: 1,
      selected: prev ? prev.selected.slice() : [],
      main: prev ? prev.main : null,
      none: prev ? prev.noneApply : false,
      unclear: prev ? prev.unclear : false,
      shownAt: performance.now()
    };
    el.loading.hidden = true;
    el.image.hidden = false;
    el.image.classList.remove('pixelated');
    el.image.src = current.image.url;
    el.image.alt = 'Image ' + current.id + ' to label';
    if (el.image.complete) sharpen(); else el.image.onload = sharpen;
    buildList();
    render();
    say(prev ? 'Your previous answer is back: change it and submit again.' : '');
  }

  function sharpen() {
    // small images are enlarged without blurring
    var shown = el.image.getBoundingClientRect().width;
    el.image.classList.toggle('pixelated', el.image.naturalWidth > 0 && el.image.naturalWidth * 1.5 < shown);
    if (state) state.shownAt = performance.now();
  }

  function buildList() {
    el.list.textContent = '';
    current.candidates.forEach(function (c, i) {
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'candidate';
      b.dataset.key = c.key;
      b.setAttribute('aria-pressed', 'false');
      if (KEYS[i]) b.setAttribute('aria-keyshortcuts', KEYS[i].toUpperCase());
      var k = document.createElement('kbd');
      k.textContent = KEYS[i] ? KEYS[i].toUpperCase() : '';
      var text = document.createElement('span');
      text.className = 'text';
      var name = document.createElement('span');
      name.className = 'name';
      name.textContent = c.name;
      text.appendChild(name);
      if (c.description) {
        var d = document.createElement('span');
        d.className = 'desc';
        d.textContent = c.description;
        text.appendChild(d);
      }
      var badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = 'main';
      b.appendChild(k);
      b.appendChild(text);
      b.appendChild(badge);
      b.addEventListener('click', function () { pick(i); });
      li.appendChild(b);
      el.list.appendChild(li);
    });
  }

  function render() {
    if (!current) return;
    var two = state.step === 2;
    Array.prototype.forEach.call(el.list.querySelectorAll('.candidate'), function (b) {
      var on = state.selected.indexOf(b.dataset.key) >= 0;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.classList.toggle('main', two && state.main === b.dataset.key);
      b.disabled = two && !on;
    });
    el.list.classList.toggle('choosing', two);
    el.none.setAttribute('aria-pressed', state.none ? 'true' : 'false');
    el.unclear.setAttribute('aria-pressed', state.unclear ? 'true' : 'false');
    el.none.disabled = two;
    el.unclear.disabled = two;
    el.step.textContent = two ? 'Step 2 of 2' : 'Step 1 of 2';
    el.question.textContent = two ? 'Which is the main object?' : 'Which of these objects are in the image?';
    el.hint.innerHTML = '';
    el.hint.appendChild(document.createTextNode(two
      ? 'Press the key of the main object, then '
      : 'Tick every object you can see, then press '));
    var kbd = document.createElement('kbd');
    kbd.textContent = 'Enter';
    el.hint.appendChild(kbd);
    el.hint.appendChild(document.createTextNode(two ? ' to submit (Esc: back).' : '.'));
    el.submit.firstChild.textContent = (two || !needsStep2()) ? 'Submit ' : 'Next ';
  }

  function needsStep2() {
    return state.selected.length > 1;
  }

  function pick(i) {
    if (!current || busy) return;
    var c = current.candidates[i];
    if (!c) return;
    if (state.step === 1) {
      var at = state.selected.indexOf(c.key);
      if (at >= 0) state.selected.splice(at, 1); else state.selected.push(c.key);
      if (state.selected.length) state.none = false;
      if (state.main && state.selected.indexOf(state.main) < 0) state.main = null;
    } else if (state.selected.indexOf(c.key) >= 0) {
      state.main = c.key;
    }
    say('');
    render();
  }

  function toggleNone() {
    if (!current || state.step !== 1) return;
    state.none = !state.none;
    if (state.none) { state.selected = []; state.main = null; }
    render();
  }

  function toggleUnclear() {
    if (!current || state.step !== 1) return;
    state.unclear = !state.unclear;
    render();
  }

  function advance() {
    if (!current || busy) return;
    if (state.step === 1) {
      if (!state.selected.length && !state.none && !state.unclear) {
        say('Tick at least one object, or press N (none of these) or U (image unclear).', 'alert');
        return;
      }
      if (needsStep2()) {
        state.step = 2;
        if (state.main && state.selected.indexOf(state.main) < 0) state.main = null;
        say('');
        render();
        return;
      }
    } else if (!state.main) {
      say('Press the key of the main object first.', 'alert');
      return;
    }
    submit();
  }

  function submit() {
    var a = current;
    var body = {
      assignment: a.id,
      selected: state.selected.slice(),
      main: state.selected.length === 1 ? state.selected[0] : state.main,
      noneApply: state.none,
      unclear: state.unclear,
      millis: Math.max(0, Math.round(performance.now() - state.shownAt)),
      idempotencyKey: uuid()
    };
    keep(body); // in the outbox before anything else: a crash or a closed tab cannot lose it now
    queue.shift();
    show();
    // the submission brings the next image with it (?next=true); lease separately only when nothing is left to show
    if (!queue.length) fill();
    flush();
  }

  /** Takes an assignment the server leased with a submission into the queue (once), and shows it if nothing is shown. */
  function take(a) {
    if (!a || (current && current.id === a.id) || queue.some(function (q) { return q.id === a.id; })) return;
    queue.push(a);
    preload(a);
    if (!current) show();
  }

  // ------------------------------------------------------------------ outbox

  var OUTBOX = 'relabel.outbox.' + root.dataset.campaign + '.' + whoAmI();
  var memory = null;        // the outbox when localStorage cannot be used (then it lasts as long as the page)
  var sending = false;      // a submission is on the wire
  var retryTimer = null;
  var retryAt = 0;
  var failures = 0;         // consecutive failed attempts (drives the backoff)
  var idle = [];            // callbacks waiting for an empty outbox (undo)
  var wasWaiting = false;
  var status = document.createElement('p');
  status.className = 'message outbox js-outbox';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  status.hidden = true;
  el.workspace.parentNode.insertBefore(status, el.workspace); // visible on the "finished" view too

  function whoAmI() {
    var who = document.querySelector('a.who');
    return who ? who.textContent.trim() : '';
  }

  function stored() {
    if (memory) return memory.slice();
    try {
      var v = window.localStorage.getItem(OUTBOX);
      return v ? JSON.parse(v) : [];
    } catch (e) {
      memory = [];
      return [];
    }
  }

  function store(list) {
    if (!memory) {
      try {
        if (list.length) window.localStorage.setItem(OUTBOX, JSON.stringify(list));
        else window.localStorage.removeItem(OUTBOX);
        return;
      } catch (e) {
        memory = []; // storage full or forbidden: keep answers in the page (and warn before leaving it)
      }
    }
    memory = list.slice();
  }

  function keep(body) {
    answered[body.assignment] = true;
    var list = stored();
    list.push({ body: body, at: Date.now() });
    store(list);
  }

  function drop(key) {
    store(stored().filter(function (e) { return e.body.idempotencyKey !== key; }));
  }

  // assignments answered from this page or waiting in the outbox: never shown again, even if a lease
  // listing raced with the answer's arrival at the server
  var answered = {};
  stored().forEach(function (e) { answered[e.body.assignment] = true; });

  /** Sends the oldest waiting answer, then the next, until the outbox is empty or a retry is due. */
  function flush() {
    if (sending) return;
    var list = stored();
    if (!list.length) {
      failures = 0;
      showOutbox();
      var done = idle;
      idle = [];
      done.forEach(function (f) { f(true); });
      return;
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    sending = true;
    showOutbox();
    var entry = list[0];
    var key = entry.body.idempotencyKey;
    // ask for the next image with the answer when the queue wants one and no lease request is on its way
    var next = !exhausted && !filling && queue.length < PREFETCH;
    call('POST', '/judgments' + (next ? '?next=true' : ''), entry.body).then(function (res) {
      sending = false;
      if (res.status === 201 || res.status === 200) {
        drop(key);
        failures = 0;
        if (next && res.body) take(res.body.next);
        if (res.status === 201) bump(el.doneToday, 1); // at once; the server's figures follow
        if (!stored().length) refreshProgressSoon();
        if (!exhausted && queue.length < PREFETCH) fill(); // its lease no longer counts against the limit
        flush();
      } else if (res.status >= 500 || res.status === 408 || res.status === 429) {
        later(); // the server or the database is having trouble: nothing was stored, try again
      } else {
        // refused for good (the lease was given to others, the campaign closed...): say so, never drop it silently
        drop(key);
        say('One of your answers was not stored: ' + problemText(res.body), 'alert');
        flush();
      }
    }, function () {
      sending = false;
      later(); // no connection
    });
  }

  function later() {
    failures++;
    if (!exhausted && queue.length < PREFETCH) fill(); // keep the annotator working while answers wait
    var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(failures - 1, 5))) * (0.75 + Math.random() / 2);
    retryAt = Date.now() + delay;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, delay);
    showOutbox();
    var stuck = idle;
    idle = [];
    stuck.forEach(function (f) { f(false); });
  }

  function showOutbox() {
    var n = stored().length;
    var answers = n === 1 ? '1 answer' : n + ' answers';
    if (!n) {
      status.className = 'message outbox js-outbox ok';
      status.textContent = wasWaiting ? 'All your answers are saved.' : '';
      status.hidden = !wasWaiting;
      wasWaiting = false;
      return;
    }
    wasWaiting = true;
    status.hidden = false;
    if (retryTimer) {
      var secs = Math.max(1, Math.round((retryAt - Date.now()) / 1000));
      status.className = 'message outbox js-outbox alert';
      status.textContent = answers + ' not sent yet: the server cannot be reached. Retrying in ' + secs + ' s. '
        + (memory ? 'Keep this page open until they are sent.' : 'They are kept in this browser, even if you close the page.');
    } else {
      status.className = 'message outbox js-outbox';
      status.textContent = 'Saving ' + answers + '…';
    }
  }

  /** Calls back with true once every waiting answer is sent, or false when they cannot be sent now. */
  function whenSent(callback) {
    if (!stored().length && !sending) { callback(true); return; }
    if (retryTimer) { callback(false); return; }
    idle.push(callback);
    flush();
  }

  setInterval(function () { if (retryTimer) showOutbox(); }, 1000); // the countdown
  window.addEventListener('online', function () { if (retryTimer) flush(); });
  window.addEventListener('beforeunload', function (ev) {
    if (memory && memory.length) { ev.preventDefault(); ev.returnValue = ''; } // only when they would be lost
  });

  function bump(node, delta) {
    var n = parseInt(node.textContent, 10);
    if (!isNaN(n)) node.textContent = String(Math.max(0, n + delta));
  }

  /** Reads the server's figures now, or once PROGRESS_EVERY has passed since the last read (one timer at most). */
  function refreshProgressSoon() {
    if (progressTimer) return;
    var wait = progressAt + PROGRESS_EVERY - Date.now();
    if (wait <= 0) refreshProgress();
    else progressTimer = setTimeout(function () { progressTimer = null; refreshProgress(); }, wait);
  }

  function refreshProgress() {
    progressAt = Date.now();
    return call('GET', '/progress?since=' + encodeURIComponent(since())).then(function (res) {
      if (res.status !== 200) return;
      el.doneToday.textContent = res.body.doneToday;
      el.remaining.textContent = res.body.remaining;
      if (res.body.completionCode) {
        el.code.textContent = res.body.completionCode;
        el.completion.hidden = false;
      }
    }).catch(function () { /* figures stay as they are */ });
  }

  function skip() {
    if (!current || busy) return;
    var a = current;
    queue.shift();
    show();
    call('POST', '/assignments/' + a.id + '/skip').then(function (res) {
      if (res.status !== 204) say(problemText(res.body), 'alert');
    }).catch(function () { say('Network problem: the skip was not recorded.', 'alert'); })
      .then(function () { fill(); });
  }

  function undo() {
    if (busy) return;
    busy = true;
    say('Undoing your last answer…');
    new Promise(whenSent).then(function (sent) {
      if (!sent) throw new Error('unsent');
      return call('POST', '/judgments/undo');
    }).then(function (res) {
      if (res.status === 200) {
        queue = queue.filter(function (q) { return q.id !== res.body.id; });
        queue.unshift(res.body);
        preload(res.body);
        exhausted = false;
        bump(el.doneToday, -1);
        busy = false;
        show();
        refreshProgress();
        return;
      }
      busy = false;
      say(problemText(res.body), 'alert');
    }).catch(function (e) {
      busy = false;
      say(e && e.message === 'unsent' ? 'Undo works once your answers are sent.' : 'Network problem: nothing was undone.', 'alert');
    });
  }

  function onKey(ev) {
    var dialog = document.getElementById('instructions');
    if (dialog && dialog.open) {
      if (ev.key === 'i' || ev.key === 'I') { dialog.close(); ev.preventDefault(); }
      return;
    }
    if (ev.target && /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
    if ((ev.ctrlKey || ev.metaKey) && (ev.key === 'z' || ev.key === 'Z')) { undo(); ev.preventDefault(); return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    if (key === 'Enter') {
      // a focused button would also "click" on Enter: keep one meaning
      ev.preventDefault();
      advance();
    } else if (key === 'Escape') {
      if (state && state.step === 2) { state.step = 1; say(''); render(); ev.preventDefault(); }
    } else if (key === 's') {
      skip(); ev.preventDefault();
    } else if (key === 'z') {
      undo(); ev.preventDefault();
    } else if (key === 'n') {
      toggleNone(); ev.preventDefault();
    } else if (key === 'u') {
      toggleUnclear(); ev.preventDefault();
    } else if (key === 'i' || key === '?') {
      openHelp(); ev.preventDefault();
    } else {
      var i = KEYS.indexOf(key);
      if (i >= 0) { pick(i); ev.preventDefault(); }
    }
  }

  function openHelp() {
    var dialog = document.getElementById('instructions');
    if (dialog && !dialog.open) dialog.showModal();
  }

  function wireHelp() {
    var help = document.querySelector('.js-help');
    if (help) help.addEventListener('click', function () {
      var dialog = document.getElementById('instructions');
      if (dialog && !dialog.open) dialog.showModal();
    });
    document.addEventListener('keydown', function (ev) {
      if ((ev.key === 'i' || ev.key === 'I') && !ev.ctrlKey && !ev.metaKey && !ev.altKey
          && !(ev.target && /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName))) {
        var dialog = document.getElementById('instructions');
        if (dialog) { if (dialog.open) dialog.close(); else dialog.showModal(); }
      }
    });
  }

  el.none.addEventListener('click', toggleNone);
  el.unclear.addEventListener('click', toggleUnclear);
  el.submit.addEventListener('click', function (ev) { ev.preventDefault(); advance(); });
  el.skip.addEventListener('click', skip);
  el.undo.addEventListener('click', undo);
  var help = document.querySelector('.js-help');
  if (help) help.addEventListener('click', openHelp);
  document.addEventListener('keydown', onKey);

  // resume leases held from before a reload, then lease the rest
  flush(); // answers left from before a reload, a crash or a lost connection
  call('GET', '/assignments').then(function (res) {
    if (res.status === 200) {
      // leases whose answer waits in the outbox are answered already
      queue = res.body.filter(function (a) { return !answered[a.id]; });
      queue.forEach(preload);
    }
    if (queue.length) show();
    return fill();
  }).then(function () {
    if (!current && !queue.length && exhausted) finish();
  }).catch(function () {
    say('Network problem: retrying…', 'alert');
    setTimeout(fill, 2000);
  });
  refreshProgress();
})();
