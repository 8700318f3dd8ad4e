import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, sampleOf } from '../../../src/core/ingest/detect.js';
import { FIXTURES } from './ingest-file.js';

function detect(name: string) {
  const s = sampleOf(readFileSync(join(FIXTURES, name), 'utf8'))!;
  return [s.container, detectFormat(s)?.name];
}

describe('auto detection', () => {
  it.each([
    ['canonical.csv', 'csv', 'csv'],
    ['dialer-export.csv', 'csv', 'csv'],
    ['canonical.ndjson', 'ndjson', 'ndjson'],
    ['canonical.json', 'jsondoc', 'json'],
    ['Master.csv', 'csv', 'asterisk'],
    ['freeswitch-cdr.json', 'jsondoc', 'freeswitch'],
    ['freeswitch.ndjson', 'ndjson', 'freeswitch'],
    ['kamailio-acc.log', 'syslog', 'kamailio'],
    ['opensips-acc.log', 'syslog', 'opensips'],
    ['kamailio-acc.csv', 'csv', 'kamailio'],
    ['opensips-missed_calls.csv', 'csv', 'opensips'],
    ['twilio-callbacks.txt', 'form', 'twilio'],
    ['twilio-callbacks.ndjson', 'ndjson', 'twilio'],
    ['twilio-console.csv', 'csv', 'twilio'],
    ['telnyx-hangup.ndjson', 'ndjson', 'telnyx'],
    ['signalwire-callbacks.txt', 'form', 'signalwire'],
    ['bandwidth-disconnect.ndjson', 'ndjson', 'bandwidth'],
    ['bandwidth-insights.json', 'jsondoc', 'bandwidth'],
  ])('%s is %s / %s', (name, container, format) => {
    expect(detect(name)).toEqual([container, format]);
  });

  it('reads far enough for a pretty-printed FreeSWITCH CDR whose "variables" come after 50 lines', () => {
    const doc = {
      'core-uuid': 'x',
      channel_data: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, 'v'])),
      variables: { uuid: 'u' },
    };
    const s = sampleOf(JSON.stringify(doc, null, 2))!;
    expect(detectFormat(s)?.name).toBe('freeswitch');
  });

  it('reads semicolon- and tab-separated headers', () => {
    expect(
      sampleOf('call_id;start_time;caller;callee;sip_code\n1;2026-11-20T10:00:00Z;+12125550123;+15125550100;403\n')!
        .header,
    ).toEqual(['call_id', 'start_time', 'caller', 'callee', 'sip_code']);
    expect(detectFormat(sampleOf('start_time\tcaller\tcallee\tsip_code\n')!)?.name).toBe('csv');
  });

  it('gives up on text that is no known format', () => {
    expect(detectFormat(sampleOf('name,age\nbob,42\n')!)).toBeUndefined();
    expect(detectFormat(sampleOf('{"hello":"world"}\n')!)).toBeUndefined();
    expect(sampleOf('\n  \n')).toBeUndefined();
  });
});
