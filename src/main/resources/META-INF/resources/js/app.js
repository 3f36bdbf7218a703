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

  /** Job rows (models page): live progress of queued and running jobs; a note when one ends. */
  function followJobRows() {
    Array.prototype.forEach.call(document.querySelectorAll('tr.job[data-follow]'), function (row) {
      var bar = row.querySelector('progress');
      var state = row.querySelector('.js-job-state');
      var message = row.querySelector('.js-job-message');
      function tick() {
        fetch('/api/jobs/' + encodeURIComponent(row.dataset.job), { headers: { Accept: 'application/json' } })
          .then(function (r) { return r.json(); })
          .then(function (job) {
            bar.value = job.progress;
            state.textContent = job.state.toLowerCase();
            message.textContent = job.message || '';
            if (job.state === 'QUEUED' || job.state === 'RUNNING') { setTimeout(tick, 700); return; }
            row.removeAttribute('data-follow');
            var cancel = row.querySelector('.js-cancel-job');
            if (cancel) cancel.remove();
            var r = job.result || {};
            if (job.state === 'SUCCEEDED' && typeof r.scored === 'number') {
              message.textContent = r.model + ': ' + r.scored + ' images scored' + (r.failed ? ', ' + r.failed + ' failed' : '')
                + (r.alreadyScored ? ' (' + r.alreadyScored + ' scored before)' : '');
            } else if (job.state === 'FAILED') {
              message.className = 'js-job-message alert';
              message.textContent = job.result ? problemText(job.result) : job.message;
            }
            var done = document.querySelector('.js-jobs-done');
            if (done) done.hidden = false;
          })
          .catch(function () { setTimeout(tick, 2000); });
      }
      tick();
    });
  }
  followJobRows();

  document.addEventListener('click', function (ev) {
    var button = ev.target.closest ? ev.target.closest('.js-cancel-job') : null;
    if (!button) return;
    button.disabled = true;
    button.textContent = 'Cancelling…';
    fetch('/api/jobs/' + encodeURIComponent(button.dataset.job) + '/cancel', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{}'
    }).then(function (r) { if (!r.ok) { button.disabled = false; button.textContent = 'Cancel'; } });
  });

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
