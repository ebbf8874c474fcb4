// The function sees an endpoint's header values and URL credentials masked; a masked value it returns
// unchanged stands for the stored one, so secrets never enter the sandbox and still reach the receiver.
import { keepMaskedHeaders, keepMaskedUrl, MASK, maskUrl } from '../domain/node/endpoint-credentials';
import type { TransformedWebhook } from './validate-result';

export function maskForSandbox(target: { url: string; headers: Record<string, string> }) {
  return { url: maskUrl(target.url), headers: Object.fromEntries(Object.keys(target.headers).map((n) => [n, MASK])) };
}

/** The result with masks put back to the stored values; a mask with nothing behind it throws (invalid result). */
export function unmask(result: TransformedWebhook, stored: { url: string; headers: Record<string, string> }): TransformedWebhook {
  return { ...result, url: keepMaskedUrl(result.url, stored.url), headers: keepMaskedHeaders(result.headers, stored.headers) };
}
