import { DAY_MS, ServiceWindow } from '../../../src/channels/whatsapp/service-window';

function clock(start = 1_760_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('the 24-hour customer-service window', () => {
  test('opens when the person writes and closes 24 hours later (a minute early, for clock skew)', () => {
    const time = clock();
    const window = new ServiceWindow({ now: time.now });
    expect(window.isOpen('whatsapp:a')).toBe(false);
    window.wrote('whatsapp:a');
    expect(window.isOpen('whatsapp:a')).toBe(true);
    time.advance(DAY_MS - 61_000);
    expect(window.isOpen('whatsapp:a')).toBe(true);
    time.advance(2_000);
    expect(window.isOpen('whatsapp:a')).toBe(false);
  });

  test("counts from Meta's timestamp: a message redelivered a day late does not reopen it", () => {
    const time = clock();
    const window = new ServiceWindow({ now: time.now });
    window.wrote('whatsapp:a', time.now() - 25 * 60 * 60 * 1000);
    expect(window.isOpen('whatsapp:a')).toBe(false);
    // …and an older message arriving after a newer one does not shorten it.
    window.wrote('whatsapp:b', time.now());
    window.wrote('whatsapp:b', time.now() - 23 * 60 * 60 * 1000);
    time.advance(2 * 60 * 60 * 1000);
    expect(window.isOpen('whatsapp:b')).toBe(true);
  });

  test('a timestamp in the future counts as now', () => {
    const time = clock();
    const window = new ServiceWindow({ now: time.now });
    window.wrote('whatsapp:a', time.now() + 10 * DAY_MS);
    time.advance(DAY_MS);
    expect(window.isOpen('whatsapp:a')).toBe(false);
  });

  test('Meta saying "closed" (131047) is believed until the person writes again', () => {
    const window = new ServiceWindow();
    window.wrote('whatsapp:a');
    window.close('whatsapp:a');
    expect(window.isOpen('whatsapp:a')).toBe(false);
    window.wrote('whatsapp:a');
    expect(window.isOpen('whatsapp:a')).toBe(true);
  });

  test('memory is bounded: closed windows are forgotten, and beyond the limit the stalest person first', () => {
    const time = clock();
    const window = new ServiceWindow({ now: time.now, maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) window.wrote(key);
    time.advance(DAY_MS + 1);
    window.wrote('d');
    expect(window.size).toBe(1);
    for (const key of ['e', 'f', 'g']) window.wrote(key);
    expect(window.size).toBe(3);
    expect(window.isOpen('d')).toBe(false);
    expect(window.isOpen('g')).toBe(true);
  });
});
