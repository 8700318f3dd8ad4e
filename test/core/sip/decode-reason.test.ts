import { describe, expect, it } from 'vitest';
import { decodeReason } from '../../../src/core/sip/decode-reason.js';

describe('decodeReason', () => {
  it.each([
    ['Caller Origination Number is Invalid D35', 'caller_id', 'telnyx-d35'],
    ['403 Caller Origination Number is Invalid D35', 'caller_id', 'telnyx-d35'],
    ['Forbidden - account suspended', 'account', 'account'],
    ['403 Forbidden - account suspended', 'account', 'account'],
    ['Destination not allowed', 'destination_permission', 'destination'],
    ['Spam suspected', 'reputation', 'reputation'],
    ['Network Blocked', 'reputation', 'reputation'],
    ['Stale Date', 'stir', 'stir-stale'],
    ['Invalid Identity Header', 'stir', 'stir-identity'],
    ['Call limit exceeded', 'limit', 'limit'],
    ['Too Many Requests', 'limit', 'limit'],
    ['CPS exceeded', 'limit', 'limit'],
    ['Forbidden D22', 'limit', 'telnyx-limits'],
    ['Forbidden D12', 'destination_permission', 'telnyx-destination'],
    ['Forbidden D14', 'account', 'telnyx-disabled'],
    ['Forbidden D27', 'credentials', 'telnyx-auth'],
    ['Authentication failed', 'credentials', 'credentials'],
    ['IP not in ACL', 'ip_allowlist', 'ip-acl'],
    ['Invalid caller ID', 'caller_id', 'caller-id'],
    ['P-Asserted-Identity not permitted', 'caller_id', 'caller-id'],
    ['Insufficient balance', 'account', 'account'],
    ['International calls barred', 'destination_permission', 'destination'],
  ])('%s -> %s', (phrase, category, id) => {
    const d = decodeReason(phrase);
    expect(d?.category).toBe(category);
    expect(d?.id).toBe(id);
    expect(d?.check.length).toBeGreaterThan(20);
  });

  it.each([
    ['Forbidden'],
    ['403 Forbidden'],
    ['SIP/2.0 403 Forbidden'],
    [''],
    ['Decline'],
    ['Rejected'],
    [null],
    [undefined],
    ['Busy Here'],
  ])('says nothing about %s', (phrase) => {
    expect(decodeReason(phrase)).toBeNull();
  });

  it('names the provider of provider-specific codes', () => {
    expect(decodeReason('Caller Origination Number is Invalid D35')?.provider).toBe('Telnyx');
  });
});
