import { expect } from '@open-wc/testing';
import { createClient, permissionsFrom, type Me } from '../../src/core/index.js';
import { makeIntegration } from '../support/fixtures.js';
import { fakeServer, untilTrue } from '../support/fake-server.js';
import sinon from 'sinon';

/** Timers and Date under one fake clock: the scheduler compares due times with Date.now(). */
async function withFakeClock(body: (clock: sinon.SinonFakeTimers) => Promise<void>): Promise<void> {
  const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  try {
    await body(clock);
  } finally {
    clock.restore();
  }
}

// Its own API origin: test files run at once in one browser, and the scheduler's locks and
// BroadcastChannel are per origin and API (another file's refresh of 'int-1' would be ours).
const BASE = 'https://permissions.example.com/api';
const me = (role: string, permissions: string[]): Me => ({ tenant: { id: 'tenant-a' }, user: { id: 'u-1' }, role, permissions });
const OWNER = me('owner', ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test']);
const MEMBER = me('member', ['read']);

describe('permissions', () => {
  it('offer what /me grants, nothing that writes while it loads, and everything when the API has no /me', () => {
    const member = permissionsFrom(MEMBER);
    expect(member.can('read')).to.equal(true);
    expect(member.can('update')).to.equal(false);
    expect(member.denied('delete')).to.equal('role');
    expect(member.role).to.equal('member');

    const loading = permissionsFrom(undefined);
    expect(loading.known).to.equal(false);
    expect(loading.can('read')).to.equal(true);
    expect(loading.can('create')).to.equal(false);
    expect(loading.denied('create'), 'not denied, only not known yet').to.equal(undefined);

    const unsaid = permissionsFrom(null);
    expect(unsaid.known).to.equal(true);
    expect(['create', 'update', 'delete', 'connect', 'refresh', 'test'].every((a) => unsaid.can(a as 'create'))).to.equal(true);

    const forced = permissionsFrom(OWNER, true);
    expect(forced.can('read')).to.equal(true);
    expect(forced.denied('update')).to.equal('readonly');
  });

  it('come from GET /me through the client, with the host’s readonly on top', async () => {
    const server = fakeServer([], { me: OWNER });
    const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false });
    expect(client.permissions.known).to.equal(false);
    expect((await client.loadPermissions()).can('delete')).to.equal(true);
    expect(client.permissions.can('delete')).to.equal(true);
    client.destroy();

    const readonly = createClient({ apiBaseUrl: BASE, fetch: fakeServer([], { me: OWNER }).fetch, autoRefresh: false, readonly: true });
    expect((await readonly.loadPermissions()).denied('delete')).to.equal('readonly');
    readonly.destroy();

    const legacy = createClient({ apiBaseUrl: BASE, fetch: fakeServer([]).fetch, autoRefresh: false });
    expect((await legacy.loadPermissions()).can('delete'), 'no /me: the server decides').to.equal(true);
    legacy.destroy();
  });

  for (const [who, answer, refreshes] of [
    ['a member', MEMBER, 0],
    ['an owner', OWNER, 1],
  ] as const) {
    it(`the refresh scheduler ${refreshes ? 'refreshes' : 'never refreshes'} for ${who}, and shows no failure`, async () => {
      await withFakeClock(async (clock) => {
        const expiring = makeIntegration({ id: 'int-1', tokenExpiresAt: new Date(Date.now() + 30_000).toISOString() });
        const server = fakeServer([expiring], { me: answer });
        const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, refetchIntervalMs: 0 });
        await client.getIntegration('int-1');
        // The scheduler's first look comes after a frame (real time, not the fake clock).
        await client.tokens.settled();
        await clock.tickAsync(60_000);
        await untilTrue(() => client.tokens.stateOf('int-1') !== 'refreshing', 'no refresh running');
        expect(server.refreshRequests()).to.have.length(refreshes);
        expect(client.tokens.stateOf('int-1')).to.not.equal('error');
        expect(client.tokens.lastError('int-1')).to.equal(undefined);
        client.destroy();
      });
    });
  }

  it('a 403 from a refresh halts it without turning the badge red; the caller of a manual refresh still hears it', async () => {
    await withFakeClock(async (clock) => {
      const expiring = makeIntegration({ id: 'int-1', tokenExpiresAt: new Date(Date.now() + 30_000).toISOString() });
      const server = fakeServer([expiring]);
      server.intercept((request) =>
        request.url.pathname.endsWith('/tokens/refresh')
          ? new Response(JSON.stringify({ error: { code: 'permission_denied', message: 'No.' } }), { status: 403 })
          : undefined,
      );
      const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, refetchIntervalMs: 0 });
      // /me answered first: the scheduler's permission check must not race the fake clock.
      await client.loadPermissions();
      await client.getIntegration('int-1');
      await client.tokens.settled();
      await clock.tickAsync(60_000);
      const refused = () => server.refreshRequests().length === 1 && client.tokens.stateOf('int-1') !== 'refreshing';
      // Real tasks (a body read) and held timers may both lie between the request and its outcome.
      for (let second = 0; second < 30 && !refused(); second++) await clock.tickAsync(1_000);
      await untilTrue(refused, 'refused');
      expect(client.tokens.stateOf('int-1')).to.equal('expired');
      expect(client.tokens.lastError('int-1')).to.equal(undefined);
      await clock.tickAsync(10 * 60_000);
      expect(server.refreshRequests(), 'not tried again').to.have.length(1);
      const manual = await client.refreshToken('int-1').catch((error: unknown) => error);
      expect((manual as { code?: string }).code).to.equal('permission_denied');
      client.destroy();
    });
  });

  it('a disabled integration reads paused and is never refreshed', async () => {
    await withFakeClock(async (clock) => {
      const disabled = makeIntegration({ id: 'int-1', status: 'disabled', tokenExpiresAt: new Date(Date.now() + 30_000).toISOString() });
      const server = fakeServer([disabled], { me: OWNER });
      const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, refetchIntervalMs: 0 });
      await client.getIntegration('int-1');
      await client.tokens.settled();
      await clock.tickAsync(120_000);
      expect(client.tokens.stateOf('int-1')).to.equal('paused');
      expect(server.refreshRequests()).to.have.length(0);
      client.destroy();
    });
  });
});
