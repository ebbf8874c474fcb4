// An endpoint's transformation on its page: the code (full-scope keys; others are told why not) and a
// test run of it on a recent run's payload, showing the result and console.log lines, or the problem.
import { call } from '../api.js';
import { busy, el, fill, formatTime } from '../dom.js';

const pretty = (value) => JSON.stringify(value, null, 2);

export function transformationSection(endpoint, runs) {
  const section = el('section', { 'aria-label': 'Transformation' }, el('h2', {}, 'Transformation'));
  if (!endpoint.transformation) {
    section.append(el('p', { class: 'muted', id: 'transformation-none' }, 'No transformation: deliveries are sent as the run holds them.'));
    return section;
  }
  const codeSlot = el('div', {});
  const output = el('div', { 'aria-live': 'polite', id: 'transformation-test-output' });
  const errors = el('div', {});
  section.append(
    el('p', {}, endpoint.transformation.enabled ? 'Enabled: ' : 'Disabled: ', `${endpoint.transformation.codeBytes} bytes of JavaScript reshape each delivery before it is signed.`),
    codeSlot,
  );
  call('GET', `/v1/endpoints/${endpoint.id}/transformation`).then(
    (t) => fill(codeSlot,
      el('pre', { class: 'mono', id: 'transformation-code' }, t.transformation?.code ?? ''),
      t.versions[0] ? el('p', { class: 'muted' }, `Last changed ${formatTime(t.versions[0].changedAt)} by ${t.versions[0].changedBy.name} (${t.versions.length} versions kept).`) : null),
    (err) => fill(codeSlot, el('p', { class: 'muted' }, err.status === 403 ? 'The code needs a full-scope API key.' : `The code could not be read (${err.detail ?? err.message}).`)),
  );

  const withPayload = runs.filter(({ run }) => run.payload !== null && run.payload !== undefined);
  if (withPayload.length === 0) {
    section.append(el('p', { class: 'muted' }, 'No recent run with a payload to test it on.'));
    return section;
  }
  const picker = el('select', { id: 'transformation-test-run', 'aria-label': 'Run whose payload to test with' },
    withPayload.map(({ run }) => el('option', { value: run.id }, `${run.id} (${run.status}, ${formatTime(run.createdAt)})`)));
  const button = el('button', { type: 'button' }, 'Test on this run\'s payload');
  button.addEventListener('click', async () => {
    fill(output);
    const { run } = withPayload.find(({ run: r }) => r.id === picker.value);
    const eventType = run.eventId && run.payload && typeof run.payload.type === 'string' ? run.payload.type : undefined;
    const answer = await busy(button, errors, () => call('POST', '/v1/transformations/test', { endpointId: endpoint.id, payload: run.payload, ...(eventType ? { eventType } : {}) }));
    if (!answer) return;
    fill(output,
      el('p', {}, answer.result.cancel ? 'The delivery would be skipped (cancel: true).' : `Would send ${answer.result.method} ${answer.result.url}`, el('span', { class: 'muted' }, ` — ${answer.durationMs} ms`)),
      el('pre', { class: 'mono', id: 'transformation-test-result' }, pretty(answer.result)),
      answer.logs.length ? el('pre', { class: 'mono', id: 'transformation-test-logs', 'aria-label': 'console.log lines' }, answer.logs.join('\n')) : null);
  });
  section.append(el('div', { class: 'toolbar' }, picker, button), errors, output);
  return section;
}
