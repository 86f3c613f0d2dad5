/**
 * The counter card and the local parts (per municipality) on the per-language edit page. Both belong
 * to the entry's one form: saving them goes through the same checks, review and audit as the answer.
 */
import type { Language } from '../../knowledge/languages';
import type { KnowledgeEntry, PlaceVariant } from '../../knowledge/schema';
import type { Municipalities } from '../../places/municipalities';
import { html, type SafeHtml } from '../html';
import { PLACE_FIELDS, placeLabel, type PlaceValues } from '../place-form';
import { renderMarkdown } from '../preview';

export interface PlacesView {
  entry: KnowledgeEntry;
  language: Language;
  /** The language shown for comparison, with its name. */
  reference: Language;
  names: Readonly<Record<Language, string>>;
  values: PlaceValues;
  municipalities: Municipalities;
  today: string;
}

function counterSection(view: PlacesView): SafeHtml {
  const { entry, language, values, names } = view;
  const name = names[language];
  const dutch = language === 'nl' ? undefined : { ask: entry.counter?.ask?.nl, text: entry.counter?.text?.nl };
  const open = Boolean(entry.counter || values.counterAsk || values.counterText);
  return html`<details class="card"${open ? html` open` : ''}>
    <summary><h2 id="counter-h">Counter card</h2> <span class="hint">(what a person shows at a desk)</span></summary>
    <p class="hint" id="counter-hint">Dutch is what the clerk reads: the Dutch card comes first, in polite, short Dutch a clerk reads in 20 seconds (the request, the rule that gives the right, what the person brings). The other languages say the same, so the person knows what the card says.</p>
    ${dutch
      ? dutch.ask || dutch.text
        ? html`<div class="reference" lang="nl"><p class="meta">The Dutch card (what the clerk reads):</p>${dutch.ask ? html`<p><strong>${dutch.ask}</strong></p>` : ''}${dutch.text ? html`<div class="reply-text">${renderMarkdown(dutch.text)}</div>` : ''}</div>`
        : html`<p class="meta">This entry has no Dutch card yet: write it in the Dutch tab first, then its ${name} translation here.</p>`
      : ''}
    <label for="${PLACE_FIELDS.counterAsk}">The person's request in ${name}, one sentence</label>
    <textarea class="short" id="${PLACE_FIELDS.counterAsk}" name="${PLACE_FIELDS.counterAsk}" lang="${language}" rows="2" aria-describedby="counter-hint">${values.counterAsk}</textarea>
    <label for="${PLACE_FIELDS.counterText}">Key facts for the desk in ${name} (at most 600 characters)</label>
    <p class="hint" id="counter-text-hint">**bold** for the rule's name, lines starting with "- ", [label](https://…). Empty both fields to remove the ${name} card.</p>
    <textarea id="${PLACE_FIELDS.counterText}" name="${PLACE_FIELDS.counterText}" lang="${language}" aria-describedby="counter-text-hint">${values.counterText}</textarea>
  </details>`;
}

function variantBox(view: PlacesView, code: string, variant: PlaceVariant): SafeHtml {
  const { language, reference, names, values } = view;
  const typed = values.variants[code] ?? { text: '', sources: '', markReviewed: false };
  const label = placeLabel(view.municipalities, code, language);
  const refText = variant.answer[reference];
  const has = Object.keys(variant.answer).filter((l) => variant.answer[l as Language]);
  return html`<fieldset class="place">
    <legend>${label}</legend>
    <p class="meta">Checked ${variant.reviewed} · in ${has.join(', ')} · sources: ${variant.sources.map((s, i) => html`${i ? ', ' : ''}<a href="${s}" rel="noreferrer noopener" target="_blank">${s}</a>`)}</p>
    ${refText ? html`<div class="reference" lang="${reference}"><p class="meta">${names[reference]} (for comparison):</p><div class="reply-text">${renderMarkdown(refText)}</div></div>` : ''}
    <label for="${PLACE_FIELDS.text(code)}">${label}: local part in ${names[language]}</label>
    <p class="hint" id="${PLACE_FIELDS.text(code)}-hint">Empty it to remove the ${names[language]} text; empty in every language removes this local part.</p>
    <textarea id="${PLACE_FIELDS.text(code)}" name="${PLACE_FIELDS.text(code)}" lang="${language}" aria-describedby="${PLACE_FIELDS.text(code)}-hint">${typed.text}</textarea>
    <label for="${PLACE_FIELDS.sources(code)}">Sources for ${label}: the municipality's own pages, one URL per line</label>
    <textarea class="short" id="${PLACE_FIELDS.sources(code)}" name="${PLACE_FIELDS.sources(code)}" rows="2">${typed.sources}</textarea>
    <label class="check"><input type="checkbox" name="${PLACE_FIELDS.reviewed(code)}" value="1"${typed.markReviewed ? html` checked` : ''}> I checked this local part against its sources: mark it checked today (${view.today})</label>
  </fieldset>`;
}

function addBox(view: PlacesView): SafeHtml {
  const { language, names, values } = view;
  const name = names[language];
  return html`<fieldset class="place">
    <legend>Add a local part</legend>
    <label for="${PLACE_FIELDS.newPlace}">Municipality</label>
    <p class="hint" id="place-new-hint">Type the name or the CBS code and choose it from the suggestions.</p>
    <input type="text" id="${PLACE_FIELDS.newPlace}" name="${PLACE_FIELDS.newPlace}" list="municipality-names" autocomplete="off" value="${values.added.place}" aria-describedby="place-new-hint">
    <datalist id="municipality-names">${view.municipalities.all.map((m) => html`<option value="${m.name} (${m.code})"></option>`)}</datalist>
    <label for="${PLACE_FIELDS.newText}">The new local part in ${name}</label>
    <textarea id="${PLACE_FIELDS.newText}" name="${PLACE_FIELDS.newText}" lang="${language}">${values.added.text}</textarea>
    <label for="${PLACE_FIELDS.newSources}">Its sources: the municipality's own pages, one URL per line (required)</label>
    <textarea class="short" id="${PLACE_FIELDS.newSources}" name="${PLACE_FIELDS.newSources}" rows="2">${values.added.sources}</textarea>
  </fieldset>`;
}

function placesSection(view: PlacesView): SafeHtml {
  const variants = Object.entries(view.entry.places ?? {}).sort(([a], [b]) =>
    (view.municipalities.get(a)?.name ?? a).localeCompare(view.municipalities.get(b)?.name ?? b),
  );
  const adding = Boolean(view.values.added.place || view.values.added.text || view.values.added.sources);
  return html`<details class="card"${variants.length || adding ? html` open` : ''}>
    <summary><h2 id="places-h">Local parts (per municipality)</h2> <span class="hint">(${variants.length ? `${variants.length} ${variants.length === 1 ? 'municipality' : 'municipalities'}` : 'none yet'})</span></summary>
    <p class="hint">Shown under the common answer as “📍 Utrecht (checked …)”, so write only what differs there: where to go, the office, its address or web page, local help. Do not repeat the answer or start with the city's name; at most 500 characters. Only what the municipality's own page says: never guess an address, phone number or opening hours.</p>
    ${view.municipalities.size === 0 ? html`<p class="meta">The list of municipalities (knowledge/places/municipalities.yaml) is missing, so no local part can be added.</p>` : ''}
    ${variants.map(([code, variant]) => variantBox(view, code, variant))}
    ${view.municipalities.size ? addBox(view) : ''}
  </details>`;
}

export function placesFormSections(view: PlacesView): SafeHtml {
  return html`${counterSection(view)}
  ${placesSection(view)}`;
}
