/*
 * The language switcher in the header (a <details> menu): picking a language relabels the page and
 * tells the bot; Escape, a click elsewhere or focus leaving the menu closes it.
 */
import { shouldFocusInput } from './composer.js';
import { chooseLanguage } from './language-choice.js';
import { isLanguage } from './languages.js';
import { page } from './page.js';
import { sendLanguage } from './send.js';

function closeLanguageMenu(focusSummary) {
  var langSwitch = page.langSwitch;
  if (!langSwitch.open) return;
  langSwitch.open = false;
  if (focusSummary) langSwitch.querySelector('summary').focus();
}

export function wireLanguageMenu() {
  var langSwitch = page.langSwitch;
  var options = document.querySelectorAll('.lang-option');
  for (var i = 0; i < options.length; i++) {
    options[i].addEventListener('click', function (event) {
      var language = event.currentTarget.getAttribute('data-lang');
      if (!isLanguage(language)) return;
      var focus = shouldFocusInput(event);
      closeLanguageMenu(!focus);
      chooseLanguage(language);
      if (focus) page.input.focus({ preventScroll: true });
      sendLanguage(language, focus);
    });
  }
  langSwitch.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeLanguageMenu(true);
  });
  langSwitch.addEventListener('focusout', function (event) {
    if (event.relatedTarget && !langSwitch.contains(event.relatedTarget)) closeLanguageMenu(false);
  });
  document.addEventListener('click', function (event) {
    if (langSwitch.open && !langSwitch.contains(event.target)) closeLanguageMenu(false);
  });
}
