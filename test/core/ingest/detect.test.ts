import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, sniffContainer } from '../../../src/core/ingest/detect.js';
import { FIXTURES } from './ingest-file.js';

function detect(name: string) {
  const head = readFileSync(join(FIXTURES, name), 'utf8').split('\n').slice(0, 50);
  const c = sniffContainer(head)!;
  return [c, detectFormat(c, head)];
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

  it('gives up on text that is no known format', () => {
    expect(detectFormat('csv', ['name,age', 'bob,42'])).toBeUndefined();
    expect(detectFormat('ndjson', ['{"hello":"world"}'])).toBeUndefined();
    expect(sniffContainer(['', '  '])).toBeUndefined();
  });
});
