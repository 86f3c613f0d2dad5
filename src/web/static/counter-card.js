/*
 * The counter card page's buttons (GET /card/…; the page itself is built on the server):
 *  - Print: the browser's print dialog; the print stylesheet leaves only the card on paper.
 *  - Save as image: the card's text drawn onto a <canvas>, wrapped to its width, and downloaded as a PNG,
 *    so a person can show it offline at the desk. Drawn from the page's own text, with no library.
 *  - Share: the phone's share sheet with the page's address, shown only where the browser has one.
 * The labels and messages come from the server in the person's language (data-* attributes).
 */
(function () {
  'use strict';

  var WIDTH = 1080;
  var PAD = 64;
  var PART_PAD = 32;
  var MAX_HEIGHT = 16000;
  var COLORS = { text: '#111418', muted: '#3d4551', accent: '#1d4e89', clerkBg: '#eef3fa', border: '#b7bfca' };

  var card = document.getElementById('card');
  var status = document.getElementById('card-status');
  var printButton = document.getElementById('card-print');
  var saveButton = document.getElementById('card-save');
  var shareButton = document.getElementById('card-share');

  function say(text) {
    if (status) status.textContent = text || '';
  }

  /** How a piece of the card looks in the image, from where it sits on the page. */
  function styleOf(el) {
    if (el.closest('.card-meta')) return { size: 26, weight: '400', color: COLORS.muted };
    if (el.classList.contains('card-ask')) return { size: 44, weight: '700', color: COLORS.text };
    if (el.classList.contains('card-local-title')) return { size: 36, weight: '700', color: COLORS.text };
    if (el.classList.contains('card-heading')) return { size: 30, weight: '600', color: COLORS.muted };
    return { size: 34, weight: '400', color: COLORS.text };
  }

  function prefixOf(el) {
    if (el.tagName !== 'LI' || el.closest('.card-meta')) return '';
    return el.parentElement && el.parentElement.tagName === 'OL' ? el.value + '. ' : '• ';
  }

  /** Splits `text` into lines no wider than `width` (a word longer than that is cut where it must be). */
  function wrap(ctx, text, width) {
    var lines = [];
    var line = '';
    var words = text.split(/\s+/).filter(Boolean);
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      var candidate = line ? line + ' ' + word : word;
      if (ctx.measureText(candidate).width <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      // A web address or a long compound: cut it by characters.
      while (ctx.measureText(word).width > width) {
        var cut = word.length - 1;
        while (cut > 1 && ctx.measureText(word.slice(0, cut)).width > width) cut--;
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
      }
      line = word;
    }
    if (line) lines.push(line);
    return lines;
  }

  /**
   * Lays the card out as lines at y positions (and the boxes of its two parts), measuring with `ctx`;
   * the same layout is then drawn on a canvas of exactly the height it needs.
   */
  function layout(ctx, font) {
    var lines = [];
    var boxes = [];
    var y = PAD;
    var box = null;
    var nodes = card.querySelectorAll('h1, h2, h3, p, li');
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var part = el.closest('.card-part');
      if ((box && box.el !== part) || (!box && part)) {
        if (box) {
          box.bottom = y + PART_PAD - 16;
          y = box.bottom + 40;
          box = null;
        }
        if (part) {
          box = { el: part, top: y, clerk: part.classList.contains('card-part--clerk') };
          boxes.push(box);
          y += PART_PAD;
        }
      }
      var style = styleOf(el);
      ctx.font = style.weight + ' ' + style.size + 'px ' + font;
      var prefix = prefixOf(el);
      var indent = prefix ? ctx.measureText(prefix).width : 0;
      var left = PAD + (part ? PART_PAD : 0);
      var width = WIDTH - 2 * left - indent;
      var step = Math.round(style.size * 1.35);
      var paragraphs = (el.innerText || el.textContent || '').split('\n');
      for (var k = 0; k < paragraphs.length; k++) {
        var wrapped = wrap(ctx, paragraphs[k], width);
        for (var j = 0; j < wrapped.length; j++) {
          lines.push({ text: (j === 0 && k === 0 ? prefix : '') + wrapped[j], x: left + (j === 0 && k === 0 ? 0 : indent), y: y, style: style });
          y += step;
        }
      }
      y += Math.round(style.size * 0.45);
    }
    if (box) {
      box.bottom = y + PART_PAD - 16;
      y = box.bottom;
    }
    return { lines: lines, boxes: boxes, height: Math.min(MAX_HEIGHT, y + PAD) };
  }

  /** The card as a PNG blob (or null where the browser cannot make one). */
  function drawCard(done) {
    var font = window.getComputedStyle(document.body).fontFamily || 'sans-serif';
    var canvas = document.createElement('canvas');
    canvas.width = WIDTH;
    canvas.height = 100;
    var ctx = canvas.getContext('2d');
    if (!ctx) return done(null);
    var laid = layout(ctx, font);
    canvas.height = laid.height;
    ctx = canvas.getContext('2d'); // resizing a canvas resets its state
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, WIDTH, laid.height);
    laid.boxes.forEach(function (b) {
      ctx.lineWidth = 4;
      if (b.clerk) {
        ctx.fillStyle = COLORS.clerkBg;
        ctx.fillRect(PAD, b.top, WIDTH - 2 * PAD, b.bottom - b.top);
        ctx.strokeStyle = COLORS.accent;
        ctx.setLineDash([]);
      } else {
        ctx.strokeStyle = COLORS.border;
        ctx.setLineDash([14, 10]);
      }
      ctx.strokeRect(PAD, b.top, WIDTH - 2 * PAD, b.bottom - b.top);
    });
    ctx.setLineDash([]);
    ctx.textBaseline = 'top';
    laid.lines.forEach(function (line) {
      ctx.font = line.style.weight + ' ' + line.style.size + 'px ' + font;
      ctx.fillStyle = line.style.color;
      ctx.fillText(line.text, line.x, line.y);
    });
    canvas.toBlob(done, 'image/png');
  }

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoked later, not at once: some browsers read the file only after the click has returned.
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  if (printButton) {
    printButton.addEventListener('click', function () {
      window.print();
    });
  }

  if (saveButton && card) {
    saveButton.addEventListener('click', function () {
      say('');
      saveButton.disabled = true;
      var finish = function (blob) {
        saveButton.disabled = false;
        if (!blob) return say(saveButton.getAttribute('data-failed'));
        download(blob, saveButton.getAttribute('data-file') || 'card.png');
        say(saveButton.getAttribute('data-saved'));
      };
      try {
        drawCard(finish);
      } catch (err) {
        finish(null);
      }
    });
  }

  if (shareButton && typeof navigator.share === 'function') {
    shareButton.hidden = false;
    shareButton.addEventListener('click', function () {
      navigator.share({ title: shareButton.getAttribute('data-title') || document.title, url: window.location.href }).catch(function () {
        // Closing the share sheet is not an error worth a message.
      });
    });
  }
})();
