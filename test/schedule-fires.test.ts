// Schedules firing for real: Temporal dev server → scheduledFireWorkflow → TaskRun workflow → a receiver
// that verifies every signature. Every-second schedules (six-field cron) keep the tests short.
import { afterEach, describe, expect, it } from 'vitest';
import { api, sleep, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver, type Responder } from './helpers/receiver';
import { useTemporalClient, workflowIdsFound } from './helpers/temporal-client';

let receiver: Receiver;
const temporal = useTemporalClient();
const created: string[] = [];

afterEach(async () => {
  // Every-second schedules must not keep firing into the next test.
  for (const id of created.splice(0)) await api('DELETE', `/v1/schedules/${id}`);
  await receiver?.close();
});

async function scheduleFor(body: Record<string, unknown>, respond: Responder = respondWith(200)) {
  receiver = await startReceiver(respond);
  const endpoint = await endpointFor(receiver);
  const res = await api('POST', '/v1/schedules', { endpointId: endpoint.id, payload: { report: 'daily' }, ...body });
  expect(res.status).toBe(201);
  created.push(res.body.id);
  return res.body;
}

const runsOf = async (id: string) => (await api('GET', `/v1/schedules/${id}/runs?limit=100`)).body.data as any[];

/** Waits until no fire is in flight, so counts stop moving. */
async function settled(id: string) {
  await waitFor(() => runsOf(id), (runs) => runs.every((r) => ['success', 'dead_letter', 'failed', 'cancelled'].includes(r.status)), 15_000, 200);
  await sleep(1500); // a fire Temporal already started when we paused may still create its run
  return (await runsOf(id)).length;
}

describe('a schedule fires Task Runs that deliver', () => {
  it('every second: each fire is a signed delivery recorded with its schedule and nominal fire time', async () => {
    const schedule = await scheduleFor({ cron: '* * * * * *' });
    await receiver.waitForRequests(3, 20_000);
    const runs = await waitFor(() => runsOf(schedule.id), (rs) => rs.filter((r) => r.status === 'success').length >= 3);
    await api('POST', `/v1/schedules/${schedule.id}/pause`);

    const done = runs.filter((r) => r.status === 'success');
    for (const run of done) {
      expect(run).toMatchObject({ trigger: 'schedule', scheduleId: schedule.id, payload: { report: 'daily' }, workflowId: `task-run/${run.id}` });
      expect(run.nominalFireTime).toMatch(/T\d\d:\d\d:\d\d\.000Z$/); // whole seconds: the calendar's times
    }
    expect(new Set(done.map((r) => r.nominalFireTime)).size).toBe(done.length);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    expect(receiver.requests.map((r) => JSON.parse(r.body))).toContainEqual({ report: 'daily' });
    const webhookIds = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    for (const run of done) expect(webhookIds.has(run.webhookId)).toBe(true);
    // The run is also in the general task run API, with the same fields.
    expect((await api('GET', `/v1/task-runs/${done[0].id}`)).body).toMatchObject({ scheduleId: schedule.id, nominalFireTime: done[0].nominalFireTime });

    // Findable in Temporal (and so in its Web UI) by schedule: the fires and their task runs.
    const described = await temporal().schedule.getHandle(schedule.temporalScheduleId).describe();
    expect(described.info.numActionsTaken).toBeGreaterThanOrEqual(3);
    expect(described.info.recentActions[0].action.workflow.workflowId).toMatch(new RegExp(`^schedule/${schedule.id}-`));
    const listed = await waitFor(
      () => workflowIdsFound(temporal(), `EdgeCronScheduleId = "${schedule.id}"`),
      (ids) => done.every((r) => ids.includes(`task-run/${r.id}`)),
      15_000,
      500,
    );
    expect(listed.some((wid) => wid.startsWith(`schedule/${schedule.id}-`))).toBe(true);
  });

  it('pause stops the fires and resume restarts them', async () => {
    const schedule = await scheduleFor({ cron: '* * * * * *' });
    await receiver.waitForRequests(2, 20_000);
    expect((await api('POST', `/v1/schedules/${schedule.id}/pause`, { note: 'receiver upgrade' })).body.state).toBe('paused');
    const countAtPause = await settled(schedule.id);
    const requestsAtPause = receiver.requests.length;

    await sleep(3000);
    expect((await runsOf(schedule.id)).length).toBe(countAtPause);
    expect(receiver.requests.length).toBe(requestsAtPause);

    expect((await api('POST', `/v1/schedules/${schedule.id}/resume`)).body.state).toBe('active');
    await receiver.waitForRequests(requestsAtPause + 2, 20_000);
    await waitFor(() => runsOf(schedule.id), (rs) => rs.length >= countAtPause + 2);
  });

  it('trigger-now delivers at once, even with the next calendar fire a year away', async () => {
    const schedule = await scheduleFor({ cron: '0 0 1 1 *' });
    const res = await api('POST', `/v1/schedules/${schedule.id}/trigger`);
    expect(res.status).toBe(202);
    await receiver.waitForRequests(1, 15_000);
    const [run] = await waitFor(() => runsOf(schedule.id), (rs) => rs.length === 1 && rs[0].status === 'success');
    expect(run).toMatchObject({ trigger: 'schedule', scheduleId: schedule.id });
    expect(receiver.requests[0].signatureValid).toBe(true);
    expect(receiver.requests[0].headers['webhook-id']).toBe(run.webhookId);
  });

  it('a one-shot fires exactly once, then is completed', async () => {
    const runAt = new Date(Date.now() + 3000).toISOString();
    const schedule = await scheduleFor({ runAt });
    expect(schedule.state).toBe('active');
    await receiver.waitForRequests(1, 20_000);
    const [run] = await waitFor(() => runsOf(schedule.id), (rs) => rs.length === 1 && rs[0].status === 'success');
    expect(run.nominalFireTime).toBe(schedule.runAt);

    await sleep(3000);
    expect(receiver.requests).toHaveLength(1);
    expect(await runsOf(schedule.id)).toHaveLength(1);
    const after = (await api('GET', `/v1/schedules/${schedule.id}`)).body;
    expect(after).toMatchObject({ state: 'completed', nextFireTimes: [], actionsTaken: 1 });
  });

  describe('overlap policy', () => {
    // The receiver takes 2.5 s to answer while the schedule fires every second.
    const slowly: Responder = (_req, _i, res) => void setTimeout(() => res.writeHead(200).end(), 2500);
    const inFlightAtOnce = (r: Receiver) => {
      // Requests that arrived while an earlier one was still waiting for its answer.
      return r.requests.filter((req, i) => i > 0 && req.at - r.requests[i - 1].at < 2400).length;
    };

    it('skip (the default): a fire that comes while the previous delivery is going is skipped', async () => {
      const schedule = await scheduleFor({ cron: '* * * * * *' }, slowly);
      await receiver.waitForRequests(3, 20_000);
      await api('POST', `/v1/schedules/${schedule.id}/pause`);
      expect(inFlightAtOnce(receiver)).toBe(0);
      const described = await temporal().schedule.getHandle(schedule.temporalScheduleId).describe();
      expect(described.info.numActionsSkippedOverlap).toBeGreaterThan(0);
    });

    it('allow_all: fires start while earlier deliveries are still going', async () => {
      const schedule = await scheduleFor({ cron: '* * * * * *', overlapPolicy: 'allow_all' }, slowly);
      await receiver.waitForRequests(3, 20_000);
      await api('POST', `/v1/schedules/${schedule.id}/pause`);
      expect(inFlightAtOnce(receiver)).toBeGreaterThan(0);
    });
  });
});
