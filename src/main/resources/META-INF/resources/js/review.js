// Relabel review queue and grid: keyboard-first decisions (no inline scripts; CSP-friendly).
// Queue keys: A accept consensus, O keep original, H set by hand, M ambiguous, E exclude,
// R more judgments, J/K next/previous, G grid. Grid keys: arrows move, Space toggles, A submits, Q queue.
(function () {
  'use strict';
  var root = document.querySelector('[data-review]');
  if (!root) return;
  var mode = root.getAttribute('data-review');

  function typing(el) {
    if (!el || !el.tagName) return false;
    var tag = el.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    return tag === 'INPUT' && el.type !== 'checkbox' && el.type !== 'radio' && el.type !== 'button' && el.type !== 'submit';
  }

  function copyReason(form) {
    var reason = document.getElementById('reason');
    var target = form.querySelector('input[name=reason]');
    if (reason && target && target !== reason) target.value = reason.value;
  }

  function showHand() {
    var hand = document.getElementById('hand-form');
    if (!hand) return;
    hand.classList.add('open');
    var labels = document.getElementById('hand-labels');
    labels.focus();
    labels.select();
  }

  var hand = document.getElementById('hand-form');
  if (hand) {
    hand.addEventListener('submit', function () { copyReason(hand); });
  }
  var reasonField = document.getElementById('reason');
  if (reasonField) {
    // Enter in the reason field must not submit "accept": it returns to the keys
    reasonField.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') { ev.preventDefault(); reasonField.blur(); }
    });
  }

  function moveInGrid(delta) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll('.tile input[type=checkbox]'));
    if (!boxes.length) return;
    var i = boxes.indexOf(document.activeElement);
    if (i < 0) { boxes[0].focus(); return; }
    var next = Math.max(0, Math.min(boxes.length - 1, i + delta));
    boxes[next].focus();
  }

  function columns() {
    var tiles = root.querySelectorAll('.tile');
    if (tiles.length < 2) return 1;
    var top = tiles[0].getBoundingClientRect().top;
    var n = 0;
    for (var i = 0; i < tiles.length && tiles[i].getBoundingClientRect().top === top; i++) n++;
    return Math.max(1, n);
  }

  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (typing(t)) {
      if (ev.key === 'Escape') {
        t.blur();
        if (hand) hand.classList.remove('open');
      }
      return;
    }
    if (mode === 'grid') {
      var moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns(), ArrowUp: -columns() };
      if (moves[ev.key] !== undefined) { ev.preventDefault(); moveInGrid(moves[ev.key]); return; }
    }
    if (!ev.key || ev.key.length !== 1) return;
    var el = root.querySelector('[data-key="' + ev.key.toLowerCase() + '"]');
    if (!el) return;
    ev.preventDefault();
    if (el.tagName === 'A') { location.href = el.href; return; }
    if (el.getAttribute('data-action') === 'hand') { showHand(); return; }
    if (el.form) {
      copyReason(el.form);
      if (el.form.requestSubmit) el.form.requestSubmit(el); else el.click();
    }
  });

  document.addEventListener('click', function (ev) {
    var el = ev.target.closest && ev.target.closest('[data-action="hand"]');
    if (el) { ev.preventDefault(); showHand(); }
  });
})();
