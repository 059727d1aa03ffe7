import { expect } from '@open-wc/testing';
import {
  durationChangesIn,
  formatDateTime,
  formatDuration,
  formatDurationParts,
  formatFromNow,
  formatMilliseconds,
  formatQuantity,
  formatRelative,
} from '../../src/internal/format.js';
import { setLocale } from '../../src/localization.js';
import sinon from 'sinon';

/** What Intl itself says for these parts in `locale` (DurationFormat, or unit NumberFormats in a unit list). */
function intlDuration(locale: string, parts: Record<string, number>): string {
  const DurationFormat = (Intl as unknown as { DurationFormat?: new (l: string, o: object) => { format(d: object): string } })
    .DurationFormat;
  if (DurationFormat) {
    const always = Object.fromEntries(Object.keys(parts).map((unit) => [`${unit}Display`, 'always']));
    return new DurationFormat(locale, { style: 'narrow', ...always }).format(parts);
  }
  const pieces = Object.entries(parts).map(([unit, value]) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: unit.slice(0, -1), unitDisplay: 'narrow' }).format(value),
  );
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(pieces);
}

for (const locale of ['en', 'de'] as const) {
  describe(`format helpers in ${locale}`, () => {
    before(() => setLocale(locale));
    after(() => setLocale('en'));

    it('durations: the same parts as before, worded by Intl', () => {
      expect(formatDuration(119_000)).to.equal(intlDuration(locale, { minutes: 1, seconds: 59 }));
      expect(formatDuration(-119_000), 'the sign is the sentence’s job').to.equal(intlDuration(locale, { minutes: 1, seconds: 59 }));
      expect(formatDuration(7_200_000)).to.equal(intlDuration(locale, { hours: 2, minutes: 0 }));
      expect(formatDuration(52 * 60_000)).to.equal(intlDuration(locale, { minutes: 52 }));
      expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).to.equal(intlDuration(locale, { days: 2, hours: 4 }));
      expect(formatDuration(4_000)).to.equal(intlDuration(locale, { seconds: 4 }));
    });

    it('a date and time, and relative times, from Intl in the locale', () => {
      const at = Date.UTC(2026, 2, 4, 15, 4);
      expect(formatDateTime(new Date(at).toISOString())).to.equal(
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at),
      );
      expect(formatDateTime('not a date')).to.equal('');
      expect(formatDateTime(null)).to.equal('');
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      expect(formatRelative(at - 3 * 86_400_000, at)).to.equal(rtf.format(-3, 'day'));
      expect(formatRelative(at + 5 * 60_000, at)).to.equal(rtf.format(5, 'minute'));
    });

    it('a countdown from now is a relative time', () => {
      // Date frozen: the helper reads now twice, and a real clock could tick between.
      const clock = sinon.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
      try {
        expect(formatFromNow(5 * 60_000)).to.equal(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(5, 'minute'));
      } finally {
        clock.restore();
      }
    });

    it('a number with its unit is one Intl result (no hand-joined "7 days")', () => {
      expect(formatQuantity(7, 'day')).to.equal(
        new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(7),
      );
      expect(formatMilliseconds(142.6)).to.equal(
        new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }).format(143),
      );
    });
  });
}

describe('format helpers across locales', () => {
  after(() => setLocale('en'));

  it('follow a locale switch (the formatter cache is per locale)', async () => {
    await setLocale('en');
    const english = formatDuration(119_000);
    await setLocale('de');
    const german = formatDuration(119_000);
    expect(german).to.not.equal(english);
    expect(german).to.equal(intlDuration('de', { minutes: 1, seconds: 59 }));
    expect(formatDurationParts({ days: 7, hours: 24 }, 'long')).to.not.match(/days|hours/);
  });

  it('German durations are not the old hand-built English "1m 59s"', async () => {
    await setLocale('de');
    expect(formatDuration(119_000)).to.not.equal('1m 59s');
  });
});

describe('durationChangesIn', () => {
  it('says exactly when a countdown’s text turns: never earlier, never later', () => {
    // Seconds, minutes, hours and days, counting down and (past expiry) up, on both sides of each rounding.
    const samples = [1, 499, 500, 501, 59_499, 59_501, 599_499, 600_501, 3_599_499, 3_600_501, 86_399_499, 86_400_501, 200_000_123];
    for (const ms of [...samples, ...samples.map((value) => -value)]) {
      const wait = durationChangesIn(ms);
      expect(wait, `${ms}`).to.be.at.least(1);
      expect(formatDuration(ms - wait), `${ms}: changed after ${wait}`).to.not.equal(formatDuration(ms));
      expect(formatDuration(ms - (wait - 1)), `${ms}: not before ${wait}`).to.equal(formatDuration(ms));
    }
  });
});
