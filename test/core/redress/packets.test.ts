import { describe, expect, it } from 'vitest';
import { ENGINE_IDS, ENGINES } from '../../../src/core/redress/engines.js';
import { inferEngines } from '../../../src/core/redress/infer.js';
import { FIRST_ORION_MAX_ROWS, firstOrionCsv } from '../../../src/core/redress/packet-first-orion.js';
import { CALL_PURPOSES, callPurpose } from '../../../src/core/redress/purposes.js';
import type { PacketInput } from '../../../src/core/redress/types.js';
import type { ContactRow } from '../../../src/store/number-health.js';

const T = Date.parse('2026-11-20T15:04:00Z');

function input(over: Partial<PacketInput> = {}): PacketInput {
  return {
    number: '+12125550123',
    profile: {
      name: 'Acme Dental',
      address: '1 Main St, Austin TX 78701',
      url: 'https://acme.example',
      contactName: 'Jane Roe',
      contactEmail: 'jane@acme.example',
      contactPhone: '+15125550100',
      cnam: 'ACME DENTAL',
      purposes: { reminders: 'Informational/Notification' },
      providers: { east: 'Bandwidth' },
    },
    callsPerDay: 412.4,
    days: 30,
    calls: 12_372,
    blocked: 2_100,
    routes: [
      { route: 'east', provider: 'Bandwidth', calls: 6000, blocked: 1500 },
      { route: 'west', provider: null, calls: 6372, blocked: 600 },
    ],
    campaigns: [{ campaign: 'reminders', calls: 12_372, purpose: 'Informational/Notification' }],
    samples: [
      {
        startMs: T,
        callee: '+15125550199',
        route: 'east',
        sipCode: 603,
        sipReason: 'Network Blocked',
        redressId: 'BLK-9',
      },
      {
        startMs: T - 60_000,
        callee: '+15125550142',
        route: 'west',
        sipCode: 403,
        sipReason: 'Forbidden',
        redressId: null,
      },
    ],
    contacts: [
      {
        route: 'east',
        sipCode: 603,
        url: 'https://example.com/redress',
        tel: null,
        email: null,
        id: 'BLK-9',
        location: 'TN',
        card: null,
        calls: 40,
        lastMs: T,
      },
    ],
    attestation: { A: 100, B: 0, C: 0, unknown: 12_272 },
    ...over,
  };
}

describe('First Orion: two columns, no header, a purpose from its fixed list, at most 500 rows a file', () => {
  it("the list is First Orion's, spelled as its upload takes it", () => {
    expect(CALL_PURPOSES).toEqual([
      'Charity',
      'Customer Service',
      'Debt Collection',
      'Informational/Notification',
      'Multi-Use Line',
      'Political',
      'Prison',
      'Survey',
      'Telemarketing',
      'Do Not Originate',
    ]);
    expect(callPurpose('informational')).toBe('Informational/Notification');
    expect(callPurpose('multi use line')).toBe('Multi-Use Line');
    expect(callPurpose('spam')).toBeNull();
  });

  it('splits beyond 500 rows; every row is number-with-area-code,purpose', () => {
    const rows = Array.from({ length: 1201 }, (_, i) => ({
      number: `+1212555${String(i).padStart(4, '0')}`,
      purpose: 'Customer Service' as const,
    }));
    const files = firstOrionCsv(rows);
    expect(files.map((f) => f.trimEnd().split('\r\n').length)).toEqual([
      FIRST_ORION_MAX_ROWS,
      FIRST_ORION_MAX_ROWS,
      201,
    ]);
    for (const f of files) {
      for (const line of f.trimEnd().split('\r\n')) {
        const cols = line.split(',');
        expect(cols).toHaveLength(2);
        expect(cols[0]).toMatch(/^\d{10}$/);
        expect(CALL_PURPOSES).toContain(cols[1]);
      }
    }
    expect(files[0]!.startsWith('2125550000,Customer Service\r\n')).toBe(true);
  });

  it('the packet carries the CSV; without a purpose it says what is missing and writes no file', () => {
    const p = ENGINES['first-orion'].build(input());
    expect(p.files.map((f) => [f.filename, f.content.toString()])).toEqual([
      ['first-orion-2125550123.csv', '2125550123,Informational/Notification\r\n'],
    ]);
    const none = ENGINES['first-orion'].build(
      input({ campaigns: [{ campaign: 'x', calls: 1, purpose: null }], profile: { ...input().profile, purposes: {} } }),
    );
    expect(none.files).toEqual([]);
    expect(none.missing[0]).toMatch(/Call purpose/);
  });
});

describe("Free Caller Registry: the form's fields", () => {
  it('fills numbers, category, contact, company name and address, URL, service provider, monthly volume', () => {
    const p = ENGINES['free-caller-registry'].build(input());
    expect(p.text.split('\n').slice(1)).toEqual([
      'Phone numbers: 2125550123',
      'Call category: Informational/Notification',
      'Contact name: Jane Roe',
      'Company phone: +15125550100',
      'Email: jane@acme.example',
      'Calling company name: Acme Dental',
      'Company address: 1 Main St, Austin TX 78701',
      'Calling company URL: https://acme.example',
      'Service provider: Bandwidth',
      'Monthly call volume: 12,372',
    ]);
    expect(p.missing).toEqual([]);
  });

  it('an empty profile: each missing field says so, and is listed', () => {
    const p = ENGINES['free-caller-registry'].build(
      input({
        profile: {
          name: null,
          address: null,
          url: null,
          contactName: null,
          contactEmail: null,
          contactPhone: null,
          cnam: null,
          purposes: {},
          providers: {},
        },
        routes: [],
        campaigns: [],
      }),
    );
    expect(p.missing).toEqual([
      'Call category',
      'Contact name',
      'Company phone',
      'Email',
      'Calling company name',
      'Company address',
      'Calling company URL',
      'Service provider',
    ]);
    expect(p.text).toContain('Email: (missing: set it with /sip redress profile)');
  });
});

describe('Hiya / TNS review request and carrier redress text', () => {
  it.each(['hiya', 'tns'] as const)(
    '%s: numbers, business, use case, calls per day, sample refused times',
    (engine) => {
      const p = ENGINES[engine].build(input());
      expect(p.text).toContain('Numbers: +12125550123');
      expect(p.text).toContain('Business: Acme Dental');
      expect(p.text).toContain('Use case: reminders (Informational/Notification)');
      expect(p.text).toContain('Calls per day: 412');
      expect(p.text).toContain('2026-11-20 15:04 UTC  to +1512555XXXX  via east  603 Network Blocked  id=BLK-9');
      expect(p.where).toMatch(engine === 'hiya' ? /hiyahelp/ : /tnsresponsecenter/);
    },
  );

  it('carrier: calling number, masked called numbers, times, codes, phrases, 603+ ids, sent to the 603+ contact', () => {
    const p = ENGINES.carrier.build(input());
    expect(p.text).toContain('Calling number: +12125550123 (Acme Dental, https://acme.example)');
    expect(p.text).toContain('603+ ids: BLK-9');
    expect(p.text).toContain('2026-11-20 15:03 UTC  to +1512555XXXX  via west  403 Forbidden');
    expect(p.text).not.toMatch(/to \+1512555\d{4}/);
    expect(p.where).toBe('https://example.com/redress');
    expect(ENGINES.carrier.build(input({ contacts: [] })).missing[0]).toMatch(/Carrier contact/);
  });

  it('every engine of the list builds a packet', () => {
    for (const e of ENGINE_IDS) expect(ENGINES[e].build(input()).engine).toBe(e);
  });
});

describe('which engine to ask, with its evidence', () => {
  const contact = (over: Partial<ContactRow>): ContactRow => ({
    route: 'east',
    sipCode: 603,
    url: null,
    tel: null,
    email: null,
    id: null,
    location: null,
    card: null,
    calls: 3,
    lastMs: T,
    ...over,
  });
  it('a 603+ contact naming an engine, a carrier route, an unknown contact, nothing', () => {
    expect(inferEngines([contact({ url: 'https://www.hiya.com/redress', id: 'H1' })], [])).toEqual([
      { engine: 'hiya', why: ['3 refusals on east (603+) named https://www.hiya.com/redress, id H1'] },
    ]);
    expect(inferEngines([], [{ route: 'verizon-wholesale', provider: null, blocked: 12 }])).toEqual([
      { engine: 'tns', why: ['12 refusals on verizon-wholesale: Verizon labels with TNS Call Guardian'] },
    ]);
    expect(inferEngines([], [{ route: 'east', provider: 'T-Mobile', blocked: 5 }])[0]!.engine).toBe('first-orion');
    expect(inferEngines([contact({ email: 'blocking@carrier.example', sipCode: 608, card: null })], [])[0]).toEqual({
      engine: 'carrier',
      why: ['3 refusals on east (608 Call-Info) named blocking@carrier.example'],
    });
    expect(inferEngines([], [{ route: 'east', provider: null, blocked: 5 }])[0]!.engine).toBe('free-caller-registry');
  });
});
