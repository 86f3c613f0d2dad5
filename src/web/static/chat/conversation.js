/* The conversation as a whole on the page: shown again after a reload, or emptied after /forget. */
import { addPageNote, addUserMessage } from './messages.js';
import { page } from './page.js';
import { renderReply } from './reply.js';
import { dropSession, transcript } from './session.js';

/** After /forget: empties the log and the kept conversation, and drops the session. */
export function clearConversation() {
  while (page.log.firstChild) page.log.removeChild(page.log.firstChild);
  transcript.clear();
  dropSession();
  addPageNote('conversationCleared');
  transcript.add({ who: 'cleared' });
}

/** Shows the conversation kept from before the reload, as it was. */
export function restoreConversation(entries) {
  entries.forEach(function (entry) {
    if (entry.who === 'user') addUserMessage(entry.text, entry.lang);
    else if (entry.who === 'bot') renderReply(entry.reply);
    else addPageNote('conversationCleared');
  });
}
