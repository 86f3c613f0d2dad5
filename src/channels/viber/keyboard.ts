/**
 * A reply's buttons as a Viber reply keyboard. A press comes back as a text message whose text is the
 * button's ActionBody, so ActionBody is our payload.
 */
import type { Logger } from 'pino';
import type { ReplyButton } from '../../messages';
import { truncate } from '../truncate';
import { VIBER_LIMITS } from './limits';

export interface ViberButton {
  Columns: number;
  Rows: 1;
  ActionType: 'reply';
  /** Sent back to us as a text message when pressed: our payload. */
  ActionBody: string;
  Text: string;
  TextSize: 'regular';
  /** The press is not shown as a message from the person (it would show the payload, e.g. "t:housing"). */
  Silent: true;
}

export interface ViberKeyboard {
  Type: 'keyboard';
  DefaultHeight: false;
  Buttons: ViberButton[];
}

/**
 * One full-width button a row while they fit Viber's 12 rows, then two a row; beyond 24 the rest is
 * dropped with a warning (losing a button beats Viber refusing the whole message).
 */
export function viberKeyboard(buttons: readonly ReplyButton[], logger: Pick<Logger, 'warn'> | undefined): ViberKeyboard | undefined {
  const usable: Array<{ label: string; payload: string }> = [];
  for (const button of buttons) {
    const bytes = Buffer.byteLength(button.payload, 'utf8');
    const label = buttonText(button.label);
    if (bytes < 1 || bytes > VIBER_LIMITS.actionBodyBytes || label === '') {
      logger?.warn(
        { payloadBytes: bytes, payloadStart: button.payload.slice(0, 16), emptyLabel: label === '' },
        'viber: dropped a button (payload must be 1–64 bytes, label non-empty)',
      );
      continue;
    }
    usable.push({ label, payload: button.payload });
  }
  const rows = VIBER_LIMITS.keyboardRows;
  const perRow = usable.length <= rows ? 1 : 2;
  if (usable.length > rows * perRow) {
    logger?.warn({ buttons: usable.length, kept: rows * perRow }, 'viber: too many buttons for one keyboard, the last ones were dropped');
  }
  const kept = usable.slice(0, rows * perRow);
  if (kept.length === 0) return undefined;
  return {
    Type: 'keyboard',
    DefaultHeight: false,
    Buttons: kept.map(({ label, payload }) => ({
      Columns: VIBER_LIMITS.columns / perRow,
      Rows: 1,
      ActionType: 'reply',
      ActionBody: payload,
      Text: label,
      TextSize: 'regular',
      Silent: true,
    })),
  };
}

/**
 * A button's Text may contain Viber's few HTML tags, so "<" and ">" in a label are replaced by look-alikes
 * rather than risk markup; whitespace is collapsed and the label shortened at a character boundary.
 */
function buttonText(label: string): string {
  const text = label.trim().replace(/\s+/g, ' ').replace(/</g, '‹').replace(/>/g, '›');
  return truncate(text, VIBER_LIMITS.buttonTextLength);
}
