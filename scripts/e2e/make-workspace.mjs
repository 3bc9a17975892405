#!/usr/bin/env node
// The folder code-server opens for the real-VS-Code tests: copies of a few fixtures, a gzip capture made on the fly,
// an sccp-hex dump and a broken one. Recreated from scratch on every call.  Usage: make-workspace.mjs DIR
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: make-workspace.mjs DIR');
  process.exit(2);
}
const captures = join(root, 'test/fixtures/captures');
const hex = join(root, 'test/fixtures/hex');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

for (const name of ['skinny-call-rtp.pcap', 'skinny-register.pcapng', 'hostile-names.pcap', 'srst_secure.pcapng']) copyFileSync(join(captures, name), join(dir, name));
// The same call as a .pcap.gz: the gzip form must open in the same editor and decode the same.
writeFileSync(join(dir, 'skinny-call-rtp.pcap.gz'), gzipSync(readFileSync(join(captures, 'skinny-call-rtp.pcap'))));
// A second copy the settings test reopens, so that it does not disturb the editor of the first.
copyFileSync(join(captures, 'skinny-call-rtp.pcap'), join(dir, 'settings-probe.pcap'));
// An OpenReceiveChannelAck as a plain hex dump (the language server's hover), and the same one cut short.
const ack = readFileSync(join(hex, 'open_receive_ack_7961_v22_sanitized.hex'), 'utf8');
writeFileSync(join(dir, 'open-receive-ack.sccphex'), ack);
writeFileSync(join(dir, 'broken.sccphex'), ack.split('\n').slice(0, 2).join('\n') + '\n');
// A picture for VS Code's own image preview (a built-in webview editor): the editor benchmark's reference.
copyFileSync(join(root, 'docs/screenshots/tree.png'), join(dir, 'reference-image.png'));
// E2E_EXTRA_FILE: a further file linked in (the editor benchmark's big capture), not copied.
if (process.env.E2E_EXTRA_FILE) symlinkSync(resolve(process.env.E2E_EXTRA_FILE), join(dir, basename(process.env.E2E_EXTRA_FILE)));
console.log(`workspace ${dir}`);
