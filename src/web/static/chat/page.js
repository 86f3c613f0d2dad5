/*
 * The page's fixed elements (index.html), found once when the page starts; the other modules reach
 * them through `page` instead of each looking them up.
 */

export const page = {};

export function findElements() {
  page.log = document.getElementById('log');
  page.form = document.getElementById('composer-form');
  page.input = document.getElementById('message');
  page.sendButton = document.getElementById('send');
  page.counter = document.getElementById('message-counter');
  page.errorBar = document.getElementById('error-bar');
  page.errorText = document.getElementById('error-text');
  page.errorRetry = document.getElementById('error-retry');
  page.errorDismiss = document.getElementById('error-dismiss');
  page.alertLive = document.getElementById('alert-live');
  page.statusLive = document.getElementById('status-live');
  page.langSwitch = document.getElementById('lang-switch');
  page.langCurrent = document.getElementById('lang-current');
  page.privacyLink = document.getElementById('privacy-link');
}
