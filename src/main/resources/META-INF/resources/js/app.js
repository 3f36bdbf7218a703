// Relabel: small progressive enhancements (no inline scripts; CSP-friendly).
(function () {
  'use strict';

  function problemText(p) {
    if (!p) return 'Request failed';
    var text = p.detail || p.title || 'Request failed';
    if (p.errors && p.errors.length > 1) {
      text += '\n' + p.errors.slice(1, 10).map(function (e) {
        return (e.line ? 'line ' + e.line : '') + (e.column ? ', column ' + e.column : '') + ': ' + e.message;
      }).join('\n');
    }
    return text;
  }

  /** Polls a job until it ends, updating a progress bar; resolves with the final job. */
  function followJob(url, bar, status) {
    return new Promise(function (resolve) {
      function tick() {
        fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) { return r.json(); }).then(function (job) {
          if (bar) bar.style.width = Math.round(job.progress * 100) + '%';
          if (status) status.textContent = job.state.toLowerCase() + ': ' + (job.message || '');
          if (job.state === 'QUEUED' || job.state === 'RUNNING') setTimeout(tick, 500); else resolve(job);
        }).catch(function () { setTimeout(tick, 2000); });
      }
      tick();
    });
  }
  window.relabel = { followJob: followJob, problemText: problemText };

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (form.classList.contains('js-upload')) {
      ev.preventDefault();
      var file = form.querySelector('input[type=file]').files[0];
      var status = form.querySelector('.js-status');
      var progress = form.querySelector('.progress');
      var bar = progress.querySelector('.bar');
      if (!file) return;
      var type = /\.zip$/i.test(file.name) ? 'application/zip' : 'text/csv';
      progress.hidden = false; bar.style.width = '0'; status.className = 'js-status'; status.textContent = 'uploading…';
      fetch(form.dataset.url, { method: 'POST', headers: { 'Content-Type': type, Accept: 'application/json' }, body: file })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { status.className = 'js-status alert'; status.textContent = problemText(res.body); return; }
          return followJob('/api/jobs/' + res.body.id, bar, status).then(function (job) {
            if (job.state === 'SUCCEEDED') {
              var r = JSON.parse(JSON.stringify(job.result || {}));
              status.className = 'js-status ok';
              status.textContent = 'Done: ' + (r.rows || 0) + ' rows, ' + (r.created || 0) + ' new, ' + (r.updated || 0) + ' updated. Reloading…';
              setTimeout(function () { location.reload(); }, 800);
            } else {
              status.className = 'js-status alert';
              status.textContent = problemText(job.result) || job.message;
            }
          });
        });
    }
    if (form.classList.contains('js-create-dataset')) {
      ev.preventDefault();
      var data = new FormData(form);
      var st = form.querySelector('.js-status');
      fetch('/api/datasets/' + encodeURIComponent(data.get('key')), {
        method: 'PUT', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ name: data.get('name'), description: data.get('description') })
      }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
        .then(function (res) {
          if (res.ok) location.href = '/datasets/' + encodeURIComponent(res.body.key);
          else { st.className = 'js-status alert'; st.textContent = problemText(res.body); }
        });
    }
  });
})();
