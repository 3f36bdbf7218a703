// Relabel campaign pages (curators, admins): create and edit campaigns, open/close, gold answers,
// invite links. JSON calls to the API with the session cookie; no inline scripts.
(function () {
  'use strict';
  var relabel = window.relabel || {};

  function problemText(p) {
    if (relabel.problemText) return relabel.problemText(p);
    return (p && (p.detail || p.title)) || 'Request failed';
  }

  function send(method, url, body, type) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = type || 'application/json';
    return fetch(url, {
      method: method, credentials: 'same-origin', headers: headers,
      body: body === undefined ? undefined : (type ? body : JSON.stringify(body))
    }).then(function (r) {
      if (r.status === 204) return { ok: true, status: 204, body: null };
      return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; },
        function () { return { ok: r.ok, status: r.status, body: null }; });
    });
  }

  function status(form, text, kind) {
    var st = form.querySelector('.js-status');
    if (!st) return;
    st.className = 'js-status' + (kind ? ' ' + kind : '');
    st.textContent = text;
  }

  function number(form, name) {
    var f = form.elements[name];
    if (!f || f.value === '') return undefined;
    var n = Number(f.value);
    return isNaN(n) ? undefined : n;
  }

  function text(form, name) {
    var f = form.elements[name];
    return f ? f.value : undefined;
  }

  function campaignBody(form) {
    var body = {
      name: text(form, 'name'),
      instructions: text(form, 'instructions'),
      overlap: number(form, 'overlap'),
      goldRate: number(form, 'goldRate'),
      leaseSeconds: number(form, 'leaseSeconds'),
      completionAfter: number(form, 'completionAfter')
    };
    if (form.elements.topK) {
      body.models = Array.prototype.filter.call(form.querySelectorAll('input[name=models]'), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      body.topK = number(form, 'topK');
      body.maxCandidates = number(form, 'maxCandidates');
      var labels = (text(form, 'labels') || '').trim();
      body.selection = {
        labels: labels ? labels.split(/\s+/) : [],
        keyPrefix: (text(form, 'keyPrefix') || '') || null,
        disagreement: !!(form.elements.disagreement && form.elements.disagreement.checked),
        sample: number(form, 'sample') || null,
        seed: number(form, 'seed')
      };
    }
    return body;
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (form.classList.contains('js-campaign-form')) {
      ev.preventDefault();
      status(form, 'saving…');
      send(form.dataset.method, form.dataset.url, campaignBody(form)).then(function (res) {
        if (!res.ok) { status(form, problemText(res.body), 'alert'); return; }
        status(form, 'saved', 'ok');
        location.href = form.dataset.next + res.body.id;
      });
    }
    if (form.classList.contains('js-gold')) {
      ev.preventDefault();
      var file = form.querySelector('input[type=file]').files[0];
      if (!file) return;
      status(form, 'uploading…');
      send('PUT', form.dataset.url, file, 'text/csv').then(function (res) {
        if (!res.ok) { status(form, problemText(res.body), 'alert'); return; }
        status(form, res.body.rows + ' gold images set. Reloading…', 'ok');
        setTimeout(function () { location.reload(); }, 600);
      });
    }
    if (form.classList.contains('js-invite')) {
      ev.preventDefault();
      var worker = (form.elements.worker.value || '').trim();
      send('POST', form.dataset.url, { worker: worker || null }).then(function (res) {
        if (!res.ok) { status(form, problemText(res.body), 'alert'); return; }
        var out = form.querySelector('.js-link');
        out.value = res.body.url;
        out.hidden = false;
        out.select();
        status(form, (res.body.kind === 'open' ? 'Open link' : 'Personal link for ' + res.body.worker) +
          ': copy it and share it.', 'ok');
      });
    }
  });

  document.addEventListener('click', function (ev) {
    var b = ev.target.closest && ev.target.closest('.js-action');
    if (!b) return;
    ev.preventDefault();
    if (b.dataset.confirm && !window.confirm(b.dataset.confirm)) return;
    var card = b.closest('.card');
    var st = card.querySelector('.js-status');
    var progress = card.querySelector('.progress');
    b.disabled = true;
    st.className = 'js-status';
    st.textContent = 'working…';
    send(b.dataset.method, b.dataset.url).then(function (res) {
      if (!res.ok) {
        b.disabled = false;
        st.className = 'js-status alert';
        st.textContent = problemText(res.body);
        return;
      }
      if (b.dataset.job && res.status === 202 && relabel.followJob) {
        progress.hidden = false;
        return relabel.followJob('/api/jobs/' + res.body.id, progress.querySelector('.bar'), st).then(function (job) {
          if (job.state === 'SUCCEEDED') location.reload();
          else { b.disabled = false; st.className = 'js-status alert'; st.textContent = problemText(job.result) || job.message; }
        });
      }
      if (b.dataset.next) location.href = b.dataset.next; else location.reload();
    });
  });
})();
