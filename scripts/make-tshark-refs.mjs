#!/usr/bin/env node
// Turns tshark's PDML for each capture fixture into a committed reference file, so the differential tests run
// without tshark. For every skinny message: frame, stream, endpoints, ID, name, the message's raw bytes, and every
// field tshark shows (name, shown value, offset and length from the message start).
//
//   node scripts/make-tshark-refs.mjs [capture ...]     (default: every file in test/fixtures/captures/)
//
// Needs tshark (Debian package `tshark`); the output goes to test/fixtures/reference/<capture>.skinny.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { captureFiles, outDir, tsharkVersion } from './tshark-refs.mjs';

const files = captureFiles();
const version = tsharkVersion();

const ATTR = /(\w+)="([^"]*)"/g;
function attrs(line) {
  const out = {};
  for (const m of line.matchAll(ATTR)) out[m[1]] = unescapeXml(m[2]);
  return out;
}
function unescapeXml(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(+d))
    .replace(/&amp;/g, '&');
}

/** Our field names: Wireshark's without `skinny.` and without the address-family suffix. */
function shortName(n) {
  return n.replace(/^skinny\./, '').replace(/\.ipv[46]$/, '');
}

function referenceFor(file) {
  const pdml = execFileSync('tshark', ['-n', '-r', file, '-o', 'tcp.desegment_tcp_streams:TRUE', '-Y', 'skinny', '-T', 'pdml'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const messages = [];
  let pkt = null;
  let msg = null;
  let depth = 0; // nesting of <field> elements inside the current skinny proto
  const stack = []; // open named containers inside skinny
  // Attribute values may span lines (XML bodies), so walk tags, not lines.
  for (const tag of pdml.matchAll(/<\/?[A-Za-z][^>]*>/g)) {
    const line = tag[0];
    if (line.startsWith('<packet>')) {
      pkt = { frame: 0, payload: null, payloadPos: 0, reassembled: null, stream: null, src: null, dst: null, srcPort: null, dstPort: null };
      continue;
    }
    if (!pkt) continue;
    if (msg) {
      if (line.startsWith('</proto>') && depth === 0) {
        messages.push(finish(msg, pkt));
        msg = null;
        continue;
      }
      if (line.startsWith('<field')) {
        const a = attrs(line);
        const selfClosing = line.endsWith('/>');
        const size = +a.size;
        const name = a.name ?? '';
        if (name === '_ws.malformed' || name === '_ws.expert' || name.startsWith('_ws.expert')) msg.malformed = true;
        if (name === 'skinny.messageId') msg.name = /^Message ID: (.*) \(\d+\)$/.exec(a.showname ?? '')?.[1] ?? null;
        if (name.startsWith('skinny.') && size > 0) {
          msg.fields.push({
            name: shortName(name),
            show: a.show,
            offset: +a.pos - msg.pos,
            length: size,
            value: a.value ?? null,
            leaf: selfClosing,
            parent: stack.length ? stack[stack.length - 1] : null,
          });
        }
        if (!selfClosing) {
          depth++;
          stack.push(name ? shortName(name) : a.show ?? '');
        }
        continue;
      }
      if (line.startsWith('</field>')) {
        depth--;
        stack.pop();
        continue;
      }
      if (line.startsWith('<proto')) {
        // a sub-protocol inside skinny (e.g. xml): count it as a container
        if (!line.endsWith('/>')) {
          depth++;
          stack.push(attrs(line).name ?? '');
        }
        continue;
      }
      if (line.startsWith('</proto>')) {
        depth--;
        stack.pop();
        continue;
      }
      continue;
    }
    if (line.startsWith('<field')) {
      const a = attrs(line);
      switch (a.name) {
        case 'num':
          if (!pkt.frame) pkt.frame = +a.show;
          break;
        case 'tcp.payload':
          pkt.payload = a.value;
          pkt.payloadPos = +a.pos;
          break;
        case 'tcp.reassembled.data':
          pkt.reassembled = a.value;
          break;
        case 'tcp.stream':
          pkt.stream = +a.show;
          break;
        case 'ip.src':
        case 'ipv6.src':
          pkt.src = a.show;
          break;
        case 'ip.dst':
        case 'ipv6.dst':
          pkt.dst = a.show;
          break;
        case 'tcp.srcport':
          pkt.srcPort = +a.show;
          break;
        case 'tcp.dstport':
          pkt.dstPort = +a.show;
          break;
      }
      continue;
    }
    if (line.startsWith('<proto name="skinny"')) {
      const a = attrs(line);
      msg = { pos: +a.pos, size: +a.size, fields: [], malformed: false, name: null };
      depth = 0;
      stack.length = 0;
    }
  }
  return messages;
}

function finish(msg, pkt) {
  // A message whose position lies before the TCP payload was reassembled from several segments: its bytes are in
  // the reassembled data; otherwise they are in this frame's payload.
  let bytes = null;
  if (pkt.payload !== null && msg.pos >= pkt.payloadPos) {
    const from = (msg.pos - pkt.payloadPos) * 2;
    bytes = pkt.payload.slice(from, from + msg.size * 2);
  } else if (pkt.reassembled) {
    bytes = pkt.reassembled.slice(msg.pos * 2, (msg.pos + msg.size) * 2);
  }
  const idField = msg.fields.find((f) => f.name === 'messageId');
  return {
    frame: pkt.frame,
    stream: pkt.stream,
    src: pkt.src,
    srcPort: pkt.srcPort,
    dst: pkt.dst,
    dstPort: pkt.dstPort,
    id: idField ? +idField.show : null,
    name: msg.name,
    reassembled: msg.pos < pkt.payloadPos,
    malformed: msg.malformed,
    bytes,
    fields: msg.fields.map(({ name, show, offset, length, value, leaf, parent }) => ({ name, show, offset, length, value, leaf, parent })),
  };
}

for (const file of files) {
  const messages = referenceFor(file);
  const doc = { capture: basename(file), tshark: version, command: 'tshark -n -r FILE -Y skinny -T pdml', messages };
  const out = join(outDir, `${basename(file)}.skinny.json`);
  writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
  console.log(`${basename(file)}: ${messages.length} messages -> ${out}`);
}
