/**
 * The Activity tab of <integration-details>: newest first, who and when, what changed (secrets
 * hidden), the provider's words as isolated text, load more, loading/empty/error states, live
 * entries from the event stream, CSV exports that a spreadsheet cannot run, and German words.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/elements/integration-details/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { ACTIVITY_PANEL_TAG } from '../../src/elements/integration-details/activity-panel.js';
import type { Activity, IntegrationsClient, Me } from '../../src/core/index.js';
import { setLocale } from '../../src/localization.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { fakeServer, gate } from '../support/fake-server.js';
import { makeIntegration } from '../support/fixtures.js';
import { destroyLiveClients, LIVE_OWNER, liveClient, streamOpen } from '../support/live.js';

const MINUTE = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function makeActivity(): Activity[] {
  return [
    {
      id: 'a-3',
      integrationId: 'int-1',
      at: ago(2 * MINUTE),
      kind: 'refresh_failed',
      actor: { type: 'server' },
      detail: { reason: '=HYPERLINK("http://evil.example") invalid_grant: consent revoked' },
    },
    {
      id: 'a-2',
      integrationId: 'int-1',
      at: ago(60 * MINUTE),
      kind: 'settings_changed',
      actor: { type: 'user', id: 'user-1' },
      detail: {
        changes: [
          { field: 'region', from: 'eu-west-1', to: 'us-east-1' },
          { field: 'apiKey', from: '[secret]', to: '[secret]' },
        ],
      },
    },
    { id: 'a-1', integrationId: 'int-1', at: ago(3 * 24 * 60 * MINUTE), kind: 'created', actor: { type: 'user', id: 'user-7' } },
  ];
}

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(client: IntegrationsClient, tab = 'activity'): Promise<{ el: IntegrationDetailsElement; panel: () => HTMLElement }> {
  const el = await fixture<IntegrationDetailsElement>(
    html`<integration-details integration-id="int-1" tab=${tab} .client=${client}></integration-details>`,
  );
  const panel = () => el.shadowRoot!.querySelector<HTMLElement>(`#panel-activity > ${ACTIVITY_PANEL_TAG}`)!;
  return { el, panel };
}

const entries = (panel: HTMLElement) => [...panel.shadowRoot!.querySelectorAll<HTMLElement>('li.entry')];
const until = (condition: () => unknown, what: string) => waitUntil(condition, what, { timeout: 5000 });

afterEach(async () => {
  destroyLiveClients();
  sinon.restore();
  await setLocale('en');
});

describe('<integration-details> activity', () => {
  it('lists activity newest first: what, who, when (relative, exact in the title), changes with secrets hidden', async () => {
    const activity = makeActivity();
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, activity: { 'int-1': activity } });
    const { el, panel } = await mount(liveClient(server));
    await until(() => panel() && entries(panel()).length === 3, 'three entries');
    const [failed, changed, created] = entries(panel());
    expect(text(failed!.querySelector('.what'))).to.equal('Token refresh failed');
    expect(text(failed!.querySelector('.who'))).to.equal('Server');
    const time = failed!.querySelector('time')!;
    expect(time.getAttribute('datetime')).to.equal(activity[0]!.at);
    expect(text(time)).to.equal('2 minutes ago');
    expect(time.title).to.match(/\d/);
    // The provider's words: text, isolated, never markup.
    const reason = failed!.querySelector('.reason q')!;
    expect(reason.getAttribute('dir')).to.equal('auto');
    expect(reason.textContent).to.equal('=HYPERLINK("http://evil.example") invalid_grant: consent revoked');
    expect(text(changed!.querySelector('.who')), 'the caller').to.equal('You');
    const rows = [...changed!.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => text(cell)));
    expect(rows).to.deep.equal([
      ['region', 'eu-west-1', 'us-east-1'],
      ['apiKey', 'hidden', 'hidden'],
    ]);
    expect(text(created!.querySelector('.who')), 'another person, by id').to.equal('user-7');
    await expect(el).to.be.accessible();
  });

  it('members see it too (read permission)', async () => {
    const member: Me = { ...LIVE_OWNER, role: 'member', permissions: ['read'] };
    const server = fakeServer([makeIntegration()], { me: member, activity: { 'int-1': makeActivity() } });
    const { panel } = await mount(liveClient(server));
    await until(() => panel() && entries(panel()).length === 3, 'three entries');
    expect(panel().shadowRoot!.querySelector('button.download')).to.not.equal(null);
  });

  it('loading, then empty', async () => {
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER });
    const hold = gate();
    server.intercept(async (request, apply) => {
      if (!request.url.pathname.endsWith('/activity')) return undefined;
      await hold.opened;
      return apply();
    });
    const { panel } = await mount(liveClient(server));
    await until(() => panel()?.shadowRoot?.querySelector('.placeholder[role="status"]'), 'loading');
    hold.open();
    await until(() => panel().shadowRoot!.querySelector('.empty'), 'empty');
    expect(text(panel().shadowRoot!.querySelector('.empty'))).to.equal('Nothing has happened to this integration yet.');
  });

  it('error, then Try again loads it', async () => {
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, activity: { 'int-1': makeActivity() } });
    let failing = true;
    server.intercept((request) =>
      failing && request.url.pathname.endsWith('/activity')
        ? jsonResponse(500, { error: { code: 'server_error', message: 'Down.' } })
        : undefined,
    );
    const { panel } = await mount(liveClient(server));
    await until(() => panel()?.shadowRoot?.querySelector('.notice.danger[role="alert"]'), 'the error');
    expect(text(panel().shadowRoot!.querySelector('.notice'))).to.contain('Could not load the activity');
    failing = false;
    panel().shadowRoot!.querySelector<HTMLButtonElement>('button.retry')!.click();
    await until(() => entries(panel()).length === 3, 'loaded after Try again');
  });

  it('loads more by cursor', async () => {
    const many: Activity[] = Array.from({ length: 30 }, (_, i) => ({
      id: `a-${i}`,
      integrationId: 'int-1',
      at: ago(i * MINUTE),
      kind: 'tested',
      actor: { type: 'server' },
      detail: { ok: true, latencyMs: 40 + i },
    }));
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, activity: { 'int-1': many } });
    const { panel } = await mount(liveClient(server));
    await until(() => panel() && entries(panel()).length === 25, 'the first page');
    panel().shadowRoot!.querySelector<HTMLButtonElement>('button.load-more')!.click();
    await until(() => entries(panel()).length === 30, 'the second page');
    expect(panel().shadowRoot!.querySelector('button.load-more'), 'no more pages').to.equal(null);
    const cursors = server.requests.filter((r) => r.url.pathname.endsWith('/activity')).map((r) => r.url.searchParams.get('cursor'));
    expect(cursors).to.deep.equal([null, '25']);
  });

  it('updates live when activity.recorded arrives', async () => {
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, events: true, activity: { 'int-1': makeActivity() } });
    const client = liveClient(server);
    const { panel } = await mount(client);
    await streamOpen(client);
    await until(() => panel() && entries(panel()).length === 3, 'loaded');
    const revoked: Activity = {
      id: 'a-4',
      integrationId: 'int-1',
      at: new Date().toISOString(),
      kind: 'token_revoked',
      actor: { type: 'server' },
      detail: { reason: 'The user revoked access.' },
    };
    server.emit('activity.recorded', { integrationId: 'int-1', at: revoked.at, actor: revoked.actor, activity: revoked });
    await until(() => entries(panel()).length === 4, 'the new entry');
    expect(text(entries(panel())[0]!.querySelector('.what'))).to.equal('Token revoked');
    expect(
      server.requests.filter((r) => r.url.pathname.endsWith('/activity')),
      'no refetch',
    ).to.have.length(1);
  });

  it('is a tab like the others: End reaches it from the tablist', async () => {
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, activity: { 'int-1': makeActivity() } });
    const { el, panel } = await mount(liveClient(server), 'token');
    await until(() => el.shadowRoot!.querySelector('#tab-token'), 'tabs');
    el.shadowRoot!.querySelector<HTMLElement>('#tab-token')!.focus();
    await sendKeys({ press: 'End' });
    await until(() => el.tab === 'activity', 'the activity tab');
    const tab = el.shadowRoot!.querySelector('#tab-activity')!;
    expect(tab.getAttribute('aria-selected')).to.equal('true');
    expect(text(tab)).to.equal('Activity');
    await until(() => panel() && entries(panel()).length === 3, 'its panel loads');
  });

  it('Download CSV builds the export from the pages when the server has none, formula cells defused', async () => {
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, activity: { 'int-1': makeActivity() } });
    const blobs: Blob[] = [];
    sinon.stub(URL, 'createObjectURL').callsFake((blob) => {
      blobs.push(blob as Blob);
      return 'blob:test';
    });
    sinon.stub(URL, 'revokeObjectURL');
    sinon.stub(HTMLAnchorElement.prototype, 'click');
    const { panel } = await mount(liveClient(server));
    await until(() => panel() && entries(panel()).length === 3, 'loaded');
    panel().shadowRoot!.querySelector<HTMLButtonElement>('button.download')!.click();
    await until(() => blobs.length === 1, 'a file');
    const csv = await blobs[0]!.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).to.equal('"at","kind","actor","via","detail"');
    expect(lines).to.have.length(4);
    expect(lines[1]).to.contain('"\'=HYPERLINK(""http://evil.example"") invalid_grant: consent revoked"');
    expect(lines[2]).to.contain('"user:user-1"');
    expect(
      server.requests.some((r) => r.url.pathname.endsWith('/activity.csv')),
      'the server export was asked first',
    ).to.equal(true);
  });

  it('Download CSV uses the server’s export when it has one; usage too', async () => {
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, activity: { 'int-1': makeActivity() } });
    server.intercept((request) =>
      request.url.pathname.endsWith('.csv') ? new Response('"from","server"\r\n', { headers: { 'Content-Type': 'text/csv' } }) : undefined,
    );
    const blobs: Blob[] = [];
    sinon.stub(URL, 'createObjectURL').callsFake((blob) => {
      blobs.push(blob as Blob);
      return 'blob:test';
    });
    sinon.stub(URL, 'revokeObjectURL');
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click');
    const { el, panel } = await mount(liveClient(server));
    await until(() => panel() && entries(panel()).length === 3, 'loaded');
    panel().shadowRoot!.querySelector<HTMLButtonElement>('button.download')!.click();
    await until(() => blobs.length === 1, 'the activity file');
    expect(await blobs[0]!.text()).to.equal('"from","server"\r\n');
    expect((click.firstCall.thisValue as HTMLAnchorElement).download).to.equal('int-1-activity.csv');
    const csvRequest = server.requests.find((r) => r.url.pathname.endsWith('/activity.csv'))!;
    expect(csvRequest.headers.get('Authorization')).to.equal('Bearer token-1');

    el.tab = 'usage';
    await until(() => el.shadowRoot!.querySelector('#panel-usage > *')?.shadowRoot?.querySelector('button.download'), 'usage');
    el.shadowRoot!.querySelector('#panel-usage > *')!.shadowRoot!.querySelector<HTMLButtonElement>('button.download')!.click();
    await until(() => blobs.length === 2, 'the usage file');
    const usageRequest = server.requests.find((r) => r.url.pathname.endsWith('/usage.csv'))!;
    expect(usageRequest.url.searchParams.get('range')).to.equal('7d');
  });

  // Needs the German catalogue regenerated from xliff (npx lit-localize) after this change's strings.
  it('speaks German', async () => {
    await setLocale('de');
    const server = fakeServer([makeIntegration()], { me: LIVE_OWNER, activity: { 'int-1': makeActivity() } });
    const { el, panel } = await mount(liveClient(server));
    await until(() => panel() && entries(panel()).length === 3, 'loaded');
    expect(text(el.shadowRoot!.querySelector('#tab-activity'))).to.equal('Aktivität');
    const [failed, changed] = entries(panel());
    expect(text(failed!.querySelector('.what'))).to.equal('Token-Aktualisierung fehlgeschlagen');
    expect(text(failed!.querySelector('time'))).to.equal('vor 2 Minuten');
    expect(text(changed!.querySelector('.who'))).to.equal('Sie');
    expect(text(changed!.querySelectorAll('tbody tr')[1]!.children[1]!)).to.equal('verborgen');
    expect(text(panel().shadowRoot!.querySelector('button.download'))).to.equal('CSV herunterladen');
  });
});
