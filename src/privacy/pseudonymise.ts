import { createHmac } from 'node:crypto';
import type { ChannelName } from '../messages';

/**
 * Turns a platform's user id (a Telegram id, a WhatsApp phone number) into the stable pseudonymous key
 * everything else uses. Keyed with a server secret, so the key cannot be reversed by hashing all phone
 * numbers; the raw id is used here and in the reply call to the platform, nowhere else.
 */
export class Pseudonymiser {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error('Pseudonymiser: the secret must be at least 16 characters');
  }

  userKey(channel: ChannelName, platformUserId: string | number): string {
    return `${channel}:${createHmac('sha256', this.secret).update(`${channel}\u0000${platformUserId}`).digest('base64url').slice(0, 27)}`;
  }
}
