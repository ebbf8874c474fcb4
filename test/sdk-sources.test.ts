// The SDK's sources resource against the real API: create, read, disable and enable, reveal and rotate
// the secret, and read the request log a signed request left (signed with Octokit's own `sign`).
import { describe, expect, it } from 'vitest';
import { sign } from '@octokit/webhooks-methods';
import { sdkClient } from './helpers/sdk-client';
import { sendInbound } from './helpers/senders';

describe('client.sources', () => {
  it('manages a source and reads the requests it received', async () => {
    const client = sdkClient();
    const source = await client.sources.create({ name: 'sdk github', verification: { type: 'github', secret: 'sdk-secret-1' }, eventTypePrefix: 'gh.' });
    expect(source.verification).toEqual({ type: 'github', secret: '********' });
    expect((await client.sources.get(source.id)).eventType).toEqual({ from: 'header', name: 'X-GitHub-Event' });
    expect((await client.sources.disable(source.id)).status).toBe('disabled');
    expect((await client.sources.enable(source.id)).status).toBe('active');
    expect((await client.sources.revealSecret(source.id)).secret).toBe('sdk-secret-1');
    const rotated = await client.sources.rotateSecret(source.id, { secret: 'sdk-secret-2', gracePeriodSeconds: 60 });
    expect(Date.parse(rotated.previousSecretExpiresAt)).toBeGreaterThan(Date.now());

    const body = JSON.stringify({ ref: 'main' });
    const answer = await sendInbound(source.id, { body, headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'sdk-1', 'x-hub-signature-256': await sign('sdk-secret-2', body) } });
    expect(answer.status).toBe(202);
    const requests = [];
    for await (const r of client.sources.requests(source.id)) requests.push(r);
    expect(requests).toEqual([expect.objectContaining({ outcome: 'accepted', eventId: answer.body.eventId, bodyBytes: body.length })]);
    expect((await client.events.get(answer.body.eventId)).type).toBe('gh.push');
    expect((await client.sources.delete(source.id)).deleted).toBe(true);
  });
});
