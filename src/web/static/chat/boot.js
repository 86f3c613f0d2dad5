/*
 * Prykhystok web chat page: the start. index.html loads it as an ES module after transcript.js and
 * phone-links.js (plain scripts that set window.PrykhystokTranscript / window.PrykhystokPhones).
 *
 * No build step, no dependencies. Works under a strict CSP (script-src 'self': no inline code, no
 * inline styles, no eval): every server-provided string reaches the page through textContent / DOM
 * nodes, never through innerHTML. The modules, each with one job:
 *   page.js            the page's fixed elements          dom.js           safe element building
 *   languages.js       the four languages                 labels.js        language of the controls
 *   language-choice.js which language the chat is in      language-menu.js the header's switcher
 *   storage.js         sessionStorage / localStorage      session.js       session + kept transcript
 *   api.js             POST /api/chat                     send.js          one action at a time
 *   composer.js        message field and send button      error-bar.js     what went wrong
 *   messages.js        the person's messages, page notes  reply.js         one bot reply
 *   markdown-blocks.js an answer's text from `blocks`     reply-buttons.js a reply's buttons
 *   conversation.js    restore after reload / forget      thinking.js      the "thinking" dots
 *   scrolling.js       keeping the newest in view         counter-card-link.js a counter card's page
 * index.html preloads every module (<link rel="modulepreload">), so they load in parallel.
 */
import { autoGrow, setBusy, updateCounter, wireComposer } from './composer.js';
import { restoreConversation } from './conversation.js';
import { clearError, relabelError } from './error-bar.js';
import { applyStrings, awaitGreetingLanguage, loadStrings, onLabelsApplied } from './labels.js';
import { explicitLanguage, initialLanguage, keptLanguage } from './language-choice.js';
import { wireLanguageMenu } from './language-menu.js';
import { findElements, page } from './page.js';
import { onReplyButtonChosen } from './reply-buttons.js';
import { keepEndInViewOnResize, scrollToBottom } from './scrolling.js';
import { onReplyButton, perform, retryLast, sendQueuedLanguage, submitTyped } from './send.js';
import { session, transcript } from './session.js';

function init() {
  findElements();

  wireComposer(function () {
    submitTyped({ focusInput: true });
  });
  page.errorRetry.addEventListener('click', retryLast);
  page.errorDismiss.addEventListener('click', function () {
    clearError();
    page.input.focus();
  });
  wireLanguageMenu();
  keepEndInViewOnResize();
  onReplyButtonChosen(onReplyButton);
  onLabelsApplied(function () {
    relabelError();
    autoGrow(); // a longer placeholder may need a second line on narrow screens
    updateCounter();
  });

  var language = initialLanguage();
  var kept = transcript.load();
  applyStrings();
  var start = { payload: 'start' };
  if (explicitLanguage) start.language = explicitLanguage;
  if (kept.length) {
    resumeConversation(kept, language, start);
    return;
  }
  if (explicitLanguage) loadStrings(language);
  else awaitGreetingLanguage(language);
  autoGrow();
  updateCounter();
  perform({ body: start }, { focusInput: false });
}

/** After a reload: the kept conversation again, in labels of its language, and no second greeting. */
function resumeConversation(kept, language, start) {
  setBusy(true); // nothing is sent before the kept conversation is back in place
  autoGrow();
  // Labels first, so the kept messages' own labels ("Sources", "Checked on …") are in their language.
  loadStrings(keptLanguage(kept) || language).then(function () {
    restoreConversation(kept);
    setBusy(false);
    scrollToBottom();
    // After /forget the session is gone: the next conversation starts with a greeting.
    if (!session) perform({ body: start }, { focusInput: false });
    else sendQueuedLanguage();
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
