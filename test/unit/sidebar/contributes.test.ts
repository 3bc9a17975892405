/** package.json declares the sidebar's views, commands, menus and settings, with the core's defaults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src/core/analysis/options';
import { DEFAULT_SCCP_PORTS, DEFAULT_TLS_PORTS } from '../../../src/core/session';
import { COMMANDS } from '../../../src/extension/commands/ids';

const ROOT = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

test('settings: ports and ALG thresholds default to the core defaults', () => {
  const props = contributes.configuration.properties;
  assert.deepEqual(props['sccpDissect.sccpPorts'].default, [...DEFAULT_SCCP_PORTS]);
  assert.deepEqual(props['sccpDissect.tlsPorts'].default, [...DEFAULT_TLS_PORTS]);
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]) {
    assert.equal(props[`sccpDissect.alg.${key}`].default, DEFAULT_SETTINGS[key], key);
  }
});

test('views and commands: the SCCP container, both trees, every command in the palette', () => {
  const container = contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === 'sccpDissect');
  assert.ok(container);
  assert.ok(existsSync(join(ROOT, container.icon)), container.icon);
  assert.deepEqual(contributes.views.sccpDissect.map((v: { id: string }) => v.id), ['sccpDissect.messages', 'sccpDissect.calls']);
  const declared = new Set(contributes.commands.map((c: { command: string }) => c.command));
  const palette = new Set(contributes.menus.commandPalette.map((c: { command: string }) => c.command));
  for (const id of Object.values(COMMANDS)) {
    assert.ok(declared.has(id), id);
    assert.ok(palette.has(id), id);
  }
  for (const group of ['view/title', 'view/item/context']) {
    for (const entry of contributes.menus[group]) assert.ok(declared.has(entry.command), `${group}: ${entry.command}`);
  }
});
