// The capture editor, the SCCP sidebar, the call flow and Export, driven as a user drives them, on
// skinny-call-rtp.pcap (a shared capture with one call and RTP). Saves the README's screenshots to SHOTS
// (docs/screenshots/: editor.png, tree.png, calls.png, callflow.png).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptFirstPick, quickOpen, runCommand, until, webviewFrame } from './workbench.mjs';

const FILE = 'skinny-call-rtp.pcap';
/** The message the scenario selects: the first StartMediaTransmission (its remote address is an ALG field). */
const MESSAGE = 'StartMediaTransmission';
const FIELD = 'remotePortNumber';
let editor;

// The editor webview's parts, by role and test id (src/webview/editor): list rows, the decoded tree, the bytes.
const ROW = '[data-testid="message-row"], [role="row"][data-index]';
const TREE = '[data-testid="field-tree"], [role="tree"]';
const TREE_ITEM = '[data-testid="field-tree"] [role="treeitem"], [role="tree"] [role="treeitem"]';
const BYTE = '[data-testid="hex-byte"], [data-byte]';
const HIGHLIGHTED = '[data-testid="hex-byte"].highlighted, [data-byte].highlighted, [data-byte][aria-selected="true"], [data-testid="hex-byte"][aria-selected="true"]';
const SELECTED_ITEM = '[role="treeitem"][aria-selected="true"]';

/** The label of the selected tree item, without the items nested in it. */
async function selectedLabel() {
  const item = editor.locator(SELECTED_ITEM).first();
  if ((await item.count()) === 0) return '';
  return item.evaluate((el) => {
    const copy = el.cloneNode(true);
    for (const nested of copy.querySelectorAll('[role="treeitem"], [role="group"]')) nested.remove();
    return copy.textContent ?? '';
  });
}

async function shot(page, shots, name) {
  await page.mouse.move(1390, 890); // no hover tooltip in the picture
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(shots, name) });
}

export const tests = [
  {
    name: 'the capture opens in the capture editor with its message list',
    required: true,
    async run({ page }) {
      await quickOpen(page, FILE);
      editor = await webviewFrame(page, ROW, 60_000);
      await until('the whole capture decoded', async () => /62 SCCP messages/.test(await editor.locator('[data-testid="status"]').innerText()), 30_000);
      // The list is virtualised (only the rows in view are in the page): narrow it with the filter box, as a user would.
      await editor.locator('[data-testid="filter"]').fill(`name:${MESSAGE}`);
      await until('StartMediaTransmission in the list', async () => (await editor.locator(ROW).filter({ hasText: MESSAGE }).count()) > 0, 30_000);
      await until('only matching rows', async () => (await editor.locator(ROW).filter({ hasNotText: MESSAGE }).count()) === 0, 10_000);
    },
  },
  {
    name: 'clicking a message shows its decoded tree and highlights its bytes',
    async run({ page, shots }) {
      await editor.locator(ROW).filter({ hasText: MESSAGE }).first().click();
      const tree = editor.locator(TREE).first();
      await tree.waitFor({ timeout: 10_000 });
      await until(`${FIELD} in the tree`, async () => (await tree.innerText()).includes(FIELD));
      await until('highlighted bytes', async () => (await editor.locator(HIGHLIGHTED).count()) > 0);
      await shot(page, shots, 'editor.png');
    },
  },
  {
    name: 'clicking a byte selects the field it belongs to',
    async run() {
      // Select the field so that its bytes are known, select another field, then click the field's first byte:
      // remotePortNumber must be selected again.
      const item = editor.locator(TREE_ITEM).filter({ hasText: FIELD }).first();
      await item.click();
      const bytes = editor.locator(HIGHLIGHTED);
      await until('the field\'s bytes highlighted', async () => (await bytes.count()) >= 1);
      // Remember the byte by its offset (the highlight moves when the selection does).
      const offset = await bytes.first().getAttribute('data-byte');
      assert.ok(offset !== null && /^\d+$/.test(offset), `a highlighted byte with its offset (data-byte=${offset})`);
      await until(`${FIELD} selected in the tree`, async () => (await selectedLabel()).includes(FIELD), 5000);
      await editor.locator(TREE_ITEM).filter({ hasNotText: FIELD }).first().click();
      await until('another field selected', async () => !(await selectedLabel()).includes(FIELD), 5000);
      await editor.locator(`[data-byte="${offset}"]`).first().click();
      await until(`${FIELD} selected from its byte`, async () => (await selectedLabel()).includes(FIELD));
    },
  },
  {
    name: 'the SCCP sidebar shows the Messages and Calls trees',
    async run({ page, shots }) {
      await page.locator('.activitybar .action-item a[aria-label^="SCCP"], .activitybar .action-item[aria-label^="SCCP"]').first().click();
      const messages = page.locator('.pane-header', { hasText: 'Messages' }).first();
      await messages.waitFor({ timeout: 20_000 });
      // Widen the side bar (drag its sash) so that the trees' labels show in the screenshots.
      const bar = await page.locator('.part.sidebar').boundingBox();
      if (bar && bar.width < 500) {
        await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
        await page.mouse.down();
        await page.mouse.move(bar.x + 560, bar.y + bar.height / 2, { steps: 8 });
        await page.mouse.up();
      }
      const rows = page.locator('.pane-body .monaco-list-row');
      await until('Messages tree rows', async () => (await rows.count()) > 0);
      await until('the tree selection follows the editor', async () => (await page.locator('.pane-body .monaco-list-row.selected', { hasText: MESSAGE }).count()) > 0, 10_000).catch(() => {});
      await shot(page, shots, 'tree.png');
      const calls = page.locator('.pane-header', { hasText: 'Calls' }).first();
      if ((await calls.getAttribute('aria-expanded')) !== 'true') await calls.click();
      await until('a call in the Calls tree', async () => (await page.locator('.pane-body .monaco-list-row[aria-level="1"]').count()) > 0);
      // Give the Calls view the room: collapse Messages, expand the call, its first leg and its pinholes.
      if ((await messages.getAttribute('aria-expanded')) === 'true') await messages.click();
      const callsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Calls' }) }).first();
      const expand = async (row) => {
        if ((await row.count()) && (await row.getAttribute('aria-expanded')) === 'false') {
          await row.click();
          await page.keyboard.press('ArrowRight');
        }
      };
      await expand(callsPane.locator('.monaco-list-row[aria-level="1"]').first());
      await until('the call\'s legs', async () => (await callsPane.locator('.monaco-list-row[aria-level="2"]').count()) > 0, 5000);
      await expand(callsPane.locator('.monaco-list-row[aria-level="2"]').first());
      await expand(callsPane.locator('.monaco-list-row[aria-level="2"]', { hasText: 'Pinholes' }).first());
      await shot(page, shots, 'calls.png');
      await messages.click(); // Messages open again for what follows
    },
  },
  {
    name: 'Show Call Flow draws the call as a ladder; clicking an arrow selects its message',
    async run({ page, shots }) {
      await runCommand(page, 'SCCP: Show Call Flow');
      // With no call under the selection the command asks which call: take the first.
      await acceptFirstPick(page, 'Show call flow of');
      const flow = await webviewFrame(page, '[data-testid="callflow-svg"]', 30_000);
      const arrows = flow.locator('[data-testid^="callflow-arrow-"]');
      await until('arrows', async () => (await arrows.count()) > 5);
      assert.ok((await flow.locator('[data-testid^="callflow-column-"]').count()) >= 2, 'a column per party');
      // The diagram wants the width: one editor group (the diagram in front), no side bar for its screenshot.
      await runCommand(page, 'View: Join All Editor Groups');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      await shot(page, shots, 'callflow.png');
      await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
      const arrow = flow.locator('[data-testid^="callflow-arrow-"][role="button"]').filter({ hasText: MESSAGE }).first();
      if ((await arrow.count()) > 0) {
        await arrow.click();
        await until('the arrow selected', async () => (await arrow.getAttribute('aria-pressed')) === 'true');
      }
    },
  },
  {
    name: 'Export Calls as JSON saves the same document as the CLI',
    async run({ page, folder, root }) {
      // Back to the capture editor, so that the export is for this capture.
      await quickOpen(page, FILE);
      await runCommand(page, 'SCCP: Export Calls as JSON');
      // code-server's save dialog is VS Code's simple file dialog: a quick input holding the proposed path.
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      const target = join(folder, 'skinny-call-rtp.calls.json');
      await until('the proposed file name', async () => (await input.inputValue()).endsWith('skinny-call-rtp.calls.json'));
      await page.keyboard.press('Enter');
      await until('the exported file', () => existsSync(target) && readFileSync(target, 'utf8').endsWith('\n'), 15_000);
      const cli = (() => {
        try {
          return execFileSync(process.execPath, [join(root, 'out/src/cli/main.js'), 'calls', join(folder, FILE)], { encoding: 'utf8' });
        } catch (e) {
          if (e.status === 1) return e.stdout; // decoded, with problems
          throw e;
        }
      })();
      assert.equal(readFileSync(target, 'utf8'), cli);
    },
  },
  {
    name: 'back to the editor, each filter match once; the list asks for the rows it scrolls to: End shows the last message',
    async run({ page }) {
      // The webview holds only the rows it was sent for the screen; the last rows come when the list gets there.
      await quickOpen(page, FILE);
      editor = await webviewFrame(page, ROW, 60_000);
      // The editor came back with its filter: each match is listed once (the host used to list them twice, "24 of 62").
      // 12 messages of this capture have a name that starts StartMediaTransmission (the CLI's decode says so too).
      await until('the filtered list', async () => /\b12 of 62 messages shown/.test(await editor.locator('[data-testid="status"]').innerText()), 15_000);
      const shown = await editor.evaluate(() => [...document.querySelectorAll('[data-testid="message-row"]')].map((e) => e.dataset.index));
      assert.equal(new Set(shown).size, shown.length, `each match once: ${shown.join(' ')}`);
      await editor.locator('[data-testid="filter"]').fill('');
      await until('the whole list back', async () => (await editor.locator(ROW).filter({ hasNotText: MESSAGE }).count()) > 0, 15_000);
      await editor.locator('[data-testid="message-list"]').focus();
      await page.keyboard.press('End');
      const last = editor.locator('[data-testid="message-row"].selected');
      await until('row 62 selected and on screen', async () => (await last.count()) === 1 && (await last.getAttribute('data-index')) === '61', 10_000);
      assert.match(await last.innerText(), /^62\b/);
      await page.keyboard.press('Home');
      await until('row 1 selected', async () => (await editor.locator('[data-testid="message-row"].selected').getAttribute('data-index')) === '0', 10_000);
    },
  },
];
