import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import npa from '../../data/npa.json' with { type: 'json' };
import { createPhoneNormalizer, npaInfo } from '../../src/core/phone.js';

const table = npa as unknown as Record<string, [string, string | null]>;

describe('data/npa.json', () => {
  it('has every area code libphonenumber knows, with the same country', () => {
    const seen: string[] = [];
    for (let n = 200; n <= 999; n++) {
      for (const rest of ['2345678', '5550123', '8675309', '4561234', '7771234', '3001234', '9301234', '6281234']) {
        const p = parsePhoneNumberFromString(`+1${n}${rest}`);
        if (p?.isValid()) {
          seen.push(String(n));
          expect(table[String(n)]?.[0], `NPA ${n}`).toBe(p.country);
          break;
        }
      }
    }
    expect(seen.length).toBeGreaterThan(400);
  });

  it('gives US and Canadian geographic codes a state or province, and only known ones', () => {
    const US = new Set(
      'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
        ' ',
      ),
    );
    const CA = new Set('AB BC MB NB NL NS ON PE QC SK NT NU YT'.split(' '));
    for (const [code, [country, state]] of Object.entries(table)) {
      expect(code).toMatch(/^[2-9]\d\d$/);
      if (state === null) continue;
      if (country === 'US') expect(US.has(state), `${code} ${state}`).toBe(true);
      else if (country === 'CA') expect(CA.has(state), `${code} ${state}`).toBe(true);
      else expect(state).toBe(country);
    }
    expect(npaInfo('512')).toEqual({ country: 'US', state: 'TX' });
    expect(npaInfo('416')).toEqual({ country: 'CA', state: 'ON' });
    expect(npaInfo('876')).toEqual({ country: 'JM', state: 'JM' });
    expect(npaInfo('800')).toEqual({ country: 'US', state: null });
  });
});

describe('createPhoneNormalizer', () => {
  const us = createPhoneNormalizer('US');
  it.each([
    ['+12125550123', { number: '+12125550123', country: 'US', npa: '212', state: 'NY' }],
    ['2125550123', { number: '+12125550123', country: 'US', npa: '212', state: 'NY' }],
    ['1-212-555-0123', { number: '+12125550123', country: 'US', npa: '212', state: 'NY' }],
    ['(514) 555-0110', { number: '+15145550110', country: 'CA', npa: '514', state: 'QC' }],
    ['+1 787 555 0123', { number: '+17875550123', country: 'PR', npa: '787', state: 'PR' }],
    ['sip:+12125550123@pbx.example.com;user=phone', { number: '+12125550123', country: 'US', npa: '212', state: 'NY' }],
    ['"Acme" <sip:2125550123@10.0.0.1>', { number: '+12125550123', country: 'US', npa: '212', state: 'NY' }],
    ['+44 20 7123 4567', { number: '+442071234567', country: 'GB', npa: null, state: null }],
    ['442071234567', { number: '+442071234567', country: 'GB', npa: null, state: null }],
    ['0033142685300', { number: '+33142685300', country: 'FR', npa: null, state: null }],
    ['anonymous', { number: 'anonymous', country: null, npa: null, state: null }],
  ])('%s', (raw, expected) => {
    expect(us(raw)).toEqual(expected);
  });

  it('reads national numbers in the default country', () => {
    const gb = createPhoneNormalizer('GB');
    expect(gb('020 7123 4567')).toMatchObject({ number: '+442071234567', country: 'GB' });
    expect(gb('+12125550123')).toMatchObject({ number: '+12125550123', state: 'NY' });
  });

  it('returns null for an empty value', () => {
    expect(us('  ')).toBeNull();
  });
});
