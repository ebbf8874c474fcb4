// Pause / resume an endpoint: one button whose label follows the endpoint's state.
import { call } from '../api.js';
import { busy, el } from '../dom.js';

/** `after(updated)` runs with the endpoint as the API returned it. */
export function pauseResumeButton(endpoint, errorSlot, after) {
  const pausing = endpoint.status === 'active';
  const verb = pausing ? 'Pause' : 'Resume';
  const button = el('button', { type: 'button', 'aria-label': `${verb} endpoint ${endpoint.id}` }, verb);
  button.addEventListener('click', async () => {
    const updated = await busy(button, errorSlot, () => call('POST', `/v1/endpoints/${endpoint.id}/${pausing ? 'pause' : 'resume'}`));
    if (updated) await after(updated);
  });
  return button;
}
