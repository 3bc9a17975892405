/** "Open Decoded as Text" shows what `sccp-dissect decode --format text` prints, byte for byte. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { decodedText } from '../../../src/extension/commands/decoded-text';
import { findFrame } from '../../../src/extension/commands/find-frame';
import { CAPTURES, decodeFixture } from './fixture';

const CLI = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

function cliText(name: string): string {
  const r = spawnSync(process.execPath, [CLI, 'decode', '--format', 'text', join(CAPTURES, name)], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

for (const name of ['skinny-call-rtp.pcap', 'srst_secure.pcapng', 'sccp_hw_conf.pcapng']) {
  test(`decoded text equals the CLI's: ${name}`, () => {
    const { messages, tls } = decodeFixture(name);
    const text = decodedText(messages, tls);
    assert.ok(text.length > 0);
    assert.equal(text, cliText(name));
  });
}

test('go to frame: the message of the frame, a split message by any of its frames, else the next frame', () => {
  const { messages } = decodeFixture('skinny-call-rtp.pcap');
  const at30 = findFrame(messages, 30)!;
  assert.equal(messages[at30]!.frame, 30);
  assert.equal(at30, messages.findIndex((m) => m.frame === 30));
  // Frame 8 carries no SCCP: the first message of frame 9.
  assert.ok(!messages.some((m) => m.frame === 8));
  assert.equal(messages[findFrame(messages, 8)!]!.frame, 9);
  assert.equal(findFrame(messages, 100000), undefined);
  const split = [{ frame: 3, frames: [3] }, { frame: 6, frames: [4, 5, 6] }];
  assert.equal(findFrame(split, 5), 1);
  assert.equal(findFrame(split, 1), 0);
});
