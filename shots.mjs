import { launchChromium, serve, storybookStatic } from './tests/stories/harness.mjs';
const site = await serve({ mounts: { '/': storybookStatic } });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
for (const id of process.argv.slice(2)) {
  await page.goto(`${site.origin ?? site.url}/iframe.html?id=${id}&viewMode=story`);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/shot-${id}.png` });
}
await browser.close();
await site.close();
