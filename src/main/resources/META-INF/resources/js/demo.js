// Relabel demo status page: follows running setup jobs and reloads when they end.
(function () {
  'use strict';
  document.querySelectorAll('.js-follow-job').forEach(function (row) {
    var bar = row.querySelector('progress');
    var state = row.querySelector('.js-state');
    var message = row.querySelector('.js-message');
    function tick() {
      fetch('/api/jobs/' + encodeURIComponent(row.dataset.job), { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          bar.value = job.progress;
          state.textContent = job.state;
          message.textContent = job.message || '';
          if (job.state === 'QUEUED' || job.state === 'RUNNING') setTimeout(tick, 1000); else location.reload();
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  });
})();
