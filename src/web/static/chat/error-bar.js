/*
 * The error bar above the message field: what went wrong in the page's language, whether the text is
 * still in the field, and "Try again" only where retrying can help. Screen readers hear it once.
 */
import { t } from './labels.js';
import { page } from './page.js';

let shownError = null; // {err, textKept} of the error bar, to relabel it when the language changes

function errorMessage(err) {
  if (err.type === 'network') return t('errorNetwork');
  if (err.message) return err.message;
  if (err.status === 429) return t('errorRateLimited');
  if (err.status === 413) return t('errorTooLong');
  if (err.status === 400 || err.status === 422) return t('errorBadRequest');
  return t('errorServer');
}

function errorLine(err, textKept) {
  var message = errorMessage(err);
  return textKept ? message + ' ' + t('textKept') : message;
}

export function showError(err, textKept) {
  var message = errorLine(err, textKept);
  shownError = { err: err, textKept: textKept };
  page.errorText.textContent = message;
  // Retrying cannot fix a message the server refused as too long or malformed.
  var canRetry = !(err.type === 'http' && (err.status === 413 || err.status === 400 || err.status === 422));
  page.errorRetry.hidden = !canRetry;
  page.errorBar.hidden = false;
  page.alertLive.textContent = '';
  window.setTimeout(function () {
    page.alertLive.textContent = message;
  }, 50);
}

export function clearError() {
  shownError = null;
  page.errorBar.hidden = true;
  page.errorText.textContent = '';
  page.alertLive.textContent = '';
}

/** The shown error again, in the labels' new language. */
export function relabelError() {
  if (shownError) page.errorText.textContent = errorLine(shownError.err, shownError.textKept);
}
