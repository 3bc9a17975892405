export const USAGE = `sccp-dissect: decode Cisco SCCP (Skinny) from packet captures

Usage:
  sccp-dissect decode FILE [--format ndjson|json|text] [--sccp-port N]... [--tls-port N]... [--out F]
  sccp-dissect calls FILE [--out F] [--call-flood N] [--registration-flood N] [--inactive-media-timeout S]
  sccp-dissect stats FILE [--format text|json] [--out F]
  sccp-dissect catalog [--format text|json|md] [--out F]
  sccp-dissect --help

FILE is a .pcap or .pcapng capture, optionally gzip-compressed, or a text hex dump (xxd, hexdump -C, od, tcpdump -x,
Wireshark/text2pcap, plain hex): the format is detected from its first bytes, not its name.

decode
  Prints every SCCP message in the order messages complete.
  --format ndjson   one JSON object per message per line (default)
  --format json     one JSON array of all messages
  --format text     a readable tree per message
  --sccp-port N     a TCP port that carries SCCP (repeatable; default 2000)
  --tls-port N      a TCP port that carries SCCP over TLS (repeatable; default 2443): its TLS version, cipher suite
                    and certificate names are reported; the SCCP inside is decoded only for NULL-cipher sessions
  --out F           write to F instead of standard output

  Each JSON message has: frame (1-based number of the frame carrying its last byte), time (UTC), stream (TCP
  stream index), src, srcPort, dst, dstPort, direction, headerVersion, id, idHex, name, length, fields (name,
  value, display, offset and length in bytes from the start of the message, children), media (each media
  address the message carries, with its role and call identifiers) and problems (code, message, offset).
  Field names are Wireshark's skinny field names without the "skinny." prefix.
  Problems outside messages (capture file, TCP gaps, resynchronisation) are printed to standard error.
  SCCP-over-TLS connections are summarised in the text tree (and as "note:" lines on standard error for the JSON
  formats); messages read from a NULL-cipher TLS session carry "tls": true.

calls
  Writes one JSON document (schema/calls.schema.json, docs/calls.md): the capture file, stations and their
  registrations, calls (legs, parties, call states, start/answer/end, media legs with the negotiated endpoints and
  the RTP/RTCP seen: packets, loss, jitter), RTP nobody negotiated, the firewall ALG view (pinholes, NAT
  mismatches, media outside pinholes, split messages, call and registration floods, message IDs outside the
  JUNOS ALG intervals, unknown IDs), diagnostics and statistics. Takes --sccp-port, --tls-port and --out, and:
  --call-flood N              calls a station may originate per minute (default 20, the JUNOS ALG default)
  --registration-flood N      RegisterReq per IP address per minute (default 10)
  --inactive-media-timeout S  seconds without RTP/RTCP before the ALG closes a call's pinholes (default 120)

stats
  Message counts by ID and direction, and the request/response time table (count, min, mean, max in ms),
  with requests left unanswered and responses without a request. --format text (default) or json; takes
  --sccp-port, --tls-port and --out.

catalog
  Lists every message the decoder knows: ID, name, direction, class and group (text), the whole catalog with
  purposes and ALG annotations (json), or the reference page docs/messages.md (md).

Exit status: 0 when the file was read cleanly, 1 when it was read with problems (the output is still written),
2 on bad usage or an unreadable file.
`;
